"""Rewrite the generated tables of docs/ from forms/: `make docs`.

Each table sits between two markers in its page (<!-- name:start --> and
<!-- name:end -->) and is written by one function of the data it describes;
tests/test_docs_tables.py fails when a page is out of step, so a new rule or a
new box needs `make docs`, never a table pasted by hand."""

import sys
from pathlib import Path

DOCS = Path(__file__).resolve().parent


def box_table() -> str:
    """docs/dossier.md: where each Cerfa box code lives in a dossier file."""
    from forms.dossier import box_paths

    return "\n".join(["| box | in the dossier |", "|---|---|"] +
                     [f"| {code} | `{path}` |" for code, path in box_paths().items()])


def rules_table() -> str:
    """docs/pieces.md: who is asked which supporting document, when, from which source."""
    from forms.documents import rules_table as table

    return table()


def kinds_table() -> str:
    """docs/maintaining.md: the kinds of question, as forms/kinds.py registers them."""
    from forms.kinds import KINDS

    def drawn_by(kind):
        return f"`{kind.macro}`" if kind.macro else "its own page"

    return "\n".join(["| kind | takes | drawn by | in a dossier |", "|---|---|---|---|"] +
                     [f"| `{k.name}` | {k.summary} | {drawn_by(k)} | {k.stored} |"
                      for k in KINDS.values()])


# (page, marker): the function that writes the table between the markers.
TABLES = {("pieces.md", "rules"): rules_table, ("dossier.md", "boxes"): box_table,
          ("maintaining.md", "kinds"): kinds_table}


def between(text: str, marker: str) -> str:
    start, end = f"<!-- {marker}:start -->\n", f"\n<!-- {marker}:end -->"
    if start not in text or end not in text:
        raise ValueError(f"markers {start.strip()} and {end.strip()} are missing")
    return text.split(start, 1)[1].split(end, 1)[0]


def regenerated(text: str, marker: str, table: str) -> str:
    """The page with the table between its markers replaced."""
    return text.replace(f"<!-- {marker}:start -->\n{between(text, marker)}\n",
                        f"<!-- {marker}:start -->\n{table}\n", 1)


def main() -> int:
    from logement import create_app

    with create_app({"TESTING": True}).app_context():
        for (page, marker), write in TABLES.items():
            path = DOCS / page
            text = path.read_text(encoding="utf-8")
            new = regenerated(text, marker, write())
            if new != text:
                path.write_text(new, encoding="utf-8")
            print(f"docs/{page} ({marker}): {'rewritten' if new != text else 'current'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
