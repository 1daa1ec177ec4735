"""The catalogs: the French one holds every string marked for translation in the
sources; every other language of the site's one list (logement.i18n.LANGUAGES) has a
catalog with every message translated, its placeholders kept, nothing fuzzy. A
language added to the list without its translations cannot ship."""

import re
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from htmlcheck import TRANSLATED
from logement.i18n import LANGUAGES

ROOT = Path(__file__).resolve().parents[1]
PLACEHOLDER = re.compile(r"%\((\w+)\)s")


@pytest.fixture(scope="module")
def extracted(tmp_path_factory):
    """The messages marked in the sources, as `make extract-messages` finds them."""
    pot = tmp_path_factory.mktemp("pot") / "messages.pot"
    subprocess.run([sys.executable, "-m", "babel.messages.frontend", "extract", "-F", "babel.cfg",
                    "-k", "_l", "-o", str(pot), "--no-location", "--omit-header", "."],
                   cwd=ROOT, check=True, capture_output=True)
    with pot.open("rb") as handle:
        return [m for m in read_po(handle) if m.id]


def catalog_of(language):
    path = ROOT / f"translations/{language}/LC_MESSAGES/messages.po"
    assert path.exists(), f"{language} is in LANGUAGES but has no catalog: " \
        f"pybabel init -i translations/messages.pot -d translations -l {language}"
    with path.open("rb") as handle:
        return read_po(handle)


def test_catalog_is_up_to_date(extracted):
    catalog = {_key(m.id) for m in catalog_of("fr") if m.id}
    assert len(extracted) > 150
    missing = {_key(m.id) for m in extracted} - catalog
    assert not missing, f"run `make extract-messages`: {sorted(missing)[:5]}"


def test_every_catalog_is_a_language_of_the_site():
    """A catalog no one can choose is a list out of step."""
    catalogs = {path.parts[-3] for path in ROOT.glob("translations/*/LC_MESSAGES/messages.po")}
    assert catalogs == set(LANGUAGES)
    assert "fr" in LANGUAGES and len(TRANSLATED) == len(LANGUAGES) - 1


@pytest.mark.parametrize("language", TRANSLATED)
def test_every_message_is_translated_with_its_placeholders(extracted, language):
    catalog = catalog_of(language)
    problems = []
    for message in extracted:
        translated = catalog.get(message.id)
        strings = translated and (translated.string if isinstance(translated.string, tuple)
                                  else (translated.string,))
        if not translated or not all(strings) or translated.fuzzy:
            problems.append(("missing", message.id))
            continue
        source = message.id[-1] if isinstance(message.id, tuple) else message.id
        expected = sorted(PLACEHOLDER.findall(source))
        if any(sorted(PLACEHOLDER.findall(s)) != expected for s in strings):
            problems.append(("placeholders", message.id))
    assert not problems, f"{len(problems)} problems in {language}: {problems[:5]}"


def _key(message_id):
    """Plural messages have a (singular, plural) id."""
    return message_id if isinstance(message_id, str) else " | ".join(message_id)
