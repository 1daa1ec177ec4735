"""A small layout engine for reproducing a paper form with reportlab.

It draws the form's static content (headings, questions, tick boxes, character
cells, writing lines) and records where each answer goes, so that the template
and its field map are produced together and cannot drift apart.

Field map entries (JSON), keyed by slot (a Cerfa box code like "F27", or the
question name where the form prints no code):
  {"kind": "text",   "page": 1, "x": …, "y": …, "width": …}
  {"kind": "lines",  "page": 9, "lines": [{"x", "y", "width"}, …]}
  {"kind": "cells",  "page": 1, "x": …, "y": …, "cell": 12.5, "count": 15, "gaps": [5]}
  {"kind": "choice", "options": {"value": {"page", "x", "y"}, …}}
  {"kind": "tick",   "page": 6, "x": …, "y": …}
  {"kind": "acroform", "name": "2. Nom de naissance"}   (fillable official PDFs)
Coordinates are PDF points from the bottom-left corner of an A4 page.
"""

from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

FONTS = Path(__file__).resolve().parent / "fonts"
REGULAR, BOLD = "DejaVuSans", "DejaVuSans-Bold"
WIDTH, HEIGHT = A4
MARGIN = 34
CELL = 12.5
BOX = 8.5
INK = (0.10, 0.10, 0.10)
TINT = (0.88, 0.90, 0.93)


def register_fonts():
    for name, file in ((REGULAR, "DejaVuSans.ttf"), (BOLD, "DejaVuSans-Bold.ttf")):
        if name not in pdfmetrics.getRegisteredFontNames():
            pdfmetrics.registerFont(TTFont(name, str(FONTS / file)))


class FormLayout:
    def __init__(self, output, *, title, reference, pages):
        register_fonts()
        self.canvas = canvas.Canvas(str(output), pagesize=A4, pageCompression=1, invariant=1)
        self.canvas.setTitle(title)
        self.canvas.setAuthor("")
        self.canvas.setCreator("pdf_templates/build")
        self.title, self.reference, self.pages = title, reference, pages
        self.fields = {}
        self.page = 0
        self.y = 0
        self.pending = 0

    # -- pages ------------------------------------------------------------------

    def _check_room(self):
        if self.page and self.y < 30:
            raise ValueError(f"page {self.page} runs into the footer (y={self.y:.0f})")

    def new_page(self, heading=None):
        self._check_room()
        if self.page:
            self.canvas.showPage()
        self.page += 1
        c = self.canvas
        c.setFillColorRGB(*INK)
        c.setFont(BOLD, 9)
        c.drawString(MARGIN, HEIGHT - 24, self.title)
        c.setFont(REGULAR, 8)
        c.drawRightString(WIDTH - MARGIN, HEIGHT - 24, self.reference)
        c.drawCentredString(WIDTH / 2, 18, f"{self.page}/{self.pages}")
        c.setLineWidth(0.6)
        c.line(MARGIN, HEIGHT - 29, WIDTH - MARGIN, HEIGHT - 29)
        self.y = HEIGHT - 44
        if heading:
            self.band(heading)

    def space(self, points=6):
        self.next_line(points)

    def next_line(self, step):
        """Move down to the next line, leaving any room owed under character cells."""
        self.y -= step + self.pending
        self.pending = 0

    # -- static content ------------------------------------------------------------

    def band(self, text):
        c = self.canvas
        self.next_line(16)
        c.setFillColorRGB(*INK)
        c.rect(MARGIN, self.y - 3, WIDTH - 2 * MARGIN, 15, stroke=0, fill=1)
        c.setFillColorRGB(1, 1, 1)
        c.setFont(BOLD, 10)
        c.drawString(MARGIN + 5, self.y + 1, text.upper())
        c.setFillColorRGB(*INK)
        self.y -= 8

    def subheading(self, text):
        """A bold heading, wrapped rather than run off the page."""
        for index, line in enumerate(simpleSplit(text, BOLD, 9, WIDTH - 2 * MARGIN)):
            self.next_line(13 if index == 0 else 11)
            self.canvas.setFont(BOLD, 9)
            self.canvas.drawString(MARGIN, self.y, line)
        self.y -= 3

    def para(self, text, size=7.5, bold=False, indent=0):
        font = BOLD if bold else REGULAR
        self.next_line(0)
        for line in simpleSplit(text, font, size, WIDTH - 2 * MARGIN - indent):
            self.y -= size + 2.5
            self.canvas.setFont(font, size)
            self.canvas.drawString(MARGIN + indent, self.y, line)
        self.y -= 2

    # -- answers ---------------------------------------------------------------------

    def _label(self, x, label, size=8, bold=False):
        self.canvas.setFont(BOLD if bold else REGULAR, size)
        self.canvas.drawString(x, self.y, label)
        return x + pdfmetrics.stringWidth(label, BOLD if bold else REGULAR, size) + 4

    def _code(self, x, code):
        if not code:
            return x
        self.canvas.setFont(BOLD, 6.5)
        self.canvas.drawString(x, self.y + 1, code)
        return x + pdfmetrics.stringWidth(code, BOLD, 6.5) + 2

    def ticks(self, items, label=None, slot=None, step=None):
        """A row of tick boxes: items are (code, text, value). `slot` names the question
        (a choice); without it, each box is its own slot, named by its code."""
        self.next_line(16)
        x = self._label(MARGIN, label, bold=True) + 4 if label else MARGIN
        for code, text, value in items:
            width = (pdfmetrics.stringWidth(code or "", BOLD, 6.5) + BOX + 8 +
                     pdfmetrics.stringWidth(text, REGULAR, 8) + 14)
            if step:
                width = max(width, step)
            if x + width > WIDTH - MARGIN and x > MARGIN + 1:
                self.y -= 15
                x = MARGIN + (24 if label else 0)
            start = x
            x = self._code(x, code)
            self.canvas.setLineWidth(0.7)
            self.canvas.rect(x, self.y - 1, BOX, BOX)
            position = {"page": self.page, "x": round(x + 1.2, 2), "y": round(self.y - 0.2, 2)}
            if slot:
                self.fields.setdefault(slot, {"kind": "choice", "options": {}})
                self.fields[slot]["options"][value] = position
            elif code:
                self.fields[code] = {"kind": "tick", **position}
            self._label(x + BOX + 3, text)
            x = start + width

    def text(self, label, slot, *, code=None, x=None, width=None, bold=False, newline=True):
        """A label then a writing line up to `width` (or the margin)."""
        if newline:
            self.next_line(17)
        x = self._code(x if x is not None else MARGIN, code)
        x = self._label(x, label, bold=bold)
        end = min(x + width, WIDTH - MARGIN) if width else WIDTH - MARGIN
        self.canvas.setLineWidth(0.5)
        self.canvas.setStrokeColorRGB(0.45, 0.45, 0.45)
        self.canvas.line(x, self.y - 2.5, end, self.y - 2.5)
        self.canvas.setStrokeColorRGB(*INK)
        if slot:
            self.fields[slot] = {"kind": "text", "page": self.page, "x": round(x + 2, 2),
                                 "y": round(self.y, 2), "width": round(end - x - 4, 2)}
        return end

    def row(self, specs):
        """Several text fields on one line: (label, slot, width) each."""
        self.next_line(17)
        x = MARGIN
        for label, slot, width in specs:
            x = self.text(label, slot, x=x, width=width, newline=False) + 10

    def cells(self, label, slot, count, *, code=None, groups=None, hints=None, x=None,
              newline=True, bold=False, align=None):
        """Character cells, e.g. J J M M A A A A for a date; `groups` splits them."""
        if newline:
            self.next_line(18)
        x = self._code(x if x is not None else MARGIN, code)
        x = self._label(x, label, bold=bold) if label else x
        groups = groups or [count]
        gaps, total, cx = [], 0, x
        self.canvas.setLineWidth(0.6)
        for group in groups:
            for _ in range(group):
                self.canvas.rect(cx, self.y - 3.5, CELL, CELL + 1)
                if hints:
                    self.canvas.setFont(REGULAR, 5.5)
                    self.canvas.setFillColorRGB(0.62, 0.62, 0.62)
                    self.canvas.drawCentredString(cx + CELL / 2, self.y - 2.5, hints[total])
                    self.canvas.setFillColorRGB(*INK)
                cx += CELL
                total += 1
            cx += 5
            gaps.append(total)
        if slot:
            self.fields[slot] = {"kind": "cells", "page": self.page, "x": round(x, 2),
                                 "y": round(self.y, 2), "cell": CELL, "count": count,
                                 "gaps": gaps[:-1]}
            if align:
                self.fields[slot]["align"] = align  # "right": amounts end in the last cell
        self.pending = 3  # room under the cells for the next line
        return cx

    def date(self, label, slot, *, code=None, x=None, newline=True, bold=False):
        # The day/month/year hint sits in the label, not in the cells, so that a filled
        # date reads cleanly (and pdftotext finds it).
        label = f"{label} (JJ MM AAAA)".strip()
        return self.cells(label, slot, 8, code=code, groups=[2, 2, 4], x=x, newline=newline,
                          bold=bold)

    def lines(self, slot, count, code=None):
        """A free-text area of `count` ruled lines."""
        entries = []
        for index in range(count):
            self.next_line(15)
            x = self._code(MARGIN, code) if index == 0 and code else MARGIN + (14 if code else 0)
            self.canvas.setLineWidth(0.4)
            self.canvas.setStrokeColorRGB(0.55, 0.55, 0.55)
            self.canvas.line(x, self.y - 2.5, WIDTH - MARGIN, self.y - 2.5)
            self.canvas.setStrokeColorRGB(*INK)
            entries.append({"x": round(x + 2, 2), "y": round(self.y, 2),
                            "width": round(WIDTH - MARGIN - x - 4, 2)})
        self.fields[slot] = {"kind": "lines", "page": self.page, "lines": entries}

    def signature(self):
        self.next_line(28)
        self.canvas.setFont(BOLD, 9)
        self.canvas.drawString(WIDTH / 2 + 20, self.y, "Signature du demandeur")
        self.canvas.rect(WIDTH / 2 + 20, self.y - 70, WIDTH / 2 - 20 - MARGIN, 62)
        self.y -= 76

    def save(self):
        self._check_room()
        self.canvas.save()
        return self.fields


def covered_ranges(font_file=FONTS / "DejaVuSans.ttf"):
    """Code-point ranges the font can draw, as [(first, last), …]."""
    codes = sorted(TTFont("coverage", str(font_file)).face.charToGlyph)
    ranges = []
    for code in codes:
        if ranges and code == ranges[-1][1] + 1:
            ranges[-1][1] = code
        else:
            ranges.append([code, code])
    return [tuple(r) for r in ranges]
