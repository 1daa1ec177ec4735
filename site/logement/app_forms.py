"""Forms of the web app itself (the Cerfa's questions are in the top-level `forms`)."""

from babel import support
from flask import has_request_context, request
from flask_babel import get_locale, lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.form import _Auto
from flask_wtf.file import FileField
from wtforms import HiddenField, StringField
from wtforms.i18n import messages_path
from wtforms.validators import ValidationError

from forms import PageForm, form_class

from . import resume_codes


def small_number(value) -> int:
    """A revision or a list index sent back by a page; -1 when it is not one."""
    value = (value or "").strip()
    return int(value) if value.isascii() and value.isdigit() and len(value) < 10 else -1


SUBMIT_METHODS = {"POST", "PUT", "PATCH", "DELETE"}


class WTFormsMessages:
    """WTForms' own messages in the page's language, as Flask-WTF gives them, but each
    catalog read once per process instead of once per request (a quarter of a
    millisecond each time)."""

    def __init__(self):
        self._catalogs = {}

    def _catalog(self):
        if not has_request_context():
            return None
        locale = get_locale()
        key = str(locale)
        if key not in self._catalogs:
            self._catalogs[key] = support.Translations.load(messages_path(), [locale],
                                                            domain="wtforms")
        return self._catalogs[key]

    def gettext(self, string):
        catalog = self._catalog()
        return string if catalog is None else catalog.ugettext(string)

    def ngettext(self, singular, plural, n):
        catalog = self._catalog()
        if catalog is None:
            return singular if n == 1 else plural
        return catalog.ungettext(singular, plural, n)


WTFORMS_MESSAGES = WTFormsMessages()


class SiteForm(FlaskForm):
    """Every form of the site: Flask-WTF's, with WTForms' messages read once."""

    class Meta:
        def get_translations(self, form):
            return WTFORMS_MESSAGES


class TextForm(SiteForm):
    """A form of text fields: reads the form body only, never uploaded files or
    JSON (a file sent in place of a text answer is simply missing)."""

    class Meta:
        def wrap_formdata(self, form, formdata):
            if formdata is _Auto:
                submitted = request.method in SUBMIT_METHODS and request.form
                return request.form if submitted else None
            return formdata


class CheckedPageForm(TextForm, PageForm):
    """A page of questions with CSRF (the renewal calculator)."""


class QuestionForm(CheckedPageForm):
    """A Cerfa page's form, with CSRF and the page revision it was read at."""

    page_revision = HiddenField()

    def seen_revision(self) -> int:
        return small_number(self.page_revision.data)


_question_forms = {}


def question_form_class(page):
    if page.slug not in _question_forms:
        _question_forms[page.slug] = form_class(page, base=QuestionForm)
    return _question_forms[page.slug]


class ActionForm(TextForm):
    """A button that changes something: only its CSRF token is checked."""


class DossierUploadForm(SiteForm):
    dossier = FileField(_l("Fichier de la demande (.json)"))

    def validate_dossier(self, field):
        if not field.data or not getattr(field.data, "filename", ""):
            raise ValidationError(_l("Choisissez le fichier de votre demande"))


class ResumeForm(TextForm):
    code = StringField(_l("Code de reprise"))

    def validate_code(self, field):
        if not (field.data or "").strip():
            raise ValidationError(_l("Saisissez votre code de reprise"))
        self.code_kind, self.normalised_code = resume_codes.classify(field.data)
        if self.code_kind is resume_codes.Kind.TYPO:
            raise ValidationError(_l(
                "Ce code contient une faute de frappe : vérifiez chaque chiffre et chaque "
                "lettre"))
        if self.code_kind is resume_codes.Kind.MALFORMED:
            raise ValidationError(_l(
                "Le code de reprise comporte 20 chiffres et lettres, par exemple "
                "7K2QM-XP4AR-9TDH3-B6WN6 : vérifiez-le"))
