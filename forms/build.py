"""WTForms classes built from the Cerfa data in `cerfa.py`.

A page's form keeps exactly what the person typed (shown back with the errors)
and, once valid, gives the normalised answers with `answers()`.
"""

import datetime as dt
import unicodedata

from flask_babel import lazy_gettext as _l
from wtforms import Field, Form, StringField
from wtforms.validators import StopValidation

from . import rules
from .cerfa import Page, Question, income_years


CHECKED = "oui"


class DatePartsField(Field):
    """A date typed in three boxes (day, month, year), kept as typed."""

    PARTS = ("day", "month", "year")

    def process(self, formdata, data=None, extra_filters=None):
        self.process_errors = []
        self.data = data
        if formdata is not None and any(f"{self.name}-{p}" in formdata for p in self.PARTS):
            self.parts = {p: formdata.get(f"{self.name}-{p}", "") for p in self.PARTS}
            self.raw_data = [self.parts[p] for p in self.PARTS]
        else:
            self.raw_data = None
            self.parts = dict(zip(self.PARTS, _iso_to_parts(data)))

    def is_empty(self):
        return not any((v or "").strip() for v in self.parts.values())


def _iso_to_parts(value):
    try:
        date = dt.date.fromisoformat(value)
    except (TypeError, ValueError):
        return ("", "", "")
    return (str(date.day), str(date.month), str(date.year))


class ChoicesField(Field):
    """Several boxes under one name: the values ticked, in the order of the choices."""

    def process(self, formdata, data=None, extra_filters=None):
        self.process_errors = []
        if formdata is not None and self.name in formdata:
            self.raw_data = formdata.getlist(self.name)
            self.data = self.raw_data
        elif formdata is not None:
            self.raw_data, self.data = [], []
        else:
            self.raw_data, self.data = None, list(data or [])


class QuestionCheck:
    """Required (or required when another answer says so), length, then the rule of its kind."""

    def __init__(self, question: Question):
        self.question = question

    def __call__(self, form, field):
        try:
            self._check(form, field)
        except rules.Invalid as error:
            raise StopValidation(str(error.message)) from None

    def _check(self, form, field):
        question = self.question
        if question.only_when and not question.only_when.holds(form.raw_values()):
            field.clean = None  # e.g. A1 for a first application: not asked, not kept
            return
        if isinstance(field, DatePartsField):
            empty = field.is_empty()
        elif isinstance(field, ChoicesField):
            empty = not field.data
        else:
            empty = not (field.data or "").strip()
        if empty:
            field.clean = None
            if question.required or (question.required_when and
                                     question.required_when.holds(form.raw_values())):
                raise rules.Invalid(question.required_message)
            return
        if isinstance(field, DatePartsField):
            field.clean = self._date(field).isoformat()
            return
        if isinstance(field, ChoicesField):
            field.clean = self._choices(field.data)
            return
        value = field.data if question.kind == "textarea" else rules.western_digits(field.data)
        if len(value) > question.max_length:
            raise rules.Invalid(_l(
                "« %(label)s » : %(max)s caractères au plus ; vous en avez saisi %(count)s",
                label=question.label, max=question.max_length, count=len(value)))
        # Line breaks are welcome in a text area, nowhere else.
        printable = value.replace("\r", "").replace("\n", " ") if question.kind == "textarea" \
            else value
        rules.check_printable(printable, label=question.label)
        field.clean = self._parse(form, unicodedata.normalize("NFC", value.strip()))

    def _choices(self, values):
        q = self.question
        allowed = [value for value, _label in q.choices]
        if any(value not in allowed for value in values):
            raise rules.Invalid(_l("Cochez seulement les cases proposées"))
        chosen = [value for value in allowed if value in values]
        if q.max_choices and len(chosen) > q.max_choices:
            raise rules.Invalid(_l("Cochez %(max)s cases au plus ; vous en avez coché %(count)s",
                                   max=q.max_choices, count=len(chosen)))
        return chosen

    def _date(self, field):
        q = self.question
        return rules.parse_date_parts(
            field.parts["day"], field.parts["month"], field.parts["year"],
            label=_l("La date"), today=dt.date.today(), past_only=q.past_only)

    def _parse(self, form, value):
        q = self.question
        if q.kind == "checkbox":
            if value != CHECKED:
                raise rules.Invalid(_l("Cochez la case ou laissez-la vide"))
            return value
        if q.kind == "radios":
            if value not in dict(q.choices):
                raise rules.Invalid(q.required_message or _l("Choisissez une des réponses proposées"))
            return value
        if q.kind == "postcode":
            country = form.raw_values().get(q.name.replace("postcode", "country"), "")
            return rules.parse_postcode(value, country=country)
        if q.kind == "textarea":
            return "\n".join(" ".join(line.split()) for line in value.splitlines()).strip()
        if q.kind == "integer":
            return rules.parse_whole_number(value, label=q.label, maximum=q.maximum)
        parser = {
            "siren": rules.parse_siren,
            "siret": rules.parse_siret,
            "nir": rules.parse_nir,
            "registration_number": rules.parse_registration_number,
            "phone": rules.parse_phone,
            "email": rules.parse_email,
            "name": lambda v: rules.parse_name(v, label=q.label),
        }.get(q.kind)
        return parser(value) if parser else " ".join(value.split())


class PageForm(Form):
    """Base of every page's form; `page` is set on the generated subclass."""

    page: Page
    # The answers already saved on other pages, for rules that span pages.
    known_answers: dict = {}

    def question_fields(self):
        return [(q, self[q.name]) for q in self.page.questions]

    def raw_values(self):
        return {q.name: (f.parts if isinstance(f, DatePartsField) else f.data)
                for q, f in self.question_fields()}

    def validate(self, extra_validators=None):
        valid = super().validate(extra_validators)
        values = self.answers()
        for check in self.page.checks:
            for name, message in check(values, self.known_answers).items():
                if not self[name].errors:  # one message per field: its own comes first
                    self[name].errors = [str(message)]
                    valid = False
        return valid

    def answers(self):
        """Normalised answers of this page (only once validated); empty ones are None.
        An income amount of N-2 or N-1 comes with the year it was given for."""
        values = {q.name: getattr(f, "clean", None) for q, f in self.question_fields()}
        return {**values, **income_years(self.page, values)}


def form_class(page: Page, base=PageForm):
    """A form class for one question page, on `base` (the web app adds CSRF)."""
    attrs = {"page": page}
    for question in page.questions:
        attrs[question.name] = _field_for(question)
    return type(f"{page.slug.title().replace('-', '')}Form", (base,), attrs)


def _field_for(question: Question):
    check = [QuestionCheck(question)]
    if question.kind == "date":
        return DatePartsField(question.label, validators=check)
    if question.kind == "checkboxes":
        return ChoicesField(question.label, validators=check)
    # Radios are drawn by the templates from the question's choices and checked by
    # QuestionCheck: the field only has to keep the submitted value.
    return StringField(question.label, validators=check)
