"""Odd requests get a friendly 4xx page, never a 500: hosts, methods, bodies."""

import io
import logging

import pytest

from htmlcheck import check_page, text


@pytest.mark.parametrize("host", ["a" * 64 + ".example", "a" * 5000, "x..y", "-a.example",
                                  "exa mple", "é.example", "[::1", "a\x00b", ""])
def test_an_impossible_host_gets_the_friendly_page(client, caplog, host):
    with caplog.at_level(logging.INFO, logger="logement"):
        response = client.get("/demande/identite", headers={"Host": host})
    assert response.status_code == 400
    assert "n'a pas pu être lue" in text(check_page(response.data).h1)
    assert "Traceback" not in caplog.text and (not host or host[:20] not in caplog.text)


@pytest.mark.parametrize("host", ["demande.example", "localhost:5000", "127.0.0.1:8000",
                                  "[2001:db8::1]:443", "xn--dmande-bva.example"])
def test_ordinary_hosts_are_served(client, host):
    assert client.get("/", headers={"Host": host}).status_code == 200


@pytest.mark.parametrize("method", ["PUT", "DELETE", "PATCH", "TRACE", "PROPFIND", "FOO"])
def test_unknown_methods_get_the_friendly_page(browser, method):
    browser.start()
    for url in ("/", "/demande/identite", "/reprendre", "/demande/fermer"):
        response = browser.client.open(url, method=method)
        assert response.status_code == 405, (url, response.status_code)
        assert check_page(response.data).h1


def test_json_on_a_form_route_is_refused_with_the_friendly_page(browser):
    browser.start()
    browser.get("/demande/identite")
    token = browser.csrf()
    for url in ("/demande/identite", "/reprendre", "/commencer", "/demande/fermer"):
        response = browser.client.post(url, json={"csrf_token": token, "birth_name": ["x"],
                                                  "civility": 1},
                                       headers={"X-CSRFToken": token})
        assert response.status_code == 415, url
        assert "n'a pas pu être lue" in text(check_page(response.data).h1)
    response = browser.client.post("/reprendre", data="code=1", content_type="text/plain")
    assert response.status_code == 415


def test_files_in_place_of_text_answers_are_ignored(browser):
    browser.start()
    browser.get("/demande/identite")
    token = browser.csrf()
    response = browser.client.post("/demande/identite", data={
        "csrf_token": token, "page_revision": (io.BytesIO(b"0"), "r.txt"),
        "civility": (io.BytesIO(b"madame"), "c.txt"), "first_names": "Awa",
        "birth_name": (io.BytesIO(b"<b>Ndiaye</b>"), "n.txt")},
        content_type="multipart/form-data")
    assert response.status_code == 200
    page = check_page(response.data)
    assert page.select_one("#birth_name-error")  # missing, so asked for
    response = browser.client.post("/reprendre", data={
        "csrf_token": token, "code": (io.BytesIO(b"x"), "code.txt")},
        content_type="multipart/form-data")
    assert response.status_code == 200
    assert "Saisissez votre code" in text(check_page(response.data).select_one("#code-error"))


def test_repeated_values_and_broken_encodings_are_not_errors(browser):
    browser.start()
    browser.get("/demande/identite")
    token = browser.csrf()
    response = browser.client.post("/demande/identite", data={
        "csrf_token": token, "civility": ["madame", "monsieur"], "birth_name": ["a", "b"],
        "first_names": "Awa", "page_revision": "0"})
    assert response.status_code in (200, 302, 409)
    response = browser.client.post(
        "/reprendre", data=f"csrf_token={token}&code=%ff%fe%00".encode(),
        content_type="application/x-www-form-urlencoded")
    assert response.status_code in (200, 400)
    check_page(response.data)
