"""A person fills page 1 of the Cerfa through the site (test client, parsed HTML)."""

import pytest

from conftest import answer_pages, pages_before, person_cards, review_rows
from htmlcheck import text


def test_home_page_explains_the_service_and_starts(browser):
    page = browser.get("/")
    assert "logement social" in text(page.h1)
    assert "14069" in text(page.select_one("main"))
    button = page.select_one("main form[action='/commencer'] button")
    assert text(button) == "Commencer une demande"
    assert page.select_one("main a[href='/reprendre']")


def test_start_shows_a_readable_resume_code(browser):
    code = browser.start()
    groups = code.split("-")
    assert [len(g) for g in groups] == [5, 5, 5, 5]
    assert not set(code) & set("ILOU")


def test_pages_ask_one_topic_with_the_question_as_heading(browser):
    browser.start()
    page = browser.get("/demande/nationalite")
    assert text(page.select_one("fieldset > legend > h1")) == "Quelle est votre nationalité ?"
    assert page.select_one("fieldset")["aria-describedby"] == "nationality-hint"
    assert text(page.select_one("a.back-link")) == "Retour"
    assert [text(b) for b in page.select("main form button")][0] == "Continuer"
    answer_pages(browser, [("ou-vivez-vous", {"living_situation": "heberge"})])
    page = browser.get("/demande/hebergement")
    assert text(page.select_one("h1 > label[for=host_name]")) == \
        "Nom de la personne ou de la structure qui vous héberge"


def test_no_social_security_number_yet(browser):
    browser.start()
    page = browser.get("/demande/securite-sociale")
    assert "carte Vitale" in text(page.select_one("#nir-hint"))
    assert text(page.select_one("label[for=nir_unknown]")) == \
        "Je n'ai pas encore de numéro de sécurité sociale"
    page = browser.submit("/demande/securite-sociale", {"nir": ""}, status=200)
    assert "cochez la case" in text(page.select_one("#nir-error"))
    page = browser.submit("/demande/securite-sociale",
                          {"nir": "2 85 03 71 270 005 20", "nir_unknown": "oui"}, status=200)
    assert page.select_one(".error-summary a")["href"] == "#nir_unknown"
    assert page.select_one("#nir_unknown").has_attr("checked")
    assert browser.submit("/demande/securite-sociale", {"nir_unknown": "oui"}) == \
        "/demande/coordonnees"
    rows = review_rows(browser.get("/demande/recapitulatif"))
    assert rows["Je n'ai pas encore de numéro de sécurité sociale"] == "Oui"


def test_hint_example_is_a_valid_number():
    from forms import PAGES_BY_SLUG, rules

    hint = str(PAGES_BY_SLUG["securite-sociale"].questions[0].hint)
    example = hint.rsplit("par exemple ", 1)[1]
    assert rules.parse_nir(example)


def test_optional_fields_are_marked(browser):
    browser.start()
    page = browser.get("/demande/identite")
    assert text(page.select_one("label[for=usage_name]")) == "Nom d'usage (facultatif)"
    assert text(page.select_one("label[for=birth_name]")) == "Nom de naissance"


def test_date_is_three_labelled_boxes_with_autocomplete(browser):
    browser.start()
    page = browser.get("/demande/date-de-naissance")
    fieldset = page.select_one("fieldset")
    assert text(fieldset.legend.h1) == "Quelle est votre date de naissance ?"
    inputs = fieldset.select("input")
    assert [i["autocomplete"] for i in inputs] == ["bday-day", "bday-month", "bday-year"]
    assert [text(page.select_one(f"label[for={i['id']}]")) for i in inputs] == \
        ["Jour", "Mois", "Année"]


def test_errors_are_summarised_linked_and_typed_values_kept(browser):
    browser.start()
    page = browser.submit("/demande/identite", {"civility": "", "birth_name": "Martin2",
                                                "first_names": ""}, status=200)
    assert page.title.get_text().startswith("Erreur : ")
    summary = page.select_one(".error-summary")
    assert text(summary.h2) == "Il y a un problème"
    links = {a["href"]: text(a) for a in summary.select("a")}
    assert links == {
        "#civility-monsieur": "Indiquez Monsieur ou Madame",
        "#birth_name": "« Nom de naissance » : utilisez seulement des lettres, des espaces, "
                       "des traits d'union et des apostrophes",
        "#first_names": "Saisissez votre prénom ou vos prénoms",
    }
    # The same message next to the field, and what was typed is still there.
    assert text(page.select_one("#birth_name-error")) == "Erreur : " + links["#birth_name"]
    assert page.select_one("#birth_name")["value"] == "Martin2"
    assert "birth_name-error" in page.select_one("#birth_name")["aria-describedby"]


def test_impossible_date_is_explained_and_kept(browser):
    browser.start()
    page = browser.submit("/demande/date-de-naissance", {
        "birth_date-day": "31", "birth_date-month": "02", "birth_date-year": "1990"}, status=200)
    assert "vraie date" in text(page.select_one("#birth_date-error"))
    assert [page.select_one(f"#birth_date-{p}")["value"] for p in ("day", "month", "year")] == \
        ["31", "02", "1990"]


def test_first_application_does_not_keep_a_registration_number(browser):
    browser.start()
    answer_pages(browser, [("votre-demande", {"request_kind": "premiere",
                                              "registration_number": "071122301000123456"})])
    page = browser.get("/demande/votre-demande")
    assert page.select_one("#registration_number")["value"] == ""


def test_renewal_requires_the_registration_number(browser):
    browser.start()
    page = browser.submit("/demande/votre-demande", {"request_kind": "renouvellement"},
                          status=200)
    assert "numéro unique d'enregistrement" in text(page.select_one("#registration_number-error"))
    assert page.select_one("#request_kind-renouvellement").has_attr("checked")
    assert browser.submit("/demande/votre-demande", {"request_kind": "premiere"}) == \
        "/demande/identite"


def test_wrong_nir_key_is_refused(browser):
    browser.start()
    page = browser.submit("/demande/securite-sociale", {"nir": "2 85 03 71 270 005 21"},
                          status=200)
    assert "clé" in text(page.select_one("#nir-error"))
    assert page.select_one("#nir")["value"] == "2 85 03 71 270 005 21"


def test_foreign_address_has_no_french_postcode_rule(browser):
    browser.start()
    answer_pages(browser, [("ou-vivez-vous", {"living_situation": "logement"})])
    location = browser.submit("/demande/adresse", {
        "address_street": "Rue Neuve", "address_number": "12", "address_postcode": "1000",
        "address_city": "Bruxelles", "address_country": "Belgique"})
    assert location == "/demande/courrier"
    page = browser.submit("/demande/adresse", {
        "address_street": "Rue Neuve", "address_postcode": "1000", "address_city": "Mâcon",
        "address_country": ""}, status=200)
    assert "5 chiffres" in text(page.select_one("#address_postcode-error"))


def test_address_needs_a_street_or_a_lieu_dit(browser):
    browser.start()
    answer_pages(browser, [("ou-vivez-vous", {"living_situation": "heberge"})])
    page = browser.submit("/demande/adresse", {"address_city": "Cluny"}, status=200)
    links = [a["href"] for a in page.select(".error-summary a")]
    assert links == ["#address_street", "#address_postcode"]
    assert browser.submit("/demande/adresse", {"address_locality": "Le Bourg",
                                               "address_postcode": "71250",
                                               "address_city": "Cluny"}) == "/demande/hebergement"


def test_family_fills_page_one_and_reviews_it(browser, household):
    browser.start()
    assert answer_pages(browser, household("family")) == "/demande/recapitulatif"
    page = browser.get("/demande/recapitulatif")
    rows = review_rows(page)
    assert rows["Nom de naissance"] == "Ndiaye"
    assert rows["Quelle est votre date de naissance ?"] == "27 mars 1985"
    assert rows["Numéro de sécurité sociale case A2"] == "2 85 03 71 270 005 20"
    assert rows["Téléphone portable"] == "06 12 34 56 78"
    assert rows["Voulez-vous recevoir votre courrier à une autre adresse ?"] == "Non"
    assert "Qui vous héberge ?" not in rows
    change = page.select_one(".summary__row a[href$='#birth_name']")
    assert text(change) == "Modifier : Nom de naissance"
    assert change["href"] == "/demande/identite?retour=recapitulatif#birth_name"
    tasks = browser.get("/demande/")
    statuses = {text(t.a): text(t.select_one(".tag")) for t in tasks.select(".task-list__item")}
    assert statuses.pop("Les communes où vous souhaitez un logement") == "À faire"  # own test
    assert set(statuses.values()) == {"Terminé"} and len(statuses) == 12
    assert rows["Conjoint ou codemandeurs"] == "1. Ousmane Ndiaye"
    # Every answer of each person is on the review page, in a card of their own.
    people = person_cards(page)
    assert people["Ousmane Ndiaye, conjoint ou codemandeur"][
        "Son numéro de sécurité sociale case B1"] == "1 82 05 71 270 004 56"
    assert people["Awa Ndiaye, personne à charge"]["Date de naissance"] == "4 juin 2015"
    work = [a for a in page.select(".summary-card__person a")
            if "Sa situation professionnelle" in text(a)][0]
    assert work["href"] == "/demande/liste/codemandeurs/1/3?retour=recapitulatif"
    year = __import__("datetime").date.today().year - 2
    assert rows[f"Revenu fiscal de référence {year}, de vous et votre conjoint (€) case E2"] \
        == "18 500 €"
    assert rows["Pensions alimentaires que vous versez (déduites) case E54"] == "− 150 €"
    assert rows["Numéro SIRET de votre employeur case D7"] == "73282932000074"
    assert rows["Loyer ou redevance, charges comprises (€ par mois) case F29"] == "780 €"
    assert rows["Pourquoi demandez-vous un logement social ?"] == \
        "Logement trop cher, Logement trop petit"
    assert "Procédure d'expulsion" not in [text(h) for h in page.select("h2")]
    assert rows["Combien de pièces principales recherchez-vous ?"] == "3 pièces, 4 pièces"
    unticked = [text(p) for p in page.select(".summary__blank")
                if text(p).startswith("Cases non cochées")]
    assert any("Je cherche une chambre en colocation" in line for line in unticked)
    details = [r for r in page.select(".summary__row") if "H1" in text(r.dt)][0]
    assert details.select_one("dd").get_text().strip() == \
        "Nous attendons des jumeaux.\nAvis d'impôt 2025 pas encore reçu."  # lines kept


@pytest.mark.answered("family")
def test_change_link_returns_to_the_review(browser):
    location = browser.submit("/demande/identite?retour=recapitulatif", {
        "civility": "madame", "birth_name": "Ndiaye", "first_names": "Aïssatou"})
    assert location == "/demande/recapitulatif"
    page = browser.get(location)
    assert review_rows(page)["Prénoms"] == "Aïssatou"
    assert "Nom d'usage" not in review_rows(page)
    assert "Nom d'usage" in text(page.select_one(".summary__blank"))


@pytest.mark.answered("family")
def test_changing_route_from_review_asks_the_new_pages(browser):
    location = browser.submit("/demande/ou-vivez-vous?retour=recapitulatif",
                              {"living_situation": "heberge"})
    assert location == "/demande/hebergement?retour=recapitulatif"


def test_homeless_applicant_gives_a_domiciliation_address(browser, household):
    browser.start()
    answer_pages(browser, pages_before(household("family"), "ou-vivez-vous"))
    assert browser.submit("/demande/ou-vivez-vous", {"living_situation": "domicilie"}) == \
        "/demande/domiciliation"
    page = browser.get("/demande/domiciliation")
    assert text(page.h1) == "Votre adresse de domiciliation"
    assert "CCAS" in text(page.select_one(".lead"))
    assert text(page.select_one("label[for=mail_recipient]")) == "Nom du CCAS ou de l'association"
    autocomplete = page.select_one("#mail_street")["autocomplete"]
    assert autocomplete == "section-courrier address-line1"
    page = browser.submit("/demande/domiciliation", {"mail_street": "rue de la Barre"},
                          status=200)
    assert [a["href"] for a in page.select(".error-summary a")] == \
        ["#mail_recipient", "#mail_postcode", "#mail_city"]
    assert browser.submit("/demande/domiciliation", {
        "mail_recipient": "CCAS de Mâcon", "mail_number": "41", "mail_street": "rue de la Barre",
        "mail_postcode": "71000", "mail_city": "Mâcon"}) == "/demande/codemandeurs"
    page = browser.get("/demande/recapitulatif")
    rows = review_rows(page)
    assert rows["Nom du CCAS ou de l'association"] == "CCAS de Mâcon"
    assert "Adresse du logement où vous vivez actuellement" not in rows
    assert rows["Votre adresse de domiciliation"] == "41 rue de la Barre 71000 Mâcon"


def test_pages_of_another_route_are_not_offered(browser):
    browser.start()
    answer_pages(browser, [("ou-vivez-vous", {"living_situation": "logement"})])
    response = browser.client.get("/demande/domiciliation")
    assert response.status_code == 302 and response.headers["Location"] == "/demande/"


def test_no_open_application_sends_home(client):
    response = client.get("/demande/identite")
    assert response.status_code == 302 and response.headers["Location"] == "/"


def test_save_for_later_shows_the_code(browser):
    code = browser.start()
    location = browser.submit("/demande/votre-demande", {"request_kind": "premiere",
                                                         "action": "plus-tard"})
    assert location == "/demande/code"
    assert text(browser.get(location).select_one(".code")) == code


def test_at_most_two_room_sizes(browser):
    browser.start()
    page = browser.submit("/demande/pieces", {"rooms_sought": ["G6", "G7", "G8"]}, status=200)
    assert text(page.select_one("#rooms_sought-error")) == \
        "Erreur : Cochez 2 cases au plus ; vous en avez coché 3"
    assert [i["value"] for i in page.select("input[name=rooms_sought][checked]")] == \
        ["G6", "G7", "G8"]
    assert page.select_one(".error-summary a")["href"] == "#rooms_sought-G6"
    page = browser.submit("/demande/pieces", {}, status=200)
    assert "Cochez 1 ou 2 tailles" in text(page.select_one("#rooms_sought-error"))
    assert browser.submit("/demande/pieces", {"rooms_sought": ["G7"]}) == "/demande/parking-etage"


def test_social_tenant_gives_a_valid_siren(browser):
    browser.start()
    assert browser.submit("/demande/logement-actuel", {"housing_status": "F2"}) == \
        "/demande/bailleur"
    page = browser.submit("/demande/bailleur", {"landlord_name": "OPAC",
                                                "landlord_siren": "732 829 321"}, status=200)
    assert "n'existe pas" in text(page.select_one("#landlord_siren-error"))
    assert page.select_one("#landlord_siren")["inputmode"] == "numeric"
    assert browser.submit("/demande/bailleur", {"landlord_name": "OPAC",
                                                "landlord_siren": "732 829 320"}) == \
        "/demande/logement-actuel-details"


def test_amounts_are_whole_euros(browser):
    browser.start()
    page = browser.submit("/demande/logement-actuel-details", {"current_rent": "450,50",
                                                               "current_surface": "-3"},
                          status=200)
    assert "sans centimes" in text(page.select_one("#current_rent-error"))
    assert "nombre entier" in text(page.select_one("#current_surface-error"))
    assert page.select_one("#current_rent")["value"] == "450,50"


def test_eviction_dates_are_asked_only_for_an_eviction(browser):
    browser.start()
    assert browser.submit("/demande/motifs", {"reasons": ["F42"]}) == "/demande/expulsion"
    page = browser.submit("/demande/expulsion", {
        "eviction_judgment_date-day": "3", "eviction_judgment_date-month": "2",
        "eviction_judgment_date-year": "2099"}, status=200)
    assert "dans le passé" in text(page.select_one("#eviction_judgment_date-error"))
    assert browser.submit("/demande/motifs", {"reasons": ["F35"]}) == "/demande/autre-logement"


def test_cdd_goes_with_private_employee(browser):
    browser.start()
    answer_pages(browser, [("situation-professionnelle", {"work_status": "D2"})])
    page = browser.submit("/demande/contrat-et-chomage", {"fixed_term": "oui"}, status=200)
    assert "Salarié du privé" in text(page.select_one("#fixed_term-error"))


def test_long_unemployment_needs_its_end_date(browser):
    browser.start()
    page = browser.submit("/demande/contrat-et-chomage", {"long_unemployment": "oui"},
                          status=200)
    assert "Indiquez quand" in text(page.select_one("#unemployment_end-error"))
    assert browser.submit("/demande/contrat-et-chomage", {
        "long_unemployment": "oui", "unemployment_end-day": "1", "unemployment_end-month": "9",
        "unemployment_end-year": "2024"}) == "/demande/revenus-annuels"


def test_monthly_resources_yes_means_an_amount(browser):
    browser.start()
    answer_pages(browser, [("ressources-mensuelles", {"receives_monthly": "E7"}),
                           ("vos-ressources", {})])  # the spouse may be the one earning
    page = browser.submit("/demande/ressources-personnes-a-charge", {}, status=200)
    assert "au moins un montant" in text(page.select_one(".error-summary"))
    answer_pages(browser, [("vos-ressources", {"monthly_applicant_rsa": "607"}),
                           ("ressources-personnes-a-charge", {})])
    page = browser.submit("/demande/vos-ressources", {"monthly_applicant_salary": "1 450,20"},
                          status=200)
    assert "sans centimes" in text(page.select_one("#monthly_applicant_salary-error"))


def test_years_of_income_follow_today():
    import datetime as dt

    from forms import PAGES_BY_SLUG

    first = PAGES_BY_SLUG["revenus-annuels"].questions[0]
    assert str(dt.date.today().year - 2) in str(first.label)
