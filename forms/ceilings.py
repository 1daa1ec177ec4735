"""Where a household stands against the income ceilings of social housing.

Pure functions: the answers, the chosen communes (rows of the places database) and the
ceilings read from openfisca-france in; the household's category, each commune's zone,
the household's revenu fiscal de référence and the PLUS and PLS ceilings out.
Rules and sources: docs/ceilings.md.
"""

import csv
import datetime as dt
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

from flask_babel import lazy_gettext as _l

# Zones of the arrêté du 29 juillet 1987, named as openfisca-france names its files.
PARIS_ZONE = "paris_communes_limitrophes"
ILE_DE_FRANCE = "ile_de_france"
OTHER_REGIONS = "autres_regions"
OVERSEAS = "outre_mer"  # its own ceilings, not in the arrêté's annex I: not shown
ZONES = (PARIS_ZONE, ILE_DE_FRANCE, OTHER_REGIONS)
ZONE_LABELS = {
    PARIS_ZONE: _l("Paris et communes limitrophes"),
    ILE_DE_FRANCE: _l("Île-de-France hors Paris et communes limitrophes"),
    OTHER_REGIONS: _l("Autres régions"),
    OVERSEAS: _l("Outre-mer"),
}
PARIS = "75056"
NEIGHBOURS_FILE = Path(__file__).parent / "data" / "communes_limitrophes_paris.csv"
CATEGORIES = 6  # then a sum for each further person
EXTRA_PERSON = CATEGORIES + 1  # the category number under which that sum is stored
PLS_INCREASE = Decimal("1.3")  # PLS ceilings: the PLUS ceilings plus 30 %
YOUNG_COUPLE_AGES = 55  # "jeune ménage": a couple whose ages add up to 55 at most
COUPLE_LINKS = ("B2", "B3", "B4")  # married, PACS, concubin
SPOUSE_LINKS = ("B2", "B3")  # on the applicant's tax notice (box E2: "vous et votre conjoint")


def _neighbours():
    with NEIGHBOURS_FILE.open(encoding="utf-8") as lines:
        rows = csv.DictReader(line for line in lines if not line.startswith("#"))
        return frozenset(row["code"] for row in rows)


PARIS_NEIGHBOURS = _neighbours()


def zone_of(commune) -> str:
    """The zone of a commune (or arrondissement) row of the places database."""
    code, parent = commune["code"], commune.get("parent_code")
    if PARIS in (code, parent) or code in PARIS_NEIGHBOURS:
        return PARIS_ZONE
    if (commune.get("departement_code") or "").startswith("97"):
        return OVERSEAS
    if commune.get("region_name") == "Île-de-France":
        return ILE_DE_FRANCE
    return OTHER_REGIONS


# -- the household ------------------------------------------------------------------


def age(birth_date: str, today: dt.date) -> int | None:
    """Completed years ("âge révolu") on `today`, from an ISO date."""
    try:
        born = dt.date.fromisoformat(birth_date or "")
    except (TypeError, ValueError):
        return None
    return today.year - born.year - ((today.month, today.day) < (born.month, born.day))


@dataclass(frozen=True)
class Household:
    persons: int
    dependants: int
    single: bool  # no spouse or co-applicant: "une personne seule"
    young_couple: bool  # "jeune ménage"
    disabled: bool  # box C1: at least one person with a disability
    expected_birth: bool


def household(answers: dict, today: dt.date) -> Household:
    """Who is counted: the applicant, each co-applicant and each dependant. Children who
    only visit (box "autres enfants") are not counted for the ceilings (notice, page 3)."""
    coapplicants = answers.get("coapplicants") or []
    dependants = len(answers.get("dependants") or [])
    young = False
    if len(coapplicants) == 1 and not dependants and \
            coapplicants[0].get("link") in COUPLE_LINKS:
        ages = [age(answers.get("birth_date"), today), age(coapplicants[0].get("birth_date"), today)]
        young = None not in ages and sum(ages) <= YOUNG_COUPLE_AGES
    return Household(persons=1 + len(coapplicants) + dependants, dependants=dependants,
                     single=not coapplicants, young_couple=young,
                     disabled=bool(answers.get("disabled_people")),
                     expected_birth=bool(answers.get("expected_birth_date")
                                         or answers.get("expected_children")))


def category(home: Household, disability: bool | None = None) -> int:
    """The household's category of the arrêté (1 to 6; 7, 8… for each further person).

    1 one person; 2 two persons with no dependant, except young couples; 3 three persons,
    or one person with one dependant, or a young couple with no dependant; 4 four persons
    or one person with two dependants; and so on. A household with a person with a
    disability goes one category up from its number of persons."""
    disability = home.disabled if disability is None else disability
    if home.single and home.dependants:
        found = home.dependants + 2
    elif home.young_couple:
        found = 3
    else:
        found = home.persons
    return max(found, home.persons + 1) if disability else found


# -- income -------------------------------------------------------------------------


def _amount(value) -> int | None:
    """An amount as saved: an integer, or {"amount": …, "year": …}."""
    if isinstance(value, dict):
        value = value.get("amount")
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.strip().isdigit():
        return int(value)
    return None


def _year(answers: dict, name: str) -> int | None:
    """The year an amount was given for, when the answers keep it: `income_n2_year` beside
    the amount ("2024", as saved since issue 14), or {"amount", "year"}."""
    value = answers.get(name)
    year = value.get("year") if isinstance(value, dict) else answers.get(f"{name}_year")
    if isinstance(year, str) and year.strip().isdigit():
        year = int(year)
    return year if isinstance(year, int) and not isinstance(year, bool) else None


@dataclass(frozen=True)
class Income:
    total: int | None  # None when no amount is given at all
    parts: tuple = ()  # (person, amount): person is None for the applicant, else a co-applicant
    missing: tuple = ()  # the people whose amount is not given (None: the applicant)
    shared: tuple = ()  # spouses whose amount is the applicant's (one joint notice)
    year: int | None = None  # the year of these incomes, when the answer keeps it


def household_income(answers: dict) -> Income:
    """The revenus fiscaux de référence of the year N-2 (boxes E2 and E3) added up.

    Box E2 is "vous et votre conjoint": a married or PACS co-applicant who gives the same
    amount as the applicant is on the same notice, so it is counted once."""
    own = _amount(answers.get("income_n2"))
    parts, missing, shared = [], [], []
    (parts.append((None, own)) if own is not None else missing.append(None))
    for person in answers.get("coapplicants") or []:
        amount = _amount(person.get("income_n2"))
        if amount is None:
            missing.append(person)
        elif person.get("link") in SPOUSE_LINKS and amount == own:
            shared.append(person)
        else:
            parts.append((person, amount))
    total = sum(amount for _person, amount in parts) if parts else None
    years = [_year(who, "income_n2") for who in [answers, *(answers.get("coapplicants") or [])]]
    return Income(total, tuple(parts), tuple(missing), tuple(shared),
                  next((year for year in years if year), None))


# -- ceilings -----------------------------------------------------------------------


@dataclass(frozen=True)
class Ceilings:
    """The PLUS ceilings in force on a date: {zone: {category: euros}}, 7 = per extra person."""
    valid_from: dt.date
    amounts: dict
    reference_title: str = ""
    reference_url: str = ""
    source: str = ""

    @property
    def year(self) -> int:
        return self.valid_from.year


def ceilings_in_force(rows, today: dt.date) -> Ceilings | None:
    """From every dated PLUS value (rows with zone, category, valid_from, amount…), the
    table in force on `today`: the latest date that has a value for every zone and
    category, and is at most one year old. None when there is none."""
    by_date = {}
    for row in rows:
        by_date.setdefault(row["valid_from"], []).append(row)
    wanted = {(zone, number) for zone in ZONES for number in range(1, EXTRA_PERSON + 1)}
    for valid_from in sorted(by_date, reverse=True):
        start = dt.date.fromisoformat(valid_from)
        found = by_date[valid_from]
        if start > today or {(r["zone"], r["category"]) for r in found} != wanted:
            continue
        if start.year < today.year - 1:
            return None
        amounts = {zone: {} for zone in ZONES}
        for row in found:
            amounts[row["zone"]][row["category"]] = row["amount"]
        first = found[0]
        return Ceilings(start, amounts, first.get("reference_title", ""),
                        first.get("reference_url", ""), first.get("source", ""))
    return None


def plus_ceiling(ceilings: Ceilings, zone: str, number: int) -> int:
    amounts = ceilings.amounts[zone]
    return amounts[min(number, CATEGORIES)] + max(0, number - CATEGORIES) * amounts[EXTRA_PERSON]


def pls_ceiling(plus: int) -> int:
    """PLUS + 30 %, to the nearest euro."""
    return int((Decimal(plus) * PLS_INCREASE).quantize(Decimal(1), rounding=ROUND_HALF_UP))


# -- the whole picture --------------------------------------------------------------


@dataclass(frozen=True)
class ZoneStanding:
    zone: str
    communes: tuple  # names, in the order chosen
    plus: int | None = None
    pls: int | None = None

    @property
    def label(self):
        return ZONE_LABELS[self.zone]


@dataclass(frozen=True)
class Standing:
    household: Household
    category: int
    category_without_card: int | None  # when a disability was counted
    income: Income
    income_year: int  # N-2: the year whose incomes count this year
    ceilings: Ceilings | None
    zones: tuple = field(default_factory=tuple)

    @property
    def extra_persons(self) -> int:
        return max(0, self.category - CATEGORIES)

    @property
    def stale(self) -> bool:
        """The ceilings are last year's: this year's are not in our source yet."""
        return self.ceilings is not None and self.ceilings.year < self.income_year + 2


def standing(answers: dict, communes, rows, today: dt.date) -> Standing:
    """Everything the panel shows. `communes` are the chosen communes' rows, in order."""
    home = household(answers, today)
    number = category(home)
    without = category(home, disability=False) if home.disabled else None
    ceilings = ceilings_in_force(rows, today)
    by_zone = {}
    for commune in communes:
        by_zone.setdefault(zone_of(commune), []).append(commune["name"])
    zones = []
    for zone, names in by_zone.items():
        plus = plus_ceiling(ceilings, zone, number) if ceilings and zone in ZONES else None
        zones.append(ZoneStanding(zone, tuple(names), plus,
                                  None if plus is None else pls_ceiling(plus)))
    return Standing(home, number, without if without != number else None,
                    household_income(answers), today.year - 2, ceilings, tuple(zones))
