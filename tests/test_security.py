"""CSRF, headers, size limit, no 500 on any input, and logs without personal data."""

import logging

import pytest

from conftest import answer_pages
from forms import PAGES
from htmlcheck import check_page, text


def test_post_without_csrf_token_is_refused(browser):
    browser.start()
    assert browser.client.post("/commencer").status_code == 400
    response = browser.client.post("/demande/identite", data={"birth_name": "Martin"})
    assert response.status_code == 400
    page = check_page(response.data)
    # On a question page, the typed answer is shown again with an explanation.
    assert "expiré" in text(page.select_one(".error-summary"))
    assert page.select_one("#birth_name")["value"] == "Martin"


def test_forms_work_over_https(app):
    """Over HTTPS Flask-WTF wants a same-origin Referer: the policy must let it through."""
    client = app.test_client()
    base = "https://demande.example"
    home = check_page(client.get("/", base_url=base).data)
    token = home.select_one("input[name=csrf_token]")["value"]
    response = client.post("/commencer", base_url=base, data={"csrf_token": token},
                           headers={"Referer": base + "/"})
    assert response.status_code == 302
    assert "Strict-Transport-Security" in response.headers


def test_security_headers(client):
    response = client.get("/")
    csp = response.headers["Content-Security-Policy"]
    assert "default-src 'none'" in csp and "script-src" not in csp
    assert "unsafe-inline" not in csp
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert response.headers["Cache-Control"] == "private, no-cache"  # public: back/forward cache
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_session_cookie_is_secure_and_http_only(browser):
    browser.get("/")
    response = browser.client.post("/commencer", data={"csrf_token": browser.csrf()})
    cookie = response.headers["Set-Cookie"]
    assert "Secure" in cookie and "HttpOnly" in cookie and "SameSite=Lax" in cookie


def test_no_inline_script_or_style(browser):
    browser.start()
    for page in PAGES[:3]:
        soup = browser.get(f"/demande/{page.slug}")
        assert not soup.find("script")
        assert not soup.find(style=True) and not soup.find("style")


def test_large_request_gets_a_friendly_page(browser):
    browser.start()
    browser.get("/demande/identite")
    response = browser.client.post("/demande/identite", data={
        "csrf_token": browser.csrf(), "birth_name": "A" * 300_000})
    assert response.status_code == 413
    assert "trop volumineux" in text(check_page(response.data).h1)


def test_too_long_answer_is_refused_not_truncated(browser):
    browser.start()
    page = browser.submit("/demande/identite", {"civility": "madame", "birth_name": "A" * 60,
                                                "first_names": "Awa"}, status=200)
    assert "50 caractères au plus ; vous en avez saisi 60" in text(page.select_one(
        "#birth_name-error"))
    assert page.select_one("#birth_name")["value"] == "A" * 60


NASTY = ["", " ", "\x00", "'; drop table applications; --", "<script>alert(1)</script>",
         "é" * 500, "\ud800".encode("utf-8", "surrogatepass").decode("utf-8", "replace"),
         "9" * 40, "²", "-1", "１２", "\u202e", "%s%n", "../../etc/passwd"]


@pytest.mark.parametrize("nasty", NASTY)
def test_no_server_error_on_any_input(browser, nasty):
    browser.start()
    browser.get("/")  # any page with a form gives the session's CSRF token
    for page in PAGES:
        names = [q.name for q in page.questions]
        data = {name: nasty for name in names}
        data.update({f"{name}-{part}": nasty for name in names for part in ("day", "month", "year")})
        data.update({"page_revision": nasty, "action": nasty, "csrf_token": browser.csrf()})
        response = browser.client.post(f"/demande/{page.slug}", data=data)
        assert response.status_code in (200, 302, 409), (page.slug, response.status_code)
        if response.status_code == 200:
            soup = check_page(response.data)
            for name in names:
                field = soup.select_one(f"input[name={name}][type=text]")
                if field is not None and nasty.strip() and "\x00" not in nasty:
                    assert field["value"] == nasty  # what was typed is shown back


def test_unexpected_error_is_friendly_and_logs_no_value(app, browser, caplog, monkeypatch):
    browser.start()
    answer_pages(browser, [("votre-demande", {"request_kind": "premiere"})])

    def broken(*args, **kwargs):
        raise ValueError("Ndiaye 285037127000520")

    monkeypatch.setattr("logement.storage.Store.save_page", broken)
    with caplog.at_level(logging.ERROR, logger="logement"):
        page = browser.submit("/demande/identite", {"civility": "madame", "birth_name": "Ndiaye",
                                                    "first_names": "Awa"}, status=500)
    assert "erreur" in text(page.h1)
    assert "ValueError" in caplog.text
    assert "Ndiaye" not in caplog.text and "285037127000520" not in caplog.text


def test_urls_carry_no_personal_data(browser, household):
    browser.start()
    for slug, data in household("family"):
        location = browser.submit(f"/demande/{slug}", data)
        for value in data.values():
            if len(value) > 2:
                assert value not in location
