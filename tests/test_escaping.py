"""What a person typed or a file held comes back as text, never as markup: search
echoes, error messages, question pages, lists and their flash, review, next steps,
the dossier upload's problems and the PDF. Each page is parsed, and the payloads
must show literally with no element of theirs in the page."""

import io
import json

import pytest
from pypdf import PdfReader

from forms import PAGES, active_pages, dossier, editions
from hostile_files import ROUTE_DOMICILED, ROUTE_HOSTED, route_dossier
from htmlcheck import check_page, text
from logement import open_store

PAYLOADS = [
    '<meta http-equiv="refresh" content="0;url=https://evil.example/">',
    '<a href="https://evil.example/">Cliquez ici</a>',
    "{{7*7}} {{ config }}",
    "%(name)s %(typed)s %s",
    "</bdi><b>gras</b><bdi>",
    '"><img src=x alt=pris>',
]
SHORT = "<b>x</b>{{7*7}}"  # fits the 10-character boxes once cut by their limit message


def assert_inert(page):
    """No element or attribute of a payload made it into the page."""
    assert page.find("meta", attrs={"http-equiv": True}) is None
    assert not page.select("a[href^='https://evil.example'], img, b, script, iframe, object")


def open_application(app, client, answers):
    """An application with these answers, open in this client's session."""
    store = open_store(app)
    try:
        with app.test_request_context():
            done = [p.slug for p in active_pages(answers)]
        application = store.create(editions.CURRENT.code, answers=answers, done=done)
    finally:
        store.close()
    with client.session_transaction() as session:
        session["application_id"] = application.id
    return application


def loaded(app, route):
    with app.test_request_context():
        answers, problems = dossier.load(route_dossier(route))
    assert problems == []
    return answers


@pytest.mark.parametrize("payload", PAYLOADS)
def test_search_boxes_show_the_query_as_text(places_app, payload):
    client = places_app.test_client()
    open_application(places_app, client, {})
    for url in ("/guichets/", "/demande/communes"):
        response = client.get(url, query_string={"q": payload})
        assert response.status_code in (200, 400), url  # the search page answers 200
        page = check_page(response.data)
        assert_inert(page)
        assert page.select_one("#q")["value"] == payload
        assert f"« {payload} »" in text(page.select_one("#q-error"))
        assert payload in text(page.select_one(".error-summary"))


def _text_inputs(page):
    form = page.select_one("main form[method=post]")
    return [i["name"] for i in form.select("input[type=text], input[type=tel], "
                                           "input[type=email], textarea")]


def test_every_question_page_shows_typed_markup_as_text(app, browser):
    """Every page of both routes (and each step of each person), every text box."""
    reached = set()
    for route, shift in ((ROUTE_HOSTED, 0), (ROUTE_HOSTED, 3), (ROUTE_DOMICILED, 1),
                         (ROUTE_DOMICILED, 4)):
        answers = loaded(app, route)
        open_application(app, browser.client, answers)
        urls = [f"/demande/{p.slug}" for p in active_pages(answers)
                if p.collection is None and p.slug != "communes"]
        urls += [f"/demande/liste/{p.slug}/1/{step}" for p in PAGES if p.collection
                 for step in range(1, len(p.collection.steps) + 1)]
        for url in urls:
            page = browser.get(url)
            names = _text_inputs(page)
            if not names:
                continue
            fields = {i["name"]: i.get("value", "")
                      for i in page.select("main form[method=post] input[type=hidden]")}
            # Radios left empty where a choice is required: the page comes back.
            typed = {name: PAYLOADS[(n + shift) % len(PAYLOADS)]
                     for n, name in enumerate(names)}
            fields.update(typed)
            response = browser.client.post(url, data=fields)
            assert response.status_code in (200, 302, 409), (url, response.status_code)
            if response.status_code == 302:
                continue  # saved: the review below shows it
            page = check_page(response.data)
            assert_inert(page)
            for name in names:
                field = page.select_one(f"[name='{name}']")
                shown = field.get("value") if field.name == "input" else field.get_text()
                assert shown.strip() == typed[name].strip(), (url, name)
            reached.add(url)
        review = browser.get("/demande/recapitulatif")
        assert_inert(review)
        # Saved in the free-text boxes, shown as typed.
        assert any(payload in text(review) for payload in PAYLOADS)
        assert_inert(browser.get("/demande/"))
        assert_inert(browser.get("/demande/prochaines-etapes"))
    assert len(reached) >= 20


def test_names_in_lists_flash_review_and_checklist_are_text(app, browser):
    """A draft saved before names were checked, holding markup in every name."""
    answers = loaded(app, ROUTE_HOSTED)
    for payload in PAYLOADS:
        for collection in ("coapplicants", "dependants", "other_children", "flatmates"):
            answers[collection] = [{**answers[collection][0], **{
                key: payload for key in ("last_name", "birth_name", "first_names",
                                         "usage_name") if key in answers[collection][0]}}]
        answers["birth_name"] = answers["first_names"] = payload
        open_application(app, browser.client, answers)
        for url in ("/demande/recapitulatif", "/demande/prochaines-etapes",
                    "/demande/liste/personnes-a-charge", "/demande/liste/codemandeurs",
                    "/demande/liste/colocataires", "/demande/liste/autres-enfants"):
            page = browser.get(url)
            assert_inert(page)
            assert payload in text(page), url
        page = browser.get("/demande/liste/personnes-a-charge")
        remove = page.select_one("form[action$='/1/retirer']")
        fields = {i["name"]: i.get("value", "") for i in remove.select("input[type=hidden]")}
        response = browser.client.post(remove["action"], data=fields)
        assert response.status_code == 302
        page = browser.get(response.headers["Location"])
        assert_inert(page)
        banner = page.select_one(".banner")
        assert f"{payload} a été retiré(e) de la liste." in text(banner)
        assert banner.select_one("bdi[translate=no]") is not None  # the name keeps its direction


@pytest.mark.parametrize("payload", PAYLOADS)
def test_an_uploaded_dossier_is_shown_back_as_text(app, browser, payload):
    browser.get("/charger-un-dossier")
    body = json.dumps({"format": payload, "version": payload, "edition": payload,
                       payload: payload, "answers": {
                           payload: payload, "birth_name": payload, "nir": payload,
                           "dependants": [{payload: payload, "last_name": payload}],
                           "locations": [{"code": payload, "postcode": payload}]}})
    response = browser.client.post("/charger-un-dossier", data={
        "csrf_token": browser.csrf(), "dossier": (io.BytesIO(body.encode()), "dossier.json")},
        content_type="multipart/form-data")
    assert response.status_code == 400
    page = check_page(response.data)
    assert_inert(page)
    problems = [text(li) for li in page.select("#dossier-error li")]
    assert any(f"« {payload[:60]}" in problem for problem in problems), problems


def test_the_pdf_prints_typed_markup_as_written(app, browser, tmp_path):
    answers = loaded(app, ROUTE_HOSTED)
    answers["additional_information"] = "\n".join(PAYLOADS * 12)  # too long: the annex
    open_application(app, browser.client, answers)
    response = browser.client.get("/demande/cerfa.pdf")
    assert response.status_code == 200
    printed = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.data)).pages)
    printed = " ".join(printed.split())
    for payload in PAYLOADS:
        assert payload.upper() in printed


@pytest.mark.parametrize("payload", PAYLOADS)
def test_resume_code_and_renewal_forms_show_typed_markup_as_text(browser, payload):
    page = browser.submit("/reprendre", {"code": payload}, status=200)
    assert_inert(page)
    assert page.select_one("input[name=code]")["value"] == payload
    page = browser.submit("/renouvellement", {"registration_number": payload,
                                              "filing_date-day": payload,
                                              "filing_date-month": "2",
                                              "filing_date-year": "2024"}, status=400)
    assert_inert(page)
    assert page.select_one("#registration_number")["value"] == payload
    assert page.select_one("#filing_date-day")["value"] == payload
