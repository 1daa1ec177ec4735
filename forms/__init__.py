"""The Cerfa's questions: structure as data, validation rules, WTForms classes.

This package never imports the web application.
"""

from . import dossier
from .build import PageForm, form_class
from .kinds import DatePartsField
from .cerfa import EDITION, PAGES, PAGES_BY_SLUG, SECTIONS, TASKS, active_answers, active_pages

__all__ = ["DatePartsField", "dossier", "EDITION", "PAGES", "PAGES_BY_SLUG", "PageForm", "SECTIONS",
           "TASKS", "active_answers", "active_pages", "form_class"]
