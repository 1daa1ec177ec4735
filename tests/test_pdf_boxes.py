"""Every box a question asks is printed on the Cerfa, and every box printed is asked.

Each answer a question can take (each choice, or one typed value) goes through the
real filling code (logement.pdf.slot_values, then pdf.place with the edition's field
map pdf_templates/14069-04/fields.json). A box missing from the map, or a choice its
box does not know, would otherwise vanish from the printed form without a word.
"""

import pytest

from forms import PAGES
from forms.editions import CURRENT
from forms.kinds import CHECKED
from forms.rules import MAX_LOCATIONS
from hostile_files import valid_value
from logement import create_app, pdf

# Answers that are the site's own and have no box on the Cerfa: each says why.
NOT_ON_THE_FORM = {
    "nir_unknown": "the site's \"I do not know it\": the NIR boxes stay empty",
    "living_situation": "chooses which address pages are asked (address, host, "
                        "domiciliation), each printed in its own boxes",
    "mail_elsewhere": "asks for the mail address page, printed in its own boxes",
}

# A typed answer for the kinds valid_value leaves out.
TYPED = {"checkbox": CHECKED, "registration_number": "071122301000123456",
         "siren": "732829320", "country": "Sénégal"}
PARIS = {"code": "75118", "name": "Paris 18e Arrondissement", "postcode": "75018"}


def possible_answers(question):
    """Every answer that prints differently: each choice, or one typed value."""
    if question.kind == "checkboxes":
        return [[value] for value, _label in question.choices]
    if question.choices:
        return [value for value, _label in question.choices]
    if question.kind == "communes":
        return [[PARIS] * MAX_LOCATIONS, [{**PARIS, "name": "Lyon", "whole_city": True}]]
    return [valid_value(question, 0) or TYPED.get(question.kind, "Mâcon")]


def questions():
    """(page, question, collection or None) for every question of the form."""
    for page in PAGES:
        for question in page.questions:
            if question.kind != "collection":
                yield page, question, None
        if page.collection is not None:
            for question in page.collection.questions:
                yield page, question, page.collection


def printed(answers, monkeypatch):
    """{(field, value)} drawn on the form for these answers, every page asked."""
    drawn = set()
    draw = pdf.Drawing.slot

    def recording(drawing, slot, value, label):
        before = (sum(map(len, drawing.ops.values())), len(drawing.form_values),
                  len(drawing.overflow))
        draw(drawing, slot, value, label)
        after = (sum(map(len, drawing.ops.values())), len(drawing.form_values),
                 len(drawing.overflow))
        if after != before:
            drawn.add((slot.partition("#")[0], str(value)))

    with monkeypatch.context() as patch:
        patch.setattr(pdf.Drawing, "slot", recording)
        # Which pages are asked is the flow's business: here every page is.
        patch.setattr(pdf, "active_pages", lambda _answers: PAGES)
        pdf.place(pdf.slot_values(answers), pdf.Edition.load(CURRENT.code))
    return drawn


def every_answer(monkeypatch):
    """{(page slug, question name, answer, row): what it drew}. A person of a list is
    answered alone on each row of the page in turn, so every row's boxes are reached."""
    result = {}
    for page, question, collection in questions():
        if question.name in NOT_ON_THE_FORM or not question.on_form:
            continue
        for answer in possible_answers(question):
            if collection is None:
                result[page.slug, question.name, str(answer), None] = printed(
                    {question.name: answer}, monkeypatch)
                continue
            for row in range(collection.rows):
                answers = {collection.name: [{}] * row + [{question.name: answer}]}
                result[page.slug, question.name, str(answer), row + 1] = printed(
                    answers, monkeypatch)
    return result


@pytest.fixture(scope="module")
def drawn(tmp_path_factory):
    with pytest.MonkeyPatch.context() as monkeypatch:
        monkeypatch.setenv("LOGEMENT_INSTANCE_PATH", str(tmp_path_factory.mktemp("instance")))
        with create_app({"TESTING": True}).test_request_context():
            return every_answer(monkeypatch)


def test_every_answer_asked_is_printed(drawn):
    """Each choice and each typed answer of each question on the form is drawn on the
    Cerfa (or on its extra sheet when too long): none is silently dropped."""
    assert len(drawn) >= 350
    assert sorted(key for key, fields in drawn.items() if not fields) == []


def test_every_box_printed_is_asked(drawn):
    """Each field of the edition's map (every box code, every named place, every row
    of the lists, every choice of a box with choices) is where some answer goes."""
    reached = set().union(*drawn.values())
    fields = pdf.Edition.load(CURRENT.code).fields
    expected = {(name, option) for name, spec in fields.items() if spec["kind"] == "choice"
                for option in spec["options"]}
    never = sorted(name for name, spec in fields.items() if spec["kind"] != "choice"
                   and not any(field == name for field, _value in reached))
    assert len(fields) >= 300
    assert never == []
    assert sorted(expected - reached) == []


def test_the_sites_own_questions_exist():
    """The questions said to have no box are still questions of the form."""
    names = {question.name for _page, question, _collection in questions()}
    assert set(NOT_ON_THE_FORM) <= names
