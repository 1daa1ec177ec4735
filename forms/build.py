"""WTForms classes built from the Cerfa data in `cerfa.py`.

A page's form keeps exactly what the person typed (shown back with the errors)
and, once valid, gives the normalised answers with `answers()`.
"""

from wtforms import Form
from wtforms.validators import StopValidation

from . import rules
from .cerfa import Page, Question, income_years


class QuestionCheck:
    """Required (or required when another answer says so), then the rule of its kind
    (forms/kinds.py)."""

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
        kind = question.answer_kind
        if kind.is_empty(field):
            field.clean = None
            if question.required or (question.required_when and
                                     question.required_when.holds(form.raw_values())):
                raise rules.Invalid(question.required_message)
            return
        field.clean = kind.clean(question, field, form)


class PageForm(Form):
    """Base of every page's form; `page` is set on the generated subclass."""

    page: Page
    # The answers already saved on other pages, for rules that span pages.
    known_answers: dict = {}

    def question_fields(self):
        return [(q, self[q.name]) for q in self.page.questions]

    def raw_values(self):
        return {q.name: q.answer_kind.raw(f) for q, f in self.question_fields()}

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
    # Radios are drawn by the templates from the question's choices and checked by
    # QuestionCheck: their field only has to keep the submitted value.
    return question.answer_kind.form_field(question.label, validators=[QuestionCheck(question)])
