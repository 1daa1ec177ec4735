"""A release renames a question: drafts and dossier files saved before keep every answer."""

import io
import json
import sqlite3

import pytest

from conftest import Browser, answer_pages
from forms import PAGES, dossier, versions
from htmlcheck import text
from logement import app_forms

OLD, NEW = "additional_information", "more_information"


def review_rows(browser):
    return [(text(r.dt), text(r.select_one("dd")))
            for r in browser.get("/demande/recapitulatif").select(".summary__row")]


@pytest.fixture
def next_release(monkeypatch):
    """The Cerfa with one question renamed, and the upgrade that goes with it."""
    question = next(q for page in PAGES for q in page.questions if q.name == OLD)

    def release():
        object.__setattr__(question, "name", NEW)
        monkeypatch.setattr(app_forms, "_question_forms", {})
        monkeypatch.setattr(versions, "SCHEMA_VERSION", 2)
        monkeypatch.setattr(versions, "UPGRADES", [versions.rename(OLD, NEW)])

    yield release
    object.__setattr__(question, "name", OLD)


def test_the_schema_is_today_and_every_upgrade_is_listed():
    assert versions.SCHEMA_VERSION == len(versions.UPGRADES) + 1


@pytest.mark.answered("family")
def test_a_draft_saved_before_a_rename_keeps_every_answer(app, browser, resume_code,
                                                         next_release):
    code = resume_code
    before = review_rows(browser)
    file = browser.client.get("/demande/dossier.json").data
    assert json.loads(file)["schema"] == 1

    next_release()
    phone = Browser(app.test_client())
    assert phone.submit("/reprendre", {"code": code}) == "/demande/"
    assert review_rows(phone) == before
    with app.app_context():
        from logement import get_store

        stored = get_store().find_by_code(code.replace("-", ""))
    assert stored.answers[NEW].startswith("Nous attendons des jumeaux")
    assert OLD not in stored.answers
    # Saved again by the new release: stored as version 2.
    answer_pages(phone, [("precisions", {NEW: "Plus de précisions"})])
    assert "Plus de précisions" in [value for _, value in review_rows(phone)]
    row = sqlite3.connect(app.config["DATABASE"]).execute(
        "select id, sealed from applications").fetchone()
    record = app.extensions["logement.sealer"].open(row[1], bound_to=row[0])
    assert record["schema"] == 2 and record["answers"][NEW] == "Plus de précisions"


@pytest.mark.answered("family")
def test_a_dossier_file_written_before_a_rename_keeps_every_answer(app, browser, next_release):
    before = review_rows(browser)
    file = browser.client.get("/demande/dossier.json").data

    next_release()
    answers, errors = dossier.load(json.loads(file))
    assert errors == []
    assert answers[NEW].startswith("Nous attendons des jumeaux") and OLD not in answers
    laptop = Browser(app.test_client())
    laptop.get("/charger-un-dossier")
    response = laptop.client.post("/charger-un-dossier", data={
        "csrf_token": laptop.csrf(), "dossier": (io.BytesIO(file), "demande.json")},
        content_type="multipart/form-data")
    assert response.status_code == 302
    assert review_rows(laptop) == before
