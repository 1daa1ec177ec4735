"""Smaller things people meet: the back button on public pages, a favicon, the upload
error state, the save button's weight, the maximum of communes, and wording for people
at the margins (no job and not registered, sleeping rough, retired with a disability)."""

import datetime as dt

import pytest

from conftest import SPOUSE, Browser, answer_pages
from forms import documents
from htmlcheck import check_page, text

PUBLIC = ("/", "/reprendre", "/charger-un-dossier", "/donnees-personnelles", "/guichets/",
          "/guichets/71270", "/renouvellement")


@pytest.mark.parametrize("url", PUBLIC)
def test_public_pages_may_stay_in_the_back_forward_cache(places_app, url):
    response = places_app.test_client().get(url)
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "private, no-cache"


def test_pages_with_personal_data_are_never_stored(browser):
    browser.start()
    client = browser.client
    for url in ("/demande/", "/demande/identite", "/demande/code", "/demande/recapitulatif",
                "/demande/prochaines-etapes", "/page-qui-n-existe-pas"):
        assert client.get(url).headers["Cache-Control"] == "no-store", url
    # What a person sent back to a public page: their renewal dates, a wrong code.
    for url, data in (("/renouvellement", {"registration_number": "071122301000123456",
                                           "filing_date-day": "1", "filing_date-month": "2",
                                           "filing_date-year": "2026"}),
                      ("/reprendre", {"code": "7K2QM-XP4AR-9TDH3"})):
        page = browser.get(url)
        token = page.select_one("input[name=csrf_token]")["value"]
        response = client.post(url, data={"csrf_token": token, **data})
        assert "no-store" in response.headers["Cache-Control"], url


def test_a_small_favicon_is_linked_from_every_page(client):
    page = check_page(client.get("/").data)
    href = page.select_one("link[rel=icon]")["href"]
    response = client.get(href)
    assert response.status_code == 200
    assert response.data[:4] == b"\x00\x00\x01\x00"  # an ICO file
    assert len(response.data) < 1024


def test_the_upload_field_is_marked_invalid_with_its_error(browser):
    page = browser.get("/charger-un-dossier")
    assert not page.select_one("#dossier").has_attr("aria-invalid")
    token = page.select_one("input[name=csrf_token]")["value"]
    response = browser.client.post("/charger-un-dossier", data={"csrf_token": token})
    page = check_page(response.data)
    field = page.select_one("#dossier")
    assert field["aria-invalid"] == "true"
    assert "dossier-error" in field["aria-describedby"].split()


def test_date_groups_are_plain_fieldsets_and_saving_is_the_lighter_button(browser):
    browser.start()
    page = browser.get("/demande/date-de-naissance")
    fieldset = page.select_one("fieldset")
    assert not fieldset.has_attr("role")  # a fieldset is a group already
    continue_button = page.select_one("button[value=continuer]")
    save = page.select_one("button[value=plus-tard]")
    assert "button" in continue_button["class"]
    assert "button" not in save["class"] and "link-like" in save["class"]


def test_no_job_and_not_registered_is_told_where_to_go(browser):
    browser.start()
    page = browser.get("/demande/situation-professionnelle")
    hint = text(page.select_one("#work_status-hint"))
    assert "pas inscrit à France Travail" in hint and "« Autre situation »" in hint
    assert page.select_one("fieldset")["aria-describedby"] == "work_status-hint"
    answer_pages(browser, SPOUSE[:3])
    page = browser.get("/demande/liste/codemandeurs/1/3")
    assert "France Travail" in text(page.select_one("#work_status-hint"))


def test_sleeping_rough_is_not_asked_rooms_or_rent(browser):
    browser.start()
    answer_pages(browser, [("ou-vivez-vous", {"living_situation": "domicilie"})])
    page = browser.get("/demande/logement-actuel")
    # Why "where do you live" comes back after the mail address.
    assert "même si votre courrier va à un CCAS" in text(page.select_one("#housing_status-hint"))
    location = browser.submit("/demande/logement-actuel", {"housing_status": "F17"})
    assert location.endswith("/demande/motifs")
    tasks = browser.get("/demande/")
    assert not tasks.select("a[href$='/logement-actuel-details']")
    # Someone in a squat still has rooms: the page is asked.
    location = browser.submit("/demande/logement-actuel", {"housing_status": "F18"})
    assert location.endswith("/demande/logement-actuel-details")


def test_a_retired_person_with_a_disability_gets_each_document_once(app):
    answers = {"work_status": "D6", "disabled_people": "1", "nationality": "francaise",
               "monthly_applicant_pension": "980", "monthly_applicant_invalidity": "210",
               "monthly_applicant_aah": "150"}
    with app.test_request_context():
        applicant = documents.checklist(answers)[0]
        titles = [str(d.title) for d in applicant.documents]
        said = " ".join(titles + [str(d.detail) for d in applicant.documents if d.detail])
        assert said.lower().count("retraite") == 1, titles  # the pension notice, once
        assert "Notification de pension (retraite ou invalidité)" in titles
        # Self-employed (D6 without a pension): the proof of their situation is asked.
        self_employed = documents.checklist({"work_status": "D6",
                                             "monthly_applicant_salary": "1200"})[0]
        assert documents.OTHER_WORK in self_employed.documents


def test_the_maximum_of_communes_is_said_with_how_to_change(places_app):
    person = Browser(places_app.test_client())
    person.start()
    for query in ("Mâcon", "Tournus", "Cluny", "Autun", "Louhans", "Digoin", "Chalon-sur-Saône",
                  "Montceau-les-Mines"):
        page = person.get("/demande/communes?q=" + query)
        assert not page.select("#locations-full")
        button = page.select_one(".results button")
        data = {i["name"]: i["value"] for i in button.find_parent("form").select("input")}
        assert person.client.post("/demande/communes", data={**data, "action": "ajouter"}) \
            .status_code == 302, query
    page = person.get("/demande/communes")
    assert len(page.select("ol.choices li")) == 8 and not page.select("input#q")
    message = text(page.select_one("#locations-full"))
    assert message.startswith("Vous avez choisi 8 communes : c'est le maximum.")
    assert "retirez d'abord une commune" in message and "« Monter »" in message


def test_dates_today_for_the_browser_walk_stay_inside_the_bounds():
    """The walk signs today: inside the signature date's bounds whatever the day."""
    from forms.cerfa import PAGES_BY_SLUG

    q = PAGES_BY_SLUG["date-de-signature"].questions[0]
    assert q.earliest_days <= 0 <= q.latest_days
    assert dt.date.today() + dt.timedelta(days=q.latest_days) < dt.date(2090, 1, 1)
