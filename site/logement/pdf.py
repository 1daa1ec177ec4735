"""The filled Cerfa as a PDF, in memory (no personal data is written to disk).

A template edition lives in pdf_templates/<edition>/ with template.pdf and
fields.json (see pdf_templates/layout.py for the field-map format). Answers
are drawn over the template pages with reportlab and merged with pdfrw, so
they are part of the page content: they print from any viewer and pdftotext
finds them. Fields of kind "acroform" (a fillable official PDF) are set as
form values instead, with NeedAppearances so viewers draw them.
"""

import io
import json
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from flask_babel import force_locale
from pdfrw import PageMerge, PdfDict, PdfName, PdfObject, PdfReader, PdfString, PdfWriter
from reportlab.lib.pagesizes import A4
from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

from forms import active_pages, editions
from forms.cerfa import demand_date

TEMPLATES = Path(__file__).resolve().parents[2] / "pdf_templates"
FONT = "DejaVuSans"
SIZE, SMALLEST = 9.5, 6.5
CONTINUED = "→ VOIR ANNEXE"
ORDINAL = re.compile(r"\b(\d+)(ER|E) (?=[A-ZÀ-Ý])")


def capitals(text: str) -> str:
    """Upper case, as the form asks, but ordinals before a word stay 18e, 1er (not 18E)."""
    return ORDINAL.sub(lambda m: m[1] + m[2].lower() + " ", text.upper())


def edition_folder(code: str) -> Path:
    """The template folder of a registered edition (forms/editions.py)."""
    return TEMPLATES / editions.edition(code).folder


@dataclass(frozen=True)
class Edition:
    name: str
    template: bytes
    fields: dict
    pages: int

    @classmethod
    @lru_cache(maxsize=4)
    def load(cls, edition: str):
        folder = edition_folder(edition)
        spec = json.loads((folder / "fields.json").read_text(encoding="utf-8"))
        return cls(edition, (folder / "template.pdf").read_bytes(), spec["fields"],
                   spec["pages"])


def _register_font():
    if FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont(FONT, str(TEMPLATES / "fonts" / "DejaVuSans.ttf")))


@dataclass
class Overflow:
    label: str
    value: str


@dataclass
class Drawing:
    """What to draw on each page, and what did not fit (for the extra sheet)."""

    edition: Edition
    ops: dict = field(default_factory=dict)  # (page, copy) -> [(kind, args)]
    overflow: list = field(default_factory=list)
    form_values: dict = field(default_factory=dict)

    copy: int = 1  # the copy of the page being filled (2 for a second page 3…)

    def add(self, page, *op):
        self.ops.setdefault((page, self.copy), []).append(op)

    def slot(self, slot, value, label):
        """Place a value. `slot#2` places it on a second copy of the slot's page,
        as the form asks for more co-applicants, dependants or properties."""
        slot, _, copy = slot.partition("#")
        self.copy = int(copy) if copy.isdigit() and int(copy) >= 1 else 1
        spec = self.edition.fields.get(slot)
        if spec is None or value in (None, ""):
            return
        kind = spec["kind"]
        if kind == "acroform":
            if self.copy > 1:  # a fillable form has no second copy: the annex holds it
                self.overflow.append(Overflow(label, str(value)))
            else:
                self.form_values[spec["name"]] = value
        elif kind == "choice":
            option = spec["options"].get(value)
            if option:
                self.add(option["page"], "tick", option["x"], option["y"])
        elif kind == "tick":
            self.add(spec["page"], "tick", spec["x"], spec["y"])
        elif kind == "cells":
            self._cells(spec, str(value), label)
        elif kind == "text":
            # Capitals, as the form asks; e-mail addresses stay as typed.
            text = str(value) if "@" in str(value) else capitals(str(value))
            self._text(spec["page"], spec, text, label)
        elif kind == "lines":
            self._lines(spec, str(value), label)

    def _cells(self, spec, value, label):
        if len(value) > spec["count"]:  # e.g. an international phone number
            width = spec["count"] * spec["cell"] + 5 * len(spec["gaps"])
            self._text(spec["page"], {**spec, "width": width}, value, label)
            return
        if spec.get("align") == "right":
            value = value.rjust(spec["count"])
        x = spec["x"]
        for index, char in enumerate(value):
            if index in spec["gaps"]:
                x += 5
            self.add(spec["page"], "char", x + spec["cell"] / 2, spec["y"], char.upper())
            x += spec["cell"]

    def _text(self, page, spec, value, label):
        size = SIZE
        while size > SMALLEST and pdfmetrics.stringWidth(value, FONT, size) > spec["width"]:
            size -= 0.5
        if pdfmetrics.stringWidth(value, FONT, size) > spec["width"]:
            self.overflow.append(Overflow(label, value))
            value, size = CONTINUED, SMALLEST
            while size > 4 and pdfmetrics.stringWidth(value, FONT, size) > spec["width"]:
                size -= 0.5
        self.add(page, "text", spec["x"], spec["y"], value, size)

    def _lines(self, spec, value, label):
        lines = []
        for paragraph in value.upper().splitlines() or [""]:
            lines.extend(split_lines(paragraph, SIZE - 1, spec["lines"][0]["width"]) or [""])
        slots = spec["lines"]
        if len(lines) > len(slots):
            self.overflow.append(Overflow(label, value))
            lines = lines[:len(slots) - 1] + [CONTINUED]
        for line, where in zip(lines, slots):
            self.add(spec["page"], "text", where["x"], where["y"], line, SIZE - 1)


def slot_values(answers: dict):
    """(slots, value, label) for every answered question asked, in form order, as its
    kind prints it (forms/kinds.py): a template places it by the first slot it knows."""
    for page in active_pages(answers):
        for question in page.questions:
            value = answers.get(question.name)
            if value not in (None, ""):
                yield from question.answer_kind.printed(question, value, page)
    for question in (q for page in active_pages(answers) for q in page.questions if q.year_box):
        year = income_year(answers, question)
        if year:
            yield (question.year_box,), year, str(question.label)


def income_year(answers: dict, question) -> str | None:
    """The year printed beside an amount of N-2 or N-1 (E1, E4): the one it was given for,
    the applicant's or else a co-applicant's; for an answer saved without its year (older
    drafts and files), the demand's date (H4, else today) minus 2 or 1. None without an
    amount."""
    people = [answers] + [item for item in answers.get("coapplicants") or []
                          if isinstance(item, dict)]
    given = [person for person in people if person.get(question.name) not in (None, "")]
    if not given:
        return None
    return next((person[question.year_answer] for person in given
                 if person.get(question.year_answer)),
                str(demand_date(answers).year - question.years_back))


def split_lines(text, size, width):
    """Lines no wider than `width`; a word too long for a line is cut across lines."""
    lines = []
    for line in simpleSplit(text, FONT, size, width):
        while pdfmetrics.stringWidth(line, FONT, size) > width and len(line) > 1:
            cut = len(line) - 1
            while cut > 1 and pdfmetrics.stringWidth(line[:cut], FONT, size) > width:
                cut -= 1
            lines.append(line[:cut])
            line = line[cut:]
        lines.append(line)
    return lines


def render(answers: dict, edition: str | None = None) -> bytes:
    """The Cerfa is official and French whatever the language of the site."""
    with force_locale("fr"):
        return render_slots(list(slot_values(answers)), edition)


def render_slots(values, edition: str | None = None) -> bytes:
    """Fill a template with (slots, value, label) triples; returns the PDF bytes.
    Printed on the current edition unless told (a counter takes the form in force)."""
    spec = Edition.load(edition or editions.CURRENT.code)
    drawing = place(values, spec)
    template = PdfReader(io.BytesIO(spec.template))
    # Each page, followed by its extra copies when answers need them.
    layout = []
    for number in range(1, len(template.pages) + 1):
        copies = max([c for (p, c) in drawing.ops if p == number] + [1])
        layout.extend((number, copy) for copy in range(1, copies + 1))
    overlay = PdfReader(io.BytesIO(_draw_overlay(drawing, layout)))
    pages = []
    for (number, copy), layer in zip(layout, overlay.pages):
        page = (template if copy == 1 else PdfReader(io.BytesIO(spec.template))).pages[number - 1]
        PageMerge(page).add(layer).render()
        pages.append(page)
    if drawing.overflow:
        pages += PdfReader(io.BytesIO(_continuation(drawing, spec))).pages
    writer = PdfWriter()
    writer.addpages(pages)
    if drawing.form_values:
        _set_form_values(template, writer, drawing.form_values)
    writer.trailer.Info = PdfDict(Title=PdfString.encode("Demande de logement social"),
                                  Producer=PdfString.encode("logement"))
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def place(values, spec: Edition) -> Drawing:
    """Each (slots, value, label) at the first of its slots the edition knows; a value
    with no known slot is not drawn (tests/test_pdf_boxes.py checks none is lost)."""
    _register_font()  # text is measured to fit its place
    drawing = Drawing(spec)
    for slots, value, label in values:
        slot = next((s for s in slots if s.partition("#")[0] in spec.fields), None)
        if slot is not None:
            drawing.slot(slot, value, label)
    return drawing


def _draw_overlay(drawing, layout):
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4, pageCompression=1)
    width, height = A4
    for number, copy in layout:
        if copy > 1:
            pdf.setFont(FONT, 9)
            pdf.drawCentredString(width / 2, height - 24,
                                  f"PAGE {number} SUPPLÉMENTAIRE ({copy})")
        for op in drawing.ops.get((number, copy), []):
            if op[0] == "tick":
                _, x, y = op
                pdf.setLineWidth(1.3)
                pdf.line(x, y, x + 6, y + 6)
                pdf.line(x, y + 6, x + 6, y)
            elif op[0] == "char":
                _, x, y, char = op
                pdf.setFont(FONT, SIZE)
                pdf.drawCentredString(x, y, char)
            else:
                _, x, y, text, size = op
                pdf.setFont(FONT, size)
                pdf.drawString(x, y + 1, text)
        pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def _continuation(drawing, spec):
    """Extra sheet with every answer too long for its place, in full."""
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4)
    width, height = A4
    y = 0

    def new_sheet():
        nonlocal y
        if y:
            pdf.showPage()
        pdf.setFont(FONT, 11)
        pdf.drawString(40, height - 50,
                       f"ANNEXE – FEUILLE COMPLÉMENTAIRE – Cerfa n°{spec.name}")
        y = height - 80

    new_sheet()
    for item in drawing.overflow:
        pdf.setFont(FONT, 8)
        pdf.drawString(40, y, item.label)
        y -= 14
        for paragraph in item.value.upper().splitlines():
            for line in split_lines(paragraph, 10, width - 80) or [""]:
                if y < 60:
                    new_sheet()
                pdf.setFont(FONT, 10)
                pdf.drawString(40, y, line)
                y -= 14
        y -= 10
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def _set_form_values(template, writer, values):
    """Fill the AcroForm fields of a fillable template, found by their full names
    ("parent.child"). Check boxes and radio groups take the on-state their widgets
    draw (from /AP /N), so viewers show them ticked."""
    acroform = template.Root.AcroForm
    if acroform is None:
        return
    for name, form_field in _form_fields(acroform.Fields or []):
        if name not in values:
            continue
        value = str(values[name])
        if (form_field.FT or (form_field.Parent and form_field.Parent.FT)) == PdfName.Btn:
            _set_button(form_field, value)
        else:
            form_field.V = PdfString.encode(value.upper())
    acroform.NeedAppearances = PdfObject("true")
    writer.trailer.Root.AcroForm = acroform


def _on_states(widget):
    normal = widget.AP and widget.AP.N
    return [key for key in (normal.keys() if normal else []) if key != PdfName.Off]


def _set_button(field, value):
    """A check box is ticked unless the answer is empty or "non"; a radio group
    ticks the widget whose on-state is the answer (e.g. /madame)."""
    widgets = list(field.Kids) if field.Kids else [field]
    chosen = PdfName.Off
    for widget in widgets:
        states = _on_states(widget)
        if len(widgets) == 1 and states and value not in ("", "non"):
            state = states[0]
        else:
            state = next((s for s in states if s == PdfName(value)), PdfName.Off)
        widget.AS = state
        if state != PdfName.Off:
            chosen = state
    field.V = chosen


def _form_fields(fields, prefix=""):
    """(full name, field) for every field of the form tree."""
    for item in fields:
        partial = item.T.to_unicode() if item.T else ""
        name = f"{prefix}.{partial}" if prefix and partial else (partial or prefix)
        if partial:
            yield name, item
        if item.Kids and any(kid.T for kid in item.Kids):
            yield from _form_fields(item.Kids, name)
