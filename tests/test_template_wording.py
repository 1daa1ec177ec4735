"""Our reproduction of the Cerfa says what the Cerfa says, box by box.

The Cerfa's text (tests/data/cerfa-14069-04.txt, copied from the sources) gives each
box code with its wording; pdftotext (poppler, a reader we did not write) reads the
template we print. Each box must be on one page of the template, with its wording.
The template takes each box's words from its question (forms/cerfa.py, `printed`): each
question's words must be what the template prints."""

import re
import shutil
import subprocess
import unicodedata
from pathlib import Path

import pytest
from test_pdf_boxes import NOT_ON_THE_FORM, questions

from forms.cerfa import printed_question

ROOT = Path(__file__).resolve().parents[1]
CERFA = Path(__file__).parent / "data" / "cerfa-14069-04.txt"
TEMPLATE = ROOT / "pdf_templates" / "14069-04" / "template.pdf"
CODE = re.compile(r"(?:\^\{)?\b([A-H]\d{1,2})\b\}?")
# What the Cerfa prints inside boxes, not words: cells to fill, units, markup.
NOT_WORDING = re.compile(r"<[^>]+>|\*\*|J J M M A A A A|\b2 0\b|€|m²|^- |\s-\s")


def normalise(text: str) -> str:
    """One line, one kind of apostrophe and space; words cut at a line end joined;
    dots (sentence ends, ellipses, leaders) left out; case ignored, and a capital A
    without its accent (the Cerfa prints "A l'hôtel") read as À."""
    text = unicodedata.normalize("NFC", text).replace("’", "'").replace("\u00a0", " ")
    text = re.sub(r"(\w)-\n(\w)", r"\1\2", text)
    text = text.replace("…", "").replace(".", "").replace("À", "A")
    return " ".join(text.split()).casefold()


def wording(text: str) -> str:
    return normalise(NOT_WORDING.sub(" ", CODE.sub(" ", text)))


def cerfa_boxes():
    """{code: [fragments of its wording]} from the Cerfa's text.

    A box's wording is the text after its code (up to the next code), the lines that
    carry it on before a blank line, and, for the first code of a line, the text
    before it (a question whose answer goes in the box). A box with no words of its
    own takes the text before the line's first code (a row of the income table), else
    the nearest line above with words (cells under a heading); a unit box takes the
    word printed just before it ("Surface F27 m²")."""
    lines = [line for line in CERFA.read_text(encoding="utf-8").splitlines()
             if not line.startswith("#")]
    boxes = {}
    for index, line in enumerate(lines):
        matches = list(CODE.finditer(line))
        before = line[:matches[0].start()] if matches else ""
        after = [line[m.end():(matches[n + 1].start() if n + 1 < len(matches) else None)]
                 for n, m in enumerate(matches)]
        for n in range(1, len(after)):
            words = after[n - 1].split()
            if not wording(after[n]) and len(words) > 1 and words[-1][0].isupper():
                after[n - 1], after[n] = " ".join(words[:-1]), words[-1]
        for n, match in enumerate(matches):
            fragments = [after[n]] + ([before] if n == 0 else [])
            if len(matches) == 1:
                following = index + 1
                while following < len(lines) and lines[following].strip() \
                        and not CODE.search(lines[following]):
                    fragments.append(lines[following])
                    following += 1
            fragments = [wording(f) for f in fragments if wording(f)]
            if not fragments and wording(before):
                fragments = [wording(before)]
            if not fragments:
                fragments = [next(wording(lines[i]) for i in range(index - 1, -1, -1)
                                  if wording(lines[i]))]
            boxes[match.group(1)] = fragments
    return boxes


@pytest.fixture(scope="module")
def template_pages():
    if shutil.which("pdftotext") is None:
        pytest.fail("pdftotext (poppler-utils) is needed: make test installs it")
    text = subprocess.run(["pdftotext", "-enc", "UTF-8", str(TEMPLATE), "-"],
                          capture_output=True, check=True, text=True).stdout
    return text.split("\f")


def test_the_cerfa_text_gives_every_box():
    boxes = cerfa_boxes()
    expected = ({f"A{n}" for n in (1, 2)} | {f"B{n}" for n in range(1, 8)} | {"C1"}
                | {f"D{n}" for n in range(1, 21)} | {f"E{n}" for n in range(1, 57)}
                | {f"F{n}" for n in range(1, 58)} | {f"G{n}" for n in range(1, 18)}
                | {f"H{n}" for n in range(1, 5)})
    # The SIRET boxes D7 and D17 print no code in the Cerfa's text: the sentence
    # above them ("… précisez le numéro SIRET …") is their wording, checked below.
    assert set(boxes) == expected - {"D7", "D17"}
    assert boxes["D9"] == [normalise("Vous avez vécu une période de chômage de plus d'un an.")]
    assert boxes["F3"] == [normalise("Nom du bailleur figurant sur la quittance")]


def test_each_box_has_the_cerfa_wording_on_its_page(template_pages):
    pages = [normalise(page) for page in template_pages]
    tokens = [set(CODE.findall(page)) for page in template_pages]
    differences = []
    for code, fragments in cerfa_boxes().items():
        on = [n for n, found in enumerate(tokens) if code in found]
        if len(on) != 1:
            differences.append(f"{code}: on pages {[n + 1 for n in on]}")
            continue
        differences += [f"{code} (page {on[0] + 1}): « {fragment} »"
                        for fragment in fragments if fragment not in pages[on[0]]]
    assert differences == []


def test_the_chomage_boxes_read_as_on_the_cerfa(template_pages):
    page_4 = normalise(template_pages[3])
    assert normalise("Vous avez vécu une période de chômage de plus d'un an.") in page_4
    assert normalise("Votre conjoint ou votre codemandeur a vécu une période de chômage "
                     "de plus d'un an.") in page_4
    assert "êtes vécu" not in page_4 and "est vécu" not in page_4
    for sentence in ("Si vous êtes salarié ou apprenti dans une entreprise privée et que vous "
                     "travaillez dans un établissement situé en France, précisez le numéro "
                     "SIRET de votre employeur principal.",
                     "Si votre conjoint ou votre codemandeur est salarié ou apprenti dans une "
                     "entreprise privée et qu'il travaille dans un établissement situé en "
                     "France, précisez le numéro SIRET de son employeur principal"):
        assert normalise(sentence) in page_4


def test_each_question_says_the_words_its_box_prints(template_pages):
    """A question's `printed` words (else its French label), and each of its choices',
    are on the template: the description the pages use is the one the paper prints."""
    template = normalise(" ".join(template_pages).replace("*", ""))
    missing = []
    for _page, question, collection in questions():
        if question.name in NOT_ON_THE_FORM or not question.on_form:
            continue
        question = printed_question(question.name, collection and collection.name)
        words = [question.printed_label] + [question.printed_choice(value)
                                            for value, _label in question.choices]
        missing += [f"{question.name}: « {text} »" for text in words + [
            text for _part, text in question.printed_parts] if normalise(text) not in template]
    assert missing == []


def test_printed_words_are_never_translated():
    """The Cerfa's words are its official French: a lazy (translated) string would print
    the visitor's language on the form."""
    for _page, question, _collection in questions():
        for text in [question.printed] + [text for _value, text in question.printed_choices]:
            assert text is None or type(text) is str, (question.name, text)
