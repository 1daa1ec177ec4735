"""Time to fill the whole nine-page Cerfa, with pdfrw (ours) and pypdf (peer).

Every slot of the field map gets a value (a large household: all boxes, all cells,
all lines), as a full application will once every page of the form is on the site.
Both engines merge the same overlay onto the same template and write the PDF in
memory; the only difference is the merging library. Run: `make bench`.
"""

import io
import statistics
import sys
import time
from pathlib import Path

from pypdf import PdfReader, PdfWriter

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "site"))

from logement import pdf  # noqa: E402

RUNS = 30


def large_household(spec):
    """(slots, value, label) for every slot of the template."""
    values = []
    for slot, entry in spec.fields.items():
        kind = entry["kind"]
        if kind == "choice":
            value = next(iter(entry["options"]))
        elif kind == "cells":
            value = ("1234567890" * 3)[:entry["count"]]
        elif kind == "lines":
            value = "Famille de huit personnes, deux enfants en garde alternée. " * 8
        else:
            value = "Ndiaye-Łukasik Çağlar" if kind == "text" else "x"
        values.append(((slot,), value, slot))
    return values


def fill_with_pypdf(values, edition="14069*04"):
    spec = pdf.Edition.load(edition)
    drawing = pdf.Drawing(spec)
    for slots, value, label in values:
        drawing.slot(slots[0], value, label)
    writer = PdfWriter(clone_from=io.BytesIO(spec.template))
    layout = [(n, 1) for n in range(1, len(writer.pages) + 1)]
    overlay = PdfReader(io.BytesIO(pdf._draw_overlay(drawing, layout)))
    for page, layer in zip(writer.pages, overlay.pages):
        page.merge_page(layer)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def median_ms(function, values):
    function(values)  # warm-up: fonts and template cached
    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        function(values)
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def main():
    pdf._register_font()
    spec = pdf.Edition.load("14069*04")
    values = large_household(spec)
    ours = median_ms(pdf.render_slots, values)
    peer = median_ms(fill_with_pypdf, values)
    print(f"fill of {len(values)} slots on 9 pages, median of {RUNS} runs, one process:")
    print(f"  pdfrw (ours): {ours:7.1f} ms   PDF {len(pdf.render_slots(values)):,} bytes")
    print(f"  pypdf (peer): {peer:7.1f} ms   PDF {len(fill_with_pypdf(values)):,} bytes")
    print(f"  ratio ours/peer: {ours / peer:.2f}")
    return 0 if ours < 100 else 1


if __name__ == "__main__":
    sys.exit(main())
