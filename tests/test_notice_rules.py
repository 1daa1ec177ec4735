"""The notice's rules that call for an answer (docs/rules.md), on the pages that ask them.

Each rule is refused with a message on the page where the person can act, and each
"je ne le connais pas" path lets a person who truly cannot answer go on."""

from conftest import answer_pages


def text(node):
    return " ".join(node.get_text(" ", strip=True).split()) if node else ""


def error(page, name):
    return text(page.select_one(f"#{name}-error"))


def add_partner(browser, link="B2", **identity):
    """Add Ousmane Ndiaye as the first co-applicant (born 9 November 1982)."""
    answer_pages(browser, [
        ("liste/codemandeurs", {"add_more": "oui"}),
        ("liste/codemandeurs/1", {"civility": "monsieur", "birth_name": "Ndiaye",
                                  "first_names": "Ousmane", "birth_date-day": "9",
                                  "birth_date-month": "11", "birth_date-year": "1982",
                                  "nationality": "francaise", "nir_unknown": "oui",
                                  "link": link, **identity})])


def work_in(browser, status, **place):
    """Answer the work status, then the place of work (Mâcon unless given)."""
    answer_pages(browser, [("situation-professionnelle", {"work_status": status})])
    return browser.submit("/demande/lieu-de-travail",
                          place or {"work_city": "Mâcon", "work_postcode": "71000"})


# F2 → F3, F4 (notice: "Si vous êtes locataire d'un logement social vous devez renseigner")


def test_a_social_tenant_gives_the_landlord_name_and_siren_or_says_it_is_not_found(browser):
    browser.start()
    assert browser.submit("/demande/logement-actuel", {"housing_status": "F2"}) == \
        "/demande/bailleur"
    page = browser.submit("/demande/bailleur", {}, status=200)
    assert "nom de votre bailleur" in error(page, "landlord_name")
    assert "cochez la case si vous ne le trouvez pas" in error(page, "landlord_siren")
    # Neither is marked optional: both are asked by the notice.
    labels = text(page.select_one("label[for=landlord_name]")) + \
        text(page.select_one("label[for=landlord_siren]"))
    assert "facultatif" not in labels
    page = browser.submit("/demande/bailleur", {"landlord_name": "OPAC", "landlord_siren":
                                                "732 829 320", "landlord_siren_unknown": "oui"},
                          status=200)
    assert "effacez-le" in error(page, "landlord_siren_unknown")
    assert browser.submit("/demande/bailleur", {"landlord_name": "OPAC",
                                                "landlord_siren_unknown": "oui"}) == \
        "/demande/logement-actuel-details"


# D1 → D7, D11 → D17 (notice: "vous devez renseigner l'adresse et le SIRET")


def test_a_private_employee_gives_the_employer_siret_or_says_it_is_unknown(browser):
    browser.start()
    assert work_in(browser, "D1") == "/demande/employeur"
    page = browser.submit("/demande/employeur", {}, status=200)
    assert "numéro SIRET de votre employeur" in error(page, "employer_siret")
    assert "facultatif" not in text(page.select_one("label[for=employer_siret]"))
    assert browser.submit("/demande/employeur", {"employer_siret_unknown": "oui"}) == \
        "/demande/contrat-et-chomage"
    assert browser.submit("/demande/employeur", {"employer_siret": "732 829 320 00074"}) == \
        "/demande/contrat-et-chomage"


def test_the_siret_is_not_asked_of_a_state_agent_nor_for_work_abroad(browser):
    browser.start()
    assert work_in(browser, "D2") == "/demande/contrat-et-chomage"
    assert work_in(browser, "D1", work_city="Genève", work_postcode="1201",
                   work_country="Suisse") == "/demande/contrat-et-chomage"


def test_a_co_applicant_in_the_private_sector_gives_the_siret_or_says_it_is_unknown(browser):
    browser.start()
    add_partner(browser, link="B4")
    answer_pages(browser, [("liste/codemandeurs/1/2", {"phone_mobile": "07 11 22 33 44"})])
    work = {"work_status": "D11", "work_city": "Chalon-sur-Saône", "work_postcode": "71100"}
    page = browser.submit("/demande/liste/codemandeurs/1/3", work, status=200)
    assert "SIRET" in error(page, "siret")
    assert browser.submit("/demande/liste/codemandeurs/1/3",
                          {**work, "siret_unknown": "oui"}) == "/demande/liste/codemandeurs/1/4"
    # A state agent has no SIRET to give.
    assert browser.submit("/demande/liste/codemandeurs/1/3",
                          {**work, "work_status": "D12"}) == "/demande/liste/codemandeurs/1/4"


# H2 (notice, form page 9: "vous recevrez un mail d'alerte à l'adresse … indiquée à la page 1")


def test_online_renewal_needs_an_email_address_given_on_page_one(browser):
    browser.start()
    answer_pages(browser, [("coordonnees", {"phone_mobile": "06 12 34 56 78"})])
    page = browser.submit("/demande/renouvellement-en-ligne", {"online_renewal": "H2"},
                          status=200)
    assert "vous n'en avez pas donné" in error(page, "online_renewal")
    assert browser.submit("/demande/renouvellement-en-ligne", {"online_renewal": "H3"}) == \
        "/demande/date-de-signature"
    # The helper's address is on page 1 too: the alert can go there.
    answer_pages(browser, [("coordonnees", {"phone_mobile": "06 12 34 56 78",
                                            "helper_email": "ccas@example.fr"})])
    assert browser.submit("/demande/renouvellement-en-ligne", {"online_renewal": "H2"}) == \
        "/demande/date-de-signature"
    # Removing every address afterwards is stopped where the address is typed.
    page = browser.submit("/demande/coordonnees", {"phone_mobile": "06 12 34 56 78"},
                          status=200)
    assert "renouveler votre demande en ligne" in error(page, "email")


# At least one phone number (notice: "Indiquez au moins un numéro de téléphone")


def test_at_least_one_phone_number_or_none_said_explicitly(browser):
    browser.start()
    page = browser.submit("/demande/coordonnees", {"email": "a@example.fr"}, status=200)
    assert "au moins un numéro de téléphone" in error(page, "phone_mobile")
    assert page.select_one("input[name=email]")["value"] == "a@example.fr"
    assert browser.submit("/demande/coordonnees", {"phone_home": "03 85 00 00 00"}) == \
        "/demande/informations"
    assert browser.submit("/demande/coordonnees", {"no_phone": "oui"}) == "/demande/informations"
    page = browser.submit("/demande/coordonnees", {"no_phone": "oui",
                                                   "phone_mobile": "06 12 34 56 78"}, status=200)
    assert "effacez-le" in error(page, "no_phone")


# F48 with a spouse listed (notice: "Si vous êtes en cours de séparation vous n'écrivez rien
# dans la rubrique « votre conjoint »")




def test_separating_from_the_spouse_listed_is_stopped_with_the_way_out(browser):
    browser.start()
    add_partner(browser)
    assert browser.submit("/demande/motifs", {"reasons": ["F48"]}) == "/demande/separation"
    page = browser.submit("/demande/separation", {"separating_from_partner": "oui"},
                          status=200)
    message = error(page, "separating_from_partner")
    assert "Retirez-la de la rubrique « Conjoint ou codemandeurs »" in message
    # Someone separated from another person (and now with a new partner) goes on.
    assert browser.submit("/demande/separation", {"separating_from_partner": "non"}) == \
        "/demande/autre-logement"


def test_the_separation_question_is_asked_only_for_a_couple_listed(browser):
    browser.start()
    assert browser.submit("/demande/motifs", {"reasons": ["F48"]}) == "/demande/autre-logement"
    add_partner(browser, link="B6")  # a son is not a partner
    assert browser.submit("/demande/motifs", {"reasons": ["F48"]}) == "/demande/autre-logement"
    browser.start()
    add_partner(browser, link="B3")
    assert browser.submit("/demande/motifs", {"reasons": ["F35"]}) == "/demande/autre-logement"
