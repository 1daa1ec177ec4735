"""The generated tables of docs/ are current: `make docs` (docs/generate.py) writes them
from forms/, and a rule or a box added without running it fails here."""

import importlib.util
from pathlib import Path

import pytest

DOCS = Path(__file__).resolve().parents[1] / "docs"
spec = importlib.util.spec_from_file_location("generate", DOCS / "generate.py")
generate = importlib.util.module_from_spec(spec)
spec.loader.exec_module(generate)


@pytest.mark.parametrize("page, marker", list(generate.TABLES))
def test_the_generated_tables_are_current(app, page, marker):
    with app.app_context():
        table = generate.TABLES[page, marker]()
    written = generate.between((DOCS / page).read_text(encoding="utf-8"), marker)
    assert written == table, f"docs/{page} ({marker}) is out of step: run `make docs`"


def test_the_tables_hold_every_rule_and_every_box(app):
    with app.app_context():
        assert generate.rules_table().count("\n") > 30
        boxes = generate.box_table()
    assert boxes.count("\n") >= 164  # 163 box codes under the heading
    assert "| A1 | `registration_number` |" in boxes
    assert '| H3 | `online_renewal = "H3"` |' in boxes


def test_make_docs_rewrites_a_stale_table(app):
    stale = "Intro\n<!-- boxes:start -->\n| box | old |\n<!-- boxes:end -->\nEnd\n"
    with app.app_context():
        table = generate.box_table()
    assert generate.regenerated(stale, "boxes", table) == \
        f"Intro\n<!-- boxes:start -->\n{table}\n<!-- boxes:end -->\nEnd\n"
    with pytest.raises(ValueError):
        generate.between("no markers", "boxes")
