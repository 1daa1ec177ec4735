"""Drafts saved before today's checks (an impossible date, more people than the Cerfa
holds) still open: every page shows what was stored, flagged to correct; never a 500."""

import io

import pytest

from pypdf import PdfReader

from conftest import review_rows
from htmlcheck import text
from forms import active_pages
from logement import get_store

EDITION = "14069*04"
ODD = {
    "birth_date": "1980-13-45",
    "dependants": [{"last_name": "Keita", "first_names": "Mariama", "birth_date": "2015-02-31",
                    "sex": "f", "link": "enfant"}] + [
        {"last_name": "Keita", "first_names": f"Enfant {n}", "birth_date": "2016-01-10",
         "sex": "m", "link": "enfant"} for n in range(2, 21)],  # 20: the cap is 16
    "filing_date": "2024-02-30",
    "signature_date": "pas une date",
}


def open_draft(app, client, answers):
    """Stored as it was then, every page marked done: nothing is checked on the way in."""
    with app.test_request_context():
        done = [page.slug for page in active_pages(answers)]
        application = get_store().create(EDITION, answers=answers, done=done)
    with client.session_transaction() as session:
        session["application_id"] = application.id
    return application


def test_a_draft_with_impossible_dates_opens_everywhere(app, client, browser):
    open_draft(app, client, ODD)
    rows = review_rows(browser.get("/demande/recapitulatif"))
    birth = next(value for label, value in rows.items() if "1980" in value)
    assert birth == "1980-13-45 (date impossible, à corriger)"
    people = browser.get("/demande/recapitulatif")
    assert "2015-02-31" in text(people.select_one("main"))
    browser.get("/demande/")
    browser.get("/demande/prochaines-etapes")
    response = client.get("/demande/cerfa.pdf")
    assert response.status_code == 200
    reader = PdfReader(io.BytesIO(response.data))
    printed = " ".join(page.extract_text() for page in reader.pages)
    assert "KEITA" in printed.upper()


@pytest.mark.parametrize("language", ["en", "ar"])
def test_a_draft_with_impossible_dates_opens_in_other_languages(app, client, browser, language):
    open_draft(app, client, ODD)
    client.get(f"/langue/{language}")
    assert "2015-02-31" in text(browser.get("/demande/recapitulatif").select_one("main"))
    browser.get("/demande/prochaines-etapes")
    assert client.get("/demande/cerfa.pdf").status_code == 200
