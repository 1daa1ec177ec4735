"""The French catalog holds every string marked for translation in the sources."""

import subprocess
import sys
from pathlib import Path

from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[1]


def test_catalog_is_up_to_date(tmp_path):
    pot = tmp_path / "messages.pot"
    subprocess.run([sys.executable, "-m", "babel.messages.frontend", "extract", "-F", "babel.cfg",
                    "-k", "_l", "-o", str(pot), "--no-location", "--omit-header", "."],
                   cwd=ROOT, check=True, capture_output=True)
    extracted = {_key(m.id) for m in read_po(pot.open("rb")) if m.id}
    with (ROOT / "translations/fr/LC_MESSAGES/messages.po").open("rb") as handle:
        catalog = {_key(m.id) for m in read_po(handle) if m.id}
    assert len(extracted) > 150
    missing = extracted - catalog
    assert not missing, f"run `make extract-messages`: {sorted(missing)[:5]}"


def _key(message_id):
    """Plural messages have a (singular, plural) id."""
    return message_id if isinstance(message_id, str) else " | ".join(message_id)
