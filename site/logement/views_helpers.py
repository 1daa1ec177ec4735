"""Template helpers: how answers read on screen, and what every page needs."""

import datetime as dt

from flask import make_response, session
from flask_babel import format_date
from flask_babel import lazy_gettext as _l
from markupsafe import Markup

from forms import cautions, documents, rules
from forms.cerfa import person_name

from . import resume_codes
from .i18n import money

EURO_BOXES = {"F29", "F30"}  # rent, housing aid
FORMATTERS = {
    "date": lambda value: long_date(dt.date.fromisoformat(value)),
    "nir": rules.format_nir,
    "phone": rules.format_phone,
}


def long_date(date: dt.date) -> str:
    return format_date(date, format="long")


def answer_text(question, value) -> str:
    """An answer as the person reads it on the review page."""
    if question.kind == "checkbox":
        return str(_l("Oui") if value else _l("Non"))
    if value in (None, ""):
        return str(_l("Non renseigné"))
    if question.kind == "integer" and question.box and (
            question.box.startswith("E") or question.box in EURO_BOXES):
        return money(value, question.deduction)
    if question.kind == "radios":
        return str(question.choice_label(value))
    if question.kind == "checkboxes":
        return ", ".join(str(question.choice_label(v)) for v in value)
    if question.kind == "communes":
        return "\n".join(
            f"{n}. {c['name']} ({_l('toute la ville') if c.get('whole_city') else c['postcode']})"
            for n, c in enumerate(value, 1))
    if question.kind == "collection":
        return "\n".join(f"{n}. {person_name(item)}" for n, item in enumerate(value, 1))
    return FORMATTERS.get(question.kind, str)(value)


def init_app(app):
    app.jinja_env.add_extension("jinja2.ext.do")
    app.jinja_env.filters["resume_code"] = resume_codes.display
    app.jinja_env.filters["long_date"] = long_date
    app.jinja_env.filters["data"] = typed_data
    app.jinja_env.globals.update(answer_text=answer_text, input_attributes=input_attributes,
                                 input_id=input_id, error_links=error_links,
                                 item_text=item_text, person_name=person_name,
                                 checklist_heading=checklist_heading,
                                 answer_cautions=cautions.cautions)

    @app.context_processor
    def application_open():
        return {"application_open": bool(session.get("application_id"))}


INPUT_TYPES = {"phone": "tel", "email": "email"}
NO_SPELLCHECK = {"name", "nir", "registration_number", "phone", "email", "postcode", "integer",
                 "siren", "siret"}
NUMERIC = {"integer", "siren", "siret"}


NAME_QUESTIONS = ("last_name", "birth_name", "usage_name", "first_names")


def item_text(collection, item) -> str:
    """One person of a list, on one line: the answers of their first page but the names."""
    return ", ".join(answer_text(q, item.get(q.name)) for q in collection.steps[0].questions
                     if q.name not in NAME_QUESTIONS and q.kind != "checkbox")


def input_attributes(question) -> dict:
    """The attributes of a text input, from the kind of answer it takes."""
    attributes = {"type": INPUT_TYPES.get(question.kind, "text")}
    if question.autocomplete:
        attributes["autocomplete"] = question.autocomplete
    if question.kind in NO_SPELLCHECK:
        attributes["spellcheck"] = "false"
    if question.kind in NUMERIC:
        attributes["inputmode"] = "numeric"
    if question.kind in ("nir", "registration_number"):
        attributes["autocapitalize"] = "characters"
    return attributes


def input_id(question) -> str:
    """The id of the first input of a question: where error and change links point."""
    if question.kind in ("radios", "checkboxes"):
        return f"{question.name}-{question.choices[0][0]}"
    if question.kind == "date":
        return f"{question.name}-day"
    if question.kind == "communes":
        return "q"
    return question.name


def error_links(form) -> list:
    """(href, message) pairs for the error summary, in the order of the page."""
    questions = {q.name: q for q in getattr(getattr(form, "page", None), "questions", ())}
    first = next(iter(questions.values()), None)
    links = [(f"#{input_id(first) if first else ''}", str(message))
             for message in getattr(form, "form_errors", [])]
    for field in form:
        if field.errors and field.type not in ("CSRFTokenField", "HiddenField"):
            question = questions.get(field.name)
            links.append((f"#{input_id(question) if question else field.id}", str(field.errors[0])))
    return links


CHECKLIST_HEADINGS = {
    documents.APPLICANT: _l("Vous : %(name)s"),
    documents.COAPPLICANT: _l("%(name)s, conjoint ou codemandeur"),
    documents.DEPENDANT: _l("%(name)s, personne à charge"),
    documents.OTHER_CHILD: _l("%(name)s, enfant en garde alternée ou en droit de visite"),
    documents.FLATMATE: _l("%(name)s, colocataire"),
    documents.DEPENDANTS_INCOME: _l("Ressources de vos personnes à charge"),
}


def checklist_heading(person) -> str:
    if person.who == documents.APPLICANT and not person.name:
        return str(_l("Vous"))
    return str(CHECKLIST_HEADINGS[person.who]) % {"name": person.name}


def personal_file(body, content_type: str, filename: str, inline: bool = False):
    """A file made from someone's answers: never cached, downloaded unless shown inline."""
    response = make_response(body)
    response.headers["Content-Type"] = content_type
    response.headers["Content-Disposition"] = \
        f'{"inline" if inline else "attachment"}; filename="{filename}"'
    response.headers["Cache-Control"] = "no-store, private"
    return response


def typed_data(value) -> Markup:
    """What a person typed (a name…), shown inside a sentence: its own direction,
    never machine-translated."""
    return Markup('<bdi translate="no">{}</bdi>').format(value)
