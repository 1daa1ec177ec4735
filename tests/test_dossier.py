"""Dossier import (upload page and `render-pdf`): every person of every list and every
commune checked like the web pages, lists capped, any malformed file answered with
its list of problems (never a 500)."""

import io
import json
from urllib.parse import urlsplit

import pytest

from forms import PAGES, dossier
from hostile_files import MALFORMED, largest_household, valid_nir
from htmlcheck import check_page, text

SITE = "demande-logement-social"


def upload(browser, body):
    browser.get("/charger-un-dossier")
    response = browser.client.post("/charger-un-dossier", data={
        "csrf_token": browser.csrf(), "dossier": (io.BytesIO(body), "demande.json")},
        content_type="multipart/form-data")
    return response


def problems_of(response):
    assert response.status_code == 400, response.status_code
    page = check_page(response.data)
    return [text(li) for li in page.select("#dossier-error li")]


def file_of(answers):
    return json.dumps({"format": SITE, "version": 1, "answers": answers}).encode()


def communes_of(places_app, departement="71", count=8):
    from logement import open_places

    places = open_places(places_app)
    try:
        rows = places.by_departement(departement)[:count]
        return [(row["code"], row["postcodes"].split()[0]) for row in rows]
    finally:
        places.close()


@pytest.mark.parametrize("case", MALFORMED)
def test_a_malformed_file_gets_its_problems_not_an_error(browser, case):
    response = upload(browser, MALFORMED[case])
    if case == "over the size limit":  # refused with the request, before the page reads it
        assert response.status_code == 413
        assert "trop volumineux" in text(check_page(response.data).h1)
        return
    problems = problems_of(response)
    assert 1 <= len(problems) <= dossier.MAX_PROBLEMS


@pytest.mark.parametrize("case", ["nested 1,000 deep", "lone surrogate in a key", "NaN",
                                  "huge integer", "binary", "60,000 empty dependants",
                                  "over the size limit"])
def test_render_pdf_lists_the_problems_of_a_malformed_file(app, tmp_path, case):
    path = tmp_path / "dossier.json"
    path.write_bytes(MALFORMED[case])
    result = app.test_cli_runner().invoke(args=["render-pdf", str(path),
                                                str(tmp_path / "out.pdf")])
    assert result.exit_code == 1, result.output
    assert "problem(s), no PDF written" in result.output
    assert not (tmp_path / "out.pdf").exists()


def test_what_each_malformed_file_is_told(browser):
    said = {case: " ".join(problems_of(upload(browser, MALFORMED[case])))
            for case in ("empty file", "utf-16 with BOM", "nested 1,000 deep",
                         "lone surrogate in a person", "NaN", "huge integer",
                         "not an object: list", "repeated keys",
                         "60,000 empty dependants", "12,000 co-applicants")}
    assert "(il est vide)" in said["empty file"]
    assert "pas enregistré en UTF-8" in said["utf-16 with BOM"]
    assert "trop de niveaux imbriqués" in said["nested 1,000 deep"]
    assert "« answers.dependants[1].last_name » : texte illisible" \
        in said["lone surrogate in a person"]
    assert "« NaN » n'est pas un nombre" in said["NaN"]
    assert "plus de 15 chiffres" in said["huge integer"]
    assert "objet JSON" in said["not an object: list"]
    assert "« answers.birth_name » : donné deux fois" in said["repeated keys"]
    assert "16 personnes au plus ; le fichier en a 60000" in said["60,000 empty dependants"]
    assert "6 personnes au plus ; le fichier en a 12000" in said["12,000 co-applicants"]


def test_a_byte_order_mark_is_read_like_any_utf8_file(browser):
    body = "\ufeff".encode() + file_of({"birth_name": "Ndiaye"})
    assert upload(browser, body).headers["Location"] == "/demande/code"


def test_each_person_is_checked_with_the_rules_of_their_pages(browser):
    dependant = {"last_name": "Ndiaye", "first_names": "Awa", "birth_date": "2015-06-04",
                 "sex": "f", "link": "enfant"}
    problems = problems_of(upload(browser, file_of({
        "coapplicants": [{"civility": "monsieur", "birth_name": "Ndiaye",
                          "first_names": "Ousmane", "birth_date": "1982-11-09",
                          "nationality": "francaise", "nir": "123", "link": "B2",
                          "work_status": "D11", "income_n1": "douze mille"}],
        "dependants": [dependant, {**dependant, "birth_date": "2015-02-31"},
                       {**dependant, "sex": "x", "pointure": "32"},
                       {**dependant, "last_name": "<b>Martin</b>"}, {}],
        "flatmates": [{"civility": "madame", "birth_name": 12}],
        "other_children": [{**dependant, "link": "enfant"}],
    })))
    said = "\n".join(problems)
    for expected in (
            "« coapplicants » n°1, « nir » : Le numéro de sécurité sociale doit comporter",
            "« coapplicants » n°1, « income_n1 » : « Revenu fiscal de référence",
            "« dependants » n°2, « birth_date » : une date s'écrit AAAA-MM-JJ et doit exister",
            "« dependants » n°3, « sex » : Indiquez le sexe de cette personne",
            "« dependants » n°3, « pointure » : question inconnue",
            "« dependants » n°4, « last_name » : « Nom » : utilisez seulement des lettres",
            "« dependants » n°5, « last_name » : Saisissez le nom de cette personne",
            "« dependants » n°5, « birth_date » : Saisissez sa date de naissance",
            "« flatmates » n°1, « birth_name » : la réponse doit être du texte",
            "« flatmates » n°1, « first_names » : Saisissez son prénom",
            "« other_children » n°1, « link » : question inconnue",
            "« other_children » n°1, « custody » : Indiquez garde alternée"):
        assert expected in said, expected
    assert "« dependants » n°1" not in said  # the valid one


def test_a_person_stopped_between_two_pages_is_a_draft(app):
    """Like the site: the first page of a person is whole, a later page whole or absent."""
    person = {"civility": "monsieur", "birth_name": "Ndiaye", "first_names": "Ousmane",
              "birth_date": "1982-11-09", "nationality": "francaise",
              "nir": valid_nir(), "link": "B2"}
    with app.test_request_context():
        answers, problems = dossier.load({"format": SITE, "version": 1,
                                          "answers": {"coapplicants": [person]}})
        assert problems == [] and answers["coapplicants"][0]["birth_name"] == "Ndiaye"
        _answers, problems = dossier.load({"format": SITE, "version": 1, "answers": {
            "coapplicants": [{**person, "work_city": "Mâcon", "work_postcode": "71000"}]}})
    assert problems == ["« coapplicants » n°1, « work_status » : "
                        "Indiquez sa situation professionnelle"]


def test_each_list_is_capped_at_what_a_household_can_be(browser):
    for page in PAGES:
        collection = page.collection
        if collection is None:
            continue
        assert collection.max_items is not None
        problems = problems_of(upload(browser, file_of(
            {collection.name: [{}] * (collection.max_items + 1)})))
        assert problems == [f"« {collection.name} » : {collection.max_items} personnes au "
                            f"plus ; le fichier en a {collection.max_items + 1}"]


def test_communes_must_exist_in_the_commune_data(places_app):
    from conftest import Browser

    browser = Browser(places_app.test_client())
    (code, postcode), = communes_of(places_app, count=1)
    problems = problems_of(upload(browser, file_of({"locations": [
        {"code": code, "postcode": postcode, "name": "Ailleurs", "population": "1"},
        {"code": "99999", "postcode": "71000", "name": "Nulle part"},
        {"code": "ABCDE", "postcode": "ABCDE", "name": "Nulle part"},
        {"code": code, "postcode": "75001", "name": "Mâcon"},
        {"code": "75056", "postcode": "75001", "name": "Paris"},
        {"code": code, "postcode": postcode}] + [{}] * 0})))
    said = "\n".join(problems)
    assert "« locations » n°1 : « population » inconnu ici" in said
    assert "« locations » n°2 : aucune commune de code INSEE « 99999 »" in said
    assert "« locations » n°3 : aucune commune de code INSEE « ABCDE »" in said
    assert "« locations » n°4 : aucune commune de code INSEE" in said
    assert "« locations » n°5 : Paris est dans un autre département" in said
    assert "« locations » n°6 :" in said and "est déjà dans la liste" in said
    problems = problems_of(upload(browser, file_of({"locations": [{}] * 9})))
    assert problems == ["« locations » : 8 communes au plus ; le fichier en a 9"]


def test_the_largest_household_loads_and_every_page_answers(places_app, tmp_path):
    from conftest import Browser

    browser = Browser(places_app.test_client())
    document = largest_household(communes_of(places_app))
    response = upload(browser, json.dumps(document).encode())
    assert response.headers["Location"] == "/demande/code", problems_of(response)
    review = browser.get("/demande/recapitulatif")
    people = {tuple(urlsplit(a["href"]).path.split("/")[3:5])
              for a in review.select(".summary-card__person a[href^='/demande/liste/']")}
    assert len(people) == sum(p.collection.max_items for p in PAGES if p.collection)
    steps = browser.get("/demande/prochaines-etapes")
    assert len(steps.select("main h3")) >= 8  # a place to file for each commune
    pdf = browser.client.get("/demande/cerfa.pdf")
    assert pdf.status_code == 200 and pdf.data.startswith(b"%PDF")
    # The same file, through render-pdf.
    path = tmp_path / "dossier.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    result = places_app.test_cli_runner().invoke(args=["render-pdf", str(path),
                                                       str(tmp_path / "out.pdf")])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "out.pdf").read_bytes().startswith(b"%PDF")
