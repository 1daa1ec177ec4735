"""Soft checks (forms/cautions.py): the income years kept with their amounts, and a NIR
that does not match its holder. Shown, never blocking."""

import datetime as dt
import json
import re
import subprocess

import pytest

from conftest import answer_pages
from test_notice_rules import add_partner
from forms import dossier, rules
from forms.cautions import cautions
from logement import pdf


def text(node):
    return " ".join(node.get_text(" ", strip=True).split()) if node else ""


def cautions_on(page):
    """The messages of the "À vérifier" panel (without their "Vérifier" links)."""
    panel = page.select_one("[role=note][aria-labelledby=cautions-title]")
    found = []
    for li in panel.select("li") if panel else []:
        for link in li.select("a"):
            link.extract()
        found.append(text(li))
    return found


@pytest.fixture
def clock(monkeypatch):
    """Set the date the income questions read ("année N-2" is worked out from it)."""
    def set_today(date):
        monkeypatch.setattr("forms.cerfa.today", lambda: date)
    return set_today


def printed_years(answers, tmp_path):
    """The years printed in boxes E1 and E4, read back by pdftotext."""
    path = tmp_path / "cerfa.pdf"
    path.write_bytes(pdf.render(answers))
    page_5 = subprocess.run(["pdftotext", "-f", "5", "-l", "5", "-layout", str(path), "-"],
                            check=True, capture_output=True, text=True).stdout
    squeezed = re.sub(r"\s+", "", page_5)
    return re.findall(r"E[14]Année(\d{4})", squeezed)


# -- Point 3: the year an amount was given for ------------------------------------------


def test_an_amount_saved_on_31_december_keeps_its_year_after_new_year(browser, app, clock,
                                                                     tmp_path):
    browser.start()
    clock(dt.date(2026, 12, 31))
    page = browser.get("/demande/revenus-annuels")
    assert "Revenu fiscal de référence 2024" in text(page.select_one("label[for=income_n2]"))
    answer_pages(browser, [("revenus-annuels", {"income_n2": "18 500"})])
    assert cautions_on(browser.get("/demande/revenus-annuels")) == []

    clock(dt.date(2027, 1, 1))
    body = browser.client.get("/demande/dossier.json").get_data(as_text=True)
    answers = json.loads(body)["answers"]
    assert answers["income_n2"] == "18500" and answers["income_n2_year"] == "2024"
    # The PDF prints the year the amount was typed for, not 2025.
    with app.test_request_context():
        assert printed_years(answers, tmp_path) == ["2024"]
    # The person is told, on the income page and on the review, kindly and with the fix.
    for url in ("/demande/revenus-annuels", "/demande/recapitulatif"):
        found = cautions_on(browser.get(url))
        assert len(found) == 1
        assert "indiqué pour 2024" in found[0] and "celui de 2025" in found[0]
    assert "/demande/revenus-annuels" in [a["href"] for a in browser.get(
        "/demande/recapitulatif").select("[aria-labelledby=cautions-title] a")]
    # Saving the page again answers for 2025: the caution goes.
    answer_pages(browser, [("revenus-annuels", {"income_n2": "19 200"})])
    assert cautions_on(browser.get("/demande/recapitulatif")) == []


def test_the_signature_date_is_the_date_of_the_demand(app, clock, tmp_path):
    clock(dt.date(2026, 12, 31))
    answers = {"income_n2": "18500", "income_n2_year": "2024", "signature_date": "2027-01-04"}
    with app.test_request_context():
        [caution] = cautions(answers)
        assert caution.slug == "revenus-annuels" and "celui de 2025" in caution.message
        assert cautions({**answers, "signature_date": "2026-12-31"}) == []


def test_a_draft_saved_before_years_were_kept_prints_the_years_of_its_date(app, clock,
                                                                          tmp_path):
    clock(dt.date(2026, 6, 1))
    with app.test_request_context():
        assert printed_years({"income_n2": "18500", "income_n1": "19000"}, tmp_path) == \
            ["2024", "2025"]
        assert printed_years({"income_n2": "18500", "signature_date": "2027-02-01"},
                             tmp_path) == ["2025"]
        # No amount, no year; no year saved, no caution.
        assert printed_years({}, tmp_path) == []
        assert cautions({"income_n2": "18500"}) == []


def test_a_co_applicants_amount_keeps_its_year_and_prints_the_year_alone(browser, app, clock,
                                                                        tmp_path):
    clock(dt.date(2026, 12, 31))
    browser.start()
    add_partner(browser, link="B4")
    answer_pages(browser, [
        ("liste/codemandeurs/1/2", {"phone_mobile": "07 11 22 33 44"}),
        ("liste/codemandeurs/1/3", {"work_status": "D15"}),
        ("liste/codemandeurs/1/4", {"income_n2": "21 300"}),
    ])
    clock(dt.date(2027, 1, 1))
    answers = json.loads(browser.client.get("/demande/dossier.json").get_data(as_text=True))[
        "answers"]
    assert answers["coapplicants"][0]["income_n2_year"] == "2024"
    with app.test_request_context():
        assert printed_years(answers, tmp_path) == ["2024"]
    [found] = cautions_on(browser.get("/demande/recapitulatif"))
    assert "Ousmane Ndiaye" in found and "celui de 2025" in found
    assert cautions_on(browser.get("/demande/liste/codemandeurs/1/4")) == [found]


def test_dossier_files_carry_the_year_and_keep_it_when_read(app, clock):
    clock(dt.date(2027, 1, 1))
    with app.test_request_context():
        answers, errors = dossier.load(dossier.dump({"income_n2": "18500",
                                                     "income_n2_year": "2024"}))
        assert errors == [] and answers == {"income_n2": "18500", "income_n2_year": "2024"}
        # A file written before the years were kept: no year is made up at reading.
        answers, errors = dossier.load(dossier.dump({"income_n2": "18500"}))
        assert errors == [] and answers == {"income_n2": "18500"}
        _answers, errors = dossier.load(dossier.dump({"income_n2": "1", "income_n2_year": "24"}))
        assert errors and "4 chiffres" in errors[0]


# -- Point 7: a NIR that does not match its holder -----------------------------------------


WOMAN_1985_03 = "285037127000520"
MAN_1982_05 = "182057127000456"


@pytest.mark.parametrize("nir, civility, born, expected", [
    (WOMAN_1985_03, "madame", "1985-03-27", []),
    (WOMAN_1985_03, "monsieur", "1985-03-27", ["sex"]),  # swapped, or a change of sex
    (WOMAN_1985_03, "madame", "1986-03-27", ["year"]),
    (WOMAN_1985_03, "madame", "1885-03-27", []),  # the century is not in the number
    (WOMAN_1985_03, "madame", "1985-04-27", ["month"]),
    (MAN_1982_05, "madame", "1985-03-27", ["sex", "year", "month"]),
    ("785037127000561", "monsieur", "1990-07-01", []),  # provisional number: not read
    ("385039912345669", "madame", "1985-03-01", []),  # 3: registration pending, no sex
    ("385039912345669", "madame", "1984-03-01", ["year"]),
    ("185999912345656", "monsieur", "1985-06-15", []),  # month 99: unknown (born abroad)
    ("275209912345608", "madame", "1975-08-15", []),  # month 20: unknown
    (WOMAN_1985_03, None, None, []),  # nothing to compare with yet
])
def test_nir_mismatches(nir, civility, born, expected):
    assert rules.parse_nir(nir) == nir
    assert rules.nir_mismatches(nir, civility, born) == expected


def test_a_nir_not_matching_is_shown_kindly_and_never_blocks(browser):
    browser.start()
    answer_pages(browser, [
        ("identite", {"civility": "monsieur", "birth_name": "Martin", "first_names": "Alex"}),
        ("date-de-naissance", {"birth_date-day": "27", "birth_date-month": "3",
                               "birth_date-year": "1985"})])
    # "Continuer" goes on: the number is valid, the rest is only something to check.
    assert browser.submit("/demande/securite-sociale", {"nir": WOMAN_1985_03}) == \
        "/demande/coordonnees"
    for url in ("/demande/securite-sociale", "/demande/recapitulatif"):
        [found] = cautions_on(browser.get(url))
        assert "1er chiffre ne correspond pas à la civilité" in found
        assert "changement de sexe" in found and "vous pouvez continuer" in found
    assert cautions_on(browser.get("/demande/coordonnees")) == []
    assert browser.submit("/demande/securite-sociale", {"nir": WOMAN_1985_03}) == \
        "/demande/coordonnees"


def test_two_numbers_swapped_are_pointed_out(browser):
    browser.start()
    answer_pages(browser, [
        ("identite", {"civility": "madame", "birth_name": "Ndiaye", "first_names": "Aïssatou"}),
        ("date-de-naissance", {"birth_date-day": "27", "birth_date-month": "3",
                               "birth_date-year": "1985"}),
        ("securite-sociale", {"nir": MAN_1982_05})])
    add_partner(browser, **{"birth_date-month": "5", "nir_unknown": "", "nir": WOMAN_1985_03})
    found = cautions_on(browser.get("/demande/recapitulatif"))
    assert len(found) == 2 and all("inversés" in f for f in found)
    assert any("Ousmane Ndiaye" in f for f in found)
    assert any("Ousmane Ndiaye" in f for f in cautions_on(
        browser.get("/demande/liste/codemandeurs/1")))
