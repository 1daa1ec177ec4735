"""The Cerfa's questions: structure as data, validation rules, WTForms classes.

This package never imports the web application.
"""

from . import dossier, editions
from .build import PageForm, form_class
from .cerfa import PAGES, PAGES_BY_SLUG, SECTIONS, TASKS, active_answers, active_pages
from .kinds import DatePartsField

__all__ = ["DatePartsField", "dossier", "editions", "PAGES", "PAGES_BY_SLUG", "PageForm", "SECTIONS",
           "TASKS", "active_answers", "active_pages", "form_class"]
