"""The answers page (check your answers): one card per task and per person, every answer
shown once, change links that say what and whose; and "save and resume later"."""

import pytest

from conftest import answer_pages, person_cards, review_rows
from htmlcheck import text

REVIEW = "/demande/recapitulatif"


def saved_application(app, code):
    from logement import get_store, resume_codes

    with app.test_request_context():
        return get_store().find_by_code(resume_codes.normalise(code))


def main_text(page):
    return " ".join(page.select_one("main").get_text(" ").replace("\xa0", " ")
                    .replace("\u202f", " ").split())


def change_links(page):
    return page.select("main .summary-card a")


@pytest.mark.answered("large")
def test_one_card_per_task_and_per_person_under_the_page_heading(browser):
    page = browser.get(REVIEW)
    assert text(page.h1) == "Vérifiez vos réponses"
    cards = page.select("main > section.summary-card")
    from forms import TASKS

    assert [text(card.h2) for card in cards] == [str(task.title) for task in TASKS]
    assert "Vos réponses" not in [text(h) for h in page.select("h2")]
    # People are h3 inside their task's card, named (in <bdi translate=no>) and placed.
    people = {text(h3.find_parent("section", class_="summary-card").h2): text(h3)
              for h3 in page.select(".summary-card__person > h3")}
    assert people == {"Conjoint ou codemandeurs": "Ibrahima Keita , conjoint ou codemandeur",
                      "Colocataires et handicap": "Léa Moreau , colocataire",
                      "Personnes à charge et naissance attendue":
                          "Mariama Keita , personne à charge"}
    for h3 in page.select(".summary-card__person > h3"):
        assert h3.bdi["translate"] == "no"
    # A person's pages are h4 below them when there are several.
    assert [text(h4) for h4 in page.select(".summary-card__person h4")] == [
        "Conjoint ou codemandeur", "Ses coordonnées", "Sa situation professionnelle",
        "Ses revenus"]


@pytest.mark.answered("large")
def test_every_answer_is_shown_formatted(app, browser, resume_code):
    from forms import active_pages
    from logement.views_helpers import address_groups, answer_text

    page = browser.get(REVIEW)
    shown = main_text(page)
    application = saved_application(app, resume_code)
    with app.test_request_context():
        expected = []
        for asked in active_pages(application.answers):
            sources = [(p, application.answers) for p in [asked]]
            if asked.collection is not None:
                sources = [(step, item) for item in application.answers.get(
                    asked.collection.name, []) for step in asked.collection.steps]
            for shown_page, answers in sources:
                in_address = {q for qs in address_groups(shown_page).values() for q in qs}
                for q in shown_page.questions:
                    value = answers.get(q.name)
                    if value in (None, "", []) or q.kind == "collection":
                        continue
                    expected.append(str(value) if q in in_address else answer_text(q, value))
    missing = [v for v in expected
               if " ".join(v.replace("\xa0", " ").replace("\u202f", " ").split()) not in shown]
    assert len(expected) > 80 and missing == []
    rows = review_rows(page)
    assert rows["Quelle est votre date de naissance ?"] == "12 juillet 1988"
    amounts = {label: value.replace("\xa0", " ").replace("\u202f", " ")
               for label, value in rows.items() if "€" in value}
    assert amounts["Pensions alimentaires que vous versez (déduites) case E54"] == "− 150 €"
    assert amounts["Loyer ou redevance, charges comprises (€ par mois) case F29"] == "780 €"


@pytest.mark.answered("large")
def test_an_address_is_one_row_with_one_change_link(browser):
    page = browser.get(REVIEW)
    rows = review_rows(page)
    home = [r for r in page.select(".summary__row")
            if text(r.dt) == "Adresse du logement où vous vivez actuellement"][0]
    assert home.select_one("dd").get_text().split("\n") == [
        "Appartement 31, Étage 3, Escalier 2", "Bâtiment B, Résidence Les Tilleuls",
        "12 bis rue de la Paix", "71000 Mâcon"]
    assert rows["Adresse à laquelle envoyer votre courrier"] == "41 rue de la Barre 71000 Mâcon"
    assert rows["Personne ou structure à qui envoyer le courrier"] == "CCAS de Mâcon"
    link = home.select_one("a")
    assert link["href"] == "/demande/adresse?retour=recapitulatif#address_number"
    assert text(link) == "Modifier : Adresse du logement où vous vivez actuellement"
    labels = [text(r.dt) for r in page.select(".summary__row")]
    assert not {"Voie", "Numéro", "Code postal", "Ville", "Lieu-dit"} & set(labels)


@pytest.mark.answered("large")
def test_change_links_say_what_and_whose_and_are_half_as_many(app, browser, resume_code):
    from forms import active_pages

    page = browser.get(REVIEW)
    names = [text(a) for a in change_links(page)]
    assert len(names) == len(set(names)), "two change links with the same name"
    assert "Modifier : Nom de naissance" in names
    assert "Modifier : Ses coordonnées – Ibrahima Keita" in names
    assert "Modifier : Personne à charge – Mariama Keita" in names
    for link in page.select(".summary-card__person a"):
        assert link.bdi and link.bdi["translate"] == "no"
    # The same label on two pages is told apart (rooms of the home and of the other one).
    assert "Modifier : Nombre de pièces principales (L'autre logement dont vous êtes " \
           "propriétaire)" in names
    # The flat list had one change link per question asked; this has at most half.
    answers = saved_application(app, resume_code).answers
    flat = 0
    for asked in active_pages(answers):
        flat += len(asked.questions)
        if asked.collection is not None:
            flat += len(asked.collection.questions) * len(answers.get(asked.collection.name, []))
    assert len(names) * 2 <= flat


@pytest.mark.answered("large")
def test_optional_questions_left_blank_are_one_line_not_rows(browser):
    page = browser.get(REVIEW)
    rows = review_rows(page)
    assert "Téléphone domicile ou professionnel" not in rows
    lines = [text(p) for p in page.select(".summary__blank")]
    assert "Sans réponse (facultatif) : Téléphone domicile ou professionnel" in lines
    assert "Cases non cochées : Je n'ai pas encore de numéro de sécurité sociale" in lines
    # A page with nothing answered stays one row, with its way back to the page.
    assert rows["Naissance attendue"] == "Non renseigné"
    assert rows["À quelle date signerez-vous le formulaire ? case H4"] == "Non renseigné"
    not_given = [r for r in page.select(".summary__row") if text(r.dd) == "Non renseigné"]
    assert len(not_given) == 2
    # A question not asked (no long unemployment for him) is not called blank.
    assert not any("Date de fin" in line for line in lines)


def test_a_page_of_boxes_left_unticked_says_so(browser):
    browser.start()
    answer_pages(browser, [("contrat-et-chomage", {})])
    assert review_rows(browser.get(REVIEW))["Contrat et chômage"] == "Aucune case cochée"


@pytest.mark.answered("large")
def test_every_page_asked_is_reachable_from_the_answers_page(browser):
    page = browser.get(REVIEW)
    hrefs = {a["href"].split("?")[0].split("#")[0] for a in change_links(page)}
    assert {"/demande/identite", "/demande/adresse", "/demande/adresse-courrier",
            "/demande/naissance-attendue", "/demande/date-de-signature",
            "/demande/liste/codemandeurs", "/demande/liste/codemandeurs/1/4",
            "/demande/liste/colocataires/1/1", "/demande/liste/autres-enfants",
            "/demande/communes"} <= hrefs


@pytest.mark.answered("large")
def test_a_persons_change_link_comes_back_to_the_answers_page(browser):
    page = browser.get(REVIEW)
    link = [a for a in change_links(page) if "Ses coordonnées" in text(a)][0]
    form = browser.get(link["href"])
    assert form.select_one("a.back-link")["href"] == REVIEW
    assert browser.submit(link["href"], {"phone_mobile": "07 99 88 77 66",
                                         "consent_email": "oui"}) == REVIEW
    card = person_cards(browser.get(REVIEW))["Ibrahima Keita, conjoint ou codemandeur"]
    assert card["Téléphone portable"] == "07 99 88 77 66"


@pytest.mark.answered("large")
def test_other_languages_keep_the_cerfa_wording_out_of_change_links(client, browser):
    client.get("/langue/en")
    page = browser.get(REVIEW)
    assert page.select(".summary__row dt .cerfa-wording [lang=fr]")  # still shown
    for link in change_links(page):
        assert not link.select("[lang=fr]") and "On the Cerfa" not in text(link)


@pytest.mark.answered("large")
def test_people_are_named_on_their_pages(browser):
    page = browser.get("/demande/liste/codemandeurs/1/2")
    assert text(page.h1) == "Ibrahima Keita Ses coordonnées"
    assert page.h1.bdi["translate"] == "no"
    assert text(page.title).startswith("Ses coordonnées – Ibrahima Keita – ")
    # A new person has no name yet: their place in the list.
    page = browser.get("/demande/liste/personnes-a-charge/2")
    assert text(page.h1) == "Personne à charge 2"
    assert text(page.title).startswith("Personne à charge 2 – ")
    # Saved for later before the names: called by their place in the list meanwhile.
    later(browser, "/demande/liste/personnes-a-charge/2", {"sex": "m"})
    page = browser.get("/demande/liste/personnes-a-charge")
    assert [text(dt) for dt in page.select(".summary dt")] == ["Mariama Keita",
                                                              "Personne à charge 2"]
    assert text(browser.get("/demande/liste/personnes-a-charge/2").h1) == "Personne à charge 2"
    assert "Personne à charge 2, personne à charge" in person_cards(browser.get(REVIEW))


def test_names_are_escaped_on_the_answers_and_person_pages(app, client):
    from logement import get_store

    name = '<img src=x onerror=alert(1)>'
    with app.test_request_context():
        application = get_store().create("14069*04", answers={
            "dependants": [{"last_name": "X", "first_names": name, "birth_date": "2015-06-04",
                            "sex": "f", "link": "enfant"}]})
    with client.session_transaction() as session:
        session["application_id"] = application.id
    for url in (REVIEW, "/demande/liste/personnes-a-charge/1"):
        html = client.get(url).data.decode()
        assert "<img" not in html and "&lt;img src=x" in html


# -- "Enregistrer et reprendre plus tard" ----------------------------------------------

def later(browser, url, data):
    return browser.submit(url, {**data, "action": "plus-tard"})


def test_later_on_an_unanswered_required_question_saves_the_rest(browser):
    code = browser.start()
    assert later(browser, "/demande/identite", {"civility": "madame", "birth_name": "",
                                                "first_names": "Awa"}) == "/demande/code"
    page = browser.get("/demande/code")
    assert text(page.select_one(".code")) == code
    assert "La page « Votre identité » reste à compléter" in text(page.select_one(".banner"))
    assert page.select_one(".no-print a.button")["href"] == "/demande/votre-demande"
    page = browser.get("/demande/identite")
    assert page.select_one("#first_names")["value"] == "Awa"
    assert page.select_one("#civility-madame").has_attr("checked")
    # Not done: the task is not finished and the answers page asks for it.
    tasks = browser.get("/demande/")
    statuses = {text(t.a): text(t.select_one(".tag")) for t in tasks.select(".task-list__item")}
    assert statuses["Votre identité"] == "En cours" or statuses["Votre identité"] == "À faire"
    rows = review_rows(browser.get(REVIEW))
    assert rows["Votre identité"] == "À compléter" and rows["Prénoms"] == "Awa"


def test_later_names_the_typed_answers_that_could_not_be_saved(browser):
    browser.start()
    answer_pages(browser, [("identite", {"civility": "madame", "birth_name": "Diallo",
                                         "first_names": "Awa"})])
    assert later(browser, "/demande/identite", {"civility": "madame", "birth_name": "Diallo2",
                                                "usage_name": "Morel",
                                                "first_names": "Awa"}) == "/demande/code"
    banner = text(browser.get("/demande/code").select_one(".banner"))
    assert "n'ont pas été enregistrées : « Nom de naissance »" in banner
    page = browser.get("/demande/identite")
    assert page.select_one("#usage_name")["value"] == "Morel"  # valid: saved
    assert page.select_one("#birth_name")["value"] == "Diallo"  # the invalid one: not stored


def test_later_with_every_answer_valid_finishes_the_page(browser):
    browser.start()
    assert later(browser, "/demande/nationalite", {"nationality": "francaise"}) == \
        "/demande/code"
    assert browser.get("/demande/code").select_one(".banner") is None
    rows = review_rows(browser.get(REVIEW))
    assert rows["Quelle est votre nationalité ?"] == "Française"


def test_later_on_a_persons_page_keeps_the_person(browser):
    browser.start()
    assert later(browser, "/demande/liste/codemandeurs/1", {
        "birth_name": "Keita", "first_names": "Ibrahima", "nir": "123"}) == "/demande/code"
    banner = text(browser.get("/demande/code").select_one(".banner"))
    assert "La page « Conjoint ou codemandeur » reste à compléter" in banner
    assert "« Son numéro de sécurité sociale »" in banner
    page = browser.get("/demande/liste/codemandeurs")
    assert [text(dt) for dt in page.select(".summary dt")] == ["Ibrahima Keita"]
    page = browser.get("/demande/liste/codemandeurs/1")
    assert page.select_one("#first_names")["value"] == "Ibrahima"
    review = browser.get(REVIEW)
    assert review_rows(review)["Conjoint ou codemandeurs"] == "1. Ibrahima Keita"
    card = review.select_one(".summary-card__person")
    assert "À compléter" in text(card)
    assert text(card.select_one("a")).startswith("Répondre")


def test_later_on_a_list_page(browser):
    browser.start()
    page = browser.get("/demande/liste/colocataires")
    assert "plus-tard" in [b.get("value") for b in page.select("main form button")]
    assert later(browser, "/demande/liste/colocataires", {}) == "/demande/code"
    assert later(browser, "/demande/liste/colocataires", {"add_more": "non"}) == \
        "/demande/code"
    assert review_rows(browser.get(REVIEW))["Vos colocataires"] == "Aucune personne"
