"""Template helpers: how answers read on screen, and what every page needs."""

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field

from flask import g, has_request_context, make_response, session, url_for
from flask_babel import force_locale, format_date, get_locale
from flask_babel import lazy_gettext as _l
from flask_babel.speaklater import LazyString
from markupsafe import Markup, escape

from forms import SECTIONS, active_pages, cautions, documents
from forms.cerfa import person_name

from . import resume_codes
from .i18n import current


def long_date(date: dt.date) -> str:
    return format_date(date, format="long")


NOT_GIVEN = _l("Non renseigné")


def once(message) -> str:
    """A lazy string of the code (a choice's label…) in the reader's language, looked up
    once per request and language: a household's page repeats the same few many times."""
    if not isinstance(message, LazyString) or not has_request_context():
        return str(message)  # a stored value that is no longer a choice is shown as is
    key = (id(message), str(get_locale()))
    translated = g.setdefault("translated", {})
    if key not in translated:
        translated[key] = str(message)
    return translated[key]


def answer_text(question, value) -> str:
    """An answer as the person reads it on the review page, as its kind words it."""
    kind = question.answer_kind
    if value in (None, "") and not kind.tick_box:
        return once(NOT_GIVEN)
    return kind.text(question, value, once)


# -- The answers page: one card per task and per person -------------------------------

BACK_TO_REVIEW = "recapitulatif"
# An address is typed in these boxes (prefix address_, mail_, work_, property_); on the
# answers page it reads as one postal address, in the French order of its lines.
ADDRESS_LINES = (("apartment", "floor", "staircase"), ("building", "complement"),
                 ("number", "street"), ("locality",), ("postcode", "city"), ("country",))
ADDRESS_PARTS = {part for line in ADDRESS_LINES for part in line}
LABELLED_PARTS = {"apartment", "floor", "staircase", "building"}  # "Bâtiment B"
ADDRESS_LABELS = {"work_": _l("Lieu de travail principal")}  # otherwise the page's title
PERSON_ROLES = {"coapplicants": documents.COAPPLICANT, "dependants": documents.DEPENDANT,
                "other_children": documents.OTHER_CHILD, "flatmates": documents.FLATMATE}


@dataclass
class Row:
    """One line of a summary list: a question (or an address) and its answer."""

    label: object
    value: object = None  # text; None while the page is not answered
    href: str | None = None  # its own change link, if any
    box: str | None = None
    wording: object = None  # the question as on the Cerfa, shown outside French
    names: tuple = ()  # a list of people, shown as their names
    context: object = None  # the page, to tell two rows of the same label apart

    @property
    def pending(self):
        return self.value is None and not self.names


@dataclass
class Group:
    """What a page (or a person's page) gave: rows, optional questions left blank."""

    rows: list = field(default_factory=list)
    blank: list = field(default_factory=list)
    unticked: list = field(default_factory=list)


@dataclass
class PersonPage(Group):
    title: object = ""
    href: str = ""
    pending: bool = False


@dataclass
class Person:
    heading: Markup
    name: Markup  # for the hidden text of change links
    pages: list = field(default_factory=list)


@dataclass
class Card(Group):
    title: object = ""
    people: list = field(default_factory=list)


def review_cards(application) -> list:
    """The answers page: one card per task, a card inside it per person of its lists."""
    asked = active_pages(application.answers)
    cards = []
    for section in SECTIONS:
        for task in section.tasks:
            card = Card(title=task.title)
            for page in (p for p in task.pages if p in asked):
                _add_page(card, page, application)
            cards.append(card)
    _tell_apart([row for card in cards for row in card.rows])
    _translate_once(cards)
    return cards


def _translate_once(cards):
    """Every label of the cards translated once, as the page would show it: the template
    then prints text instead of asking the catalogue again at each use (a question's
    label in its row, its change link, its Cerfa wording…: about a thousand look-ups on
    the largest household's page)."""
    shown, french_words = {}, {}

    def text(value):  # a lazy string as its HTML (i18n._message_html), once
        if not isinstance(value, LazyString):
            return value
        if id(value) not in shown:
            shown[id(value)] = value.__html__()
        return shown[id(value)]

    groups = [card for card in cards] + [page for card in cards for person in card.people
                                         for page in person.pages]
    rows = [row for group in groups for row in group.rows]
    if current() != "fr":  # the Cerfa's own words, shown outside French: all in one go
        with force_locale("fr"):
            for row in rows:
                if isinstance(row.wording, LazyString):
                    if id(row.wording) not in french_words:
                        french_words[id(row.wording)] = str(row.wording)
                    row.wording = french_words[id(row.wording)]
    for row in rows:
        row.label, row.value, row.context = text(row.label), text(row.value), text(row.context)
    for group in groups:
        group.title = text(group.title)
        group.blank = [text(label) for label in group.blank]
        group.unticked = [text(label) for label in group.unticked]


def _add_page(card, page, application):
    answers, done = application.answers, page.slug in application.done
    if page.collection is not None:
        items = answers.get(page.collection.name) or []
        question = page.questions[0]
        card.rows.append(Row(
            question.label, href=url_for("people.summary", slug=page.slug),
            value=None if not done else (None if items else _l("Aucune personne")),
            names=tuple(person_label(page.collection, item, n)
                        for n, item in enumerate(items, 1))))
        card.people += [_person(page, item, n) for n, item in enumerate(items, 1)]
        return
    href = url_for("application.question", slug=page.slug, retour=BACK_TO_REVIEW)
    single = page.single_question
    group = _page_group(page, answers, href)
    whole_page = Row(single.label if single else page.title, href=href,
                     box=single.box if single else None,
                     wording=single.label if single and single.on_form else None)
    if not done:  # "À compléter", then what was saved so far
        card.rows += [whole_page] + group.rows
        return
    if not group.rows:  # nothing answered on this page: one line, one way to it
        only_boxes = group.unticked and not group.blank
        whole_page.value = _l("Aucune case cochée") if only_boxes else _l("Non renseigné")
        card.rows.append(whole_page)
        return
    card.rows += group.rows
    card.blank += group.blank
    card.unticked += group.unticked


def _page_group(page, answers, href=None) -> Group:
    """The rows of one page's answers. With `href`, each row has its own change link."""
    group = Group()
    addresses = address_groups(page)
    for q in page.questions:
        if q.only_when and not q.only_when.holds(answers):
            continue  # not asked (an end date without the box that asks it)
        prefix = next((p for p, parts in addresses.items() if q in parts), None)
        if prefix is not None:
            if q is addresses[prefix][0]:  # the whole address, where its first box is
                label = ADDRESS_LABELS.get(prefix, page.title)
                text = format_address(addresses[prefix], answers)
                if text:
                    group.rows.append(Row(label, text, href and f"{href}#{input_id(q)}",
                                          context=page.title))
                else:
                    group.blank.append(label)
            continue
        value = answers.get(q.name)
        if q.answer_kind.tick_box and not value:
            group.unticked.append(q.label)
        elif value in (None, "", []):
            group.blank.append(q.label)
        else:
            anchor = q.answer_kind.anchor(q, value)
            group.rows.append(Row(q.label, answer_text(q, value),
                                  href and f"{href}#{anchor}", box=q.box,
                                  wording=q.label if q.on_form else None, context=page.title))
    return group


def address_groups(page) -> dict:
    """prefix -> the questions of one address on this page (two boxes or more)."""
    groups = {}
    for q in page.questions:
        prefix, _, part = q.name.rpartition("_")
        if part in ADDRESS_PARTS and prefix:
            groups.setdefault(f"{prefix}_", []).append(q)
    return {prefix: qs for prefix, qs in groups.items() if len(qs) > 1}


def format_address(questions, answers) -> str:
    """An address on lines, as on an envelope: 'Bâtiment B', '12 bis rue de la Paix'…"""
    parts = {q.name.rpartition("_")[2]: (q, answers.get(q.name)) for q in questions}
    lines = []
    for line in ADDRESS_LINES:
        words = []
        for part in line:
            q, value = parts.get(part, (None, None))
            if value:
                words.append(f"{q.label} {value}" if part in LABELLED_PARTS else str(value))
        separator = ", " if line[0] in LABELLED_PARTS else " "
        if words:
            lines.append(separator.join(words))
    return "\n".join(lines)


def _person(page, item, number) -> Person:
    collection = page.collection
    name = typed_data(person_label(collection, item, number))
    role = CHECKLIST_HEADINGS[PERSON_ROLES[collection.name]]
    person = Person(heading=escape(str(role)) % {"name": name}, name=name)
    for step_number, step in enumerate(collection.steps, 1):
        group = _page_group(step, item)
        missing = any(q.required and item.get(q.name) in (None, "", [])
                      for q in step.questions)
        href = url_for("people.item", slug=page.slug, number=number, step=step_number,
                       retour=BACK_TO_REVIEW)
        if missing:  # "À compléter", then what was saved so far
            group = Group(rows=group.rows)
        person.pages.append(PersonPage(title=step.title, href=href, pending=missing,
                                       rows=group.rows, blank=group.blank,
                                       unticked=group.unticked))
    return person


def person_label(collection, item, number) -> str:
    """A person of a list by their name, or by their place in it before it is known."""
    return person_name(item) or str(_l("%(title)s %(number)s", title=collection.item_title,
                                       number=number))


def _tell_apart(rows):
    """Two rows with the same label (rooms of two homes) get their page's title too."""
    counts = Counter(str(row.label) for row in rows)
    for row in rows:
        if counts[str(row.label)] > 1 and row.context:
            row.label = _l("%(question)s (%(page)s)", question=row.label, page=row.context)


def init_app(app):
    app.jinja_env.add_extension("jinja2.ext.do")
    app.jinja_env.filters["resume_code"] = resume_codes.display
    app.jinja_env.filters["long_date"] = long_date
    app.jinja_env.filters["data"] = typed_data
    app.jinja_env.globals.update(answer_text=answer_text, input_attributes=input_attributes,
                                 input_id=input_id, error_links=error_links,
                                 item_text=item_text, person_name=person_name,
                                 person_label=person_label,
                                 checklist_heading=checklist_heading,
                                 answer_cautions=cautions.cautions)

    @app.context_processor
    def application_open():
        return {"application_open": bool(session.get("application_id"))}


NAME_QUESTIONS = ("last_name", "birth_name", "usage_name", "first_names")


def item_text(collection, item) -> str:
    """One person of a list, on one line: the answers of their first page but the names."""
    return ", ".join(answer_text(q, item.get(q.name)) for q in collection.steps[0].questions
                     if q.name not in NAME_QUESTIONS and not q.answer_kind.tick_box)


def input_attributes(question) -> dict:
    """The attributes of a text input, from the kind of answer it takes."""
    return question.answer_kind.input_attributes(question)


def input_id(question) -> str:
    """The id of the first input of a question: where error and change links point."""
    return question.answer_kind.first_input(question)


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
