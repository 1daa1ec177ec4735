"""Sessions that really end: on the server, when closed, deleted or left idle."""

import os
import sqlite3

from conftest import Browser, answer_pages
from htmlcheck import check_page, text

COOKIE = "logement_session"


def cookie(browser):
    return browser.client.get_cookie(COOKIE).value


def with_cookie(app, value):
    """Another browser that was given a copy of the cookie."""
    client = app.test_client()
    client.set_cookie(COOKIE, value)
    return client


def test_the_cookie_holds_only_a_random_id_and_the_database_nothing_readable(app, browser):
    browser.start()
    session_id = cookie(browser)
    assert len(session_id) >= 43 and "." not in session_id  # no data, no signature
    application_id = sqlite3.connect(app.config["DATABASE"]).execute(
        "select id from applications").fetchone()[0]
    raw = open(app.config["DATABASE"], "rb").read()
    wal = app.config["DATABASE"] + "-wal"
    raw += open(wal, "rb").read() if os.path.exists(wal) else b""
    assert session_id.encode() not in raw
    rows = sqlite3.connect(app.config["DATABASE"]).execute("select * from sessions").fetchall()
    assert rows
    for value in (v if isinstance(v, bytes) else str(v).encode() for row in rows for v in row):
        for secret in (application_id, "application_id", session_id, "csrf"):
            assert secret.encode() not in value


def test_a_copied_cookie_stops_working_once_closed(app, browser):
    browser.start()
    copied = cookie(browser)
    assert with_cookie(app, copied).get("/demande/").status_code == 200
    browser.get("/demande/code")
    response = browser.client.post("/demande/fermer", data={"csrf_token": browser.csrf()})
    assert response.headers["Location"] == "/"
    response = with_cookie(app, copied).get("/demande/")
    assert response.status_code == 302 and response.headers["Location"] == "/"


def test_a_copied_cookie_stops_working_once_deleted(app, browser):
    browser.start()
    copied = cookie(browser)
    assert browser.submit("/demande/supprimer", {}) == "/"
    assert with_cookie(app, copied).get("/demande/").status_code == 302


def test_resuming_gives_a_new_session_id(app, browser):
    code = browser.start()
    browser.get("/reprendre")
    before = cookie(browser)
    assert browser.submit("/reprendre", {"code": code}) == "/demande/"
    assert cookie(browser) != before
    assert with_cookie(app, before).get("/demande/").status_code == 302


def test_a_refused_close_says_nothing_was_closed(app, browser):
    browser.start()
    response = browser.client.post("/demande/fermer", data={"csrf_token": "périmé"})
    assert response.status_code == 400
    page = check_page(response.data)
    assert "n'a pas été fermée" in text(page.h1)
    form = page.select_one("main form[action='/demande/fermer']")
    assert "Fermer ma demande" in text(form.button)
    assert browser.client.get("/demande/").status_code == 200  # still open
    token = form.select_one("input[name=csrf_token]")["value"]
    assert browser.client.post("/demande/fermer", data={"csrf_token": token}).status_code == 302
    assert browser.client.get("/demande/").status_code == 302


def test_a_refused_delete_says_nothing_was_deleted(app, browser):
    code = browser.start()
    answer_pages(browser, [("votre-demande", {"request_kind": "premiere"})])
    response = browser.client.post("/demande/supprimer", data={})
    assert response.status_code == 400
    page = check_page(response.data)
    assert "n'a pas été supprimée" in text(page.h1)
    assert "Oui, supprimer" in text(page.select_one("main form[action='/demande/supprimer']"))
    other = Browser(app.test_client())
    assert other.submit("/reprendre", {"code": code}) == "/demande/"


def test_an_idle_session_ends_and_says_why(app, browser):
    browser.start()
    page = browser.get("/demande/code")
    assert "30 minutes" in text(page.select_one("main"))
    db = sqlite3.connect(app.config["DATABASE"])
    db.execute("update sessions set last_seen = last_seen - 31 * 60")
    db.commit()
    response = browser.client.get("/demande/")
    assert response.headers["Location"] == "/"
    banner = text(browser.get("/").select_one(".banner"))
    assert "fermée sur cet appareil après 30 minutes sans activité" in banner


def test_closing_keeps_the_chosen_language(browser):
    browser.start()
    browser.client.get("/langue/en")
    browser.get("/demande/code")
    browser.client.post("/demande/fermer", data={"csrf_token": browser.csrf()})
    assert browser.get("/").html["lang"] == "en"


def test_purge_ends_idle_sessions(app, browser):
    browser.start()
    db = sqlite3.connect(app.config["DATABASE"])
    db.execute("update sessions set last_seen = last_seen - 31 * 60")
    db.commit()
    assert app.test_cli_runner().invoke(args=["purge-stale"]).exit_code == 0
    assert db.execute("select count(*) from sessions").fetchone()[0] == 0


def test_a_request_finishing_after_close_does_not_revive_the_session(app):
    """Two tabs: one closes while the other's request is still writing its session."""
    from logement import get_store

    with app.app_context():
        table = get_store().sessions
        table.create("copied-id", {"tagged": "{}"})
        table.delete("copied-id")  # closed in the first tab
        table.update("copied-id", {"tagged": "{}"})  # the second tab's request ends
        assert table.load("copied-id", idle_seconds=1800) is None
