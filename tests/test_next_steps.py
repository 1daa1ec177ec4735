"""Next steps: the documents each situation calls for, where to file, when to renew."""

import datetime as dt

import icalendar
import pytest

from conftest import FAMILY, answer_pages
from forms.renewal import add_months, renewal
from htmlcheck import check_page


def checklist(browser):
    """The checklist as the person reads it: (heading, [document titles]) in order."""
    page = browser.get("/demande/prochaines-etapes")
    return [(ul.find_previous("h3").get_text(" ", strip=True),
             [li.select_one(".checklist__title").get_text(" ", strip=True)
              for li in ul.select("li")])
            for ul in page.select("ul.checklist")]


IDENTITY = "Carte d'identité ou passeport en cours de validité"
PERMIT = "Titre de séjour en cours de validité"
TAX = "Avis d'imposition de l'avant-dernière année"
PATRIMONY = "Déclaration sur l'honneur concernant votre patrimoine"
PAYSLIPS = "Bulletins de salaire des 3 derniers mois"
CAF = "Attestation de la CAF ou de la MSA"
CHILD = "Livret de famille ou pièce d'identité de l'enfant"
DISABILITY = ("Carte d'invalidité ou carte mobilité inclusion, ou décision de la commission "
              "des droits et de l'autonomie (CDAPH)")

HOMELESS_WITH_DOMICILIATION = [
    ("identite", {"civility": "monsieur", "birth_name": "Benali", "first_names": "Karim"}),
    ("nationalite", {"nationality": "hors_union_europeenne"}),
    ("ou-vivez-vous", {"living_situation": "domicilie"}),
    ("domiciliation", {"mail_recipient": "CCAS de Mâcon", "mail_street": "place de l'Hôtel de Ville",
                       "mail_postcode": "71000", "mail_city": "Mâcon"}),
    ("situation-professionnelle", {"work_status": "D5"}),
    ("ressources-mensuelles", {"receives_monthly": "E7"}),
    ("vos-ressources", {"monthly_applicant_rsa": "607"}),
    ("logement-actuel", {"housing_status": "F17"}),
]
STUDENT_IN_A_SHARED_FLAT = [
    ("identite", {"civility": "madame", "birth_name": "Kowalska", "first_names": "Ewa"}),
    ("nationalite", {"nationality": "union_europeenne"}),
    ("liste/colocataires", {"add_more": "oui"}),
    ("liste/colocataires/1", {"civility": "madame", "birth_name": "Moreau", "first_names": "Léa",
                              "birth_date-day": "2", "birth_date-month": "5",
                              "birth_date-year": "2004"}),
    ("liste/colocataires", {"add_more": "non"}),
    ("situation-professionnelle", {"work_status": "D3"}),
    ("ressources-mensuelles", {"receives_monthly": "E7"}),
    ("vos-ressources", {"monthly_applicant_salary": "320", "monthly_applicant_grant": "450"}),
    ("logement-actuel", {"housing_status": "F16"}),
    ("autres-souhaits", {"flatshare": "oui"}),
]
DISABILITY_AND_PENSION = [
    ("identite", {"civility": "monsieur", "birth_name": "Girard", "first_names": "Paul"}),
    ("nationalite", {"nationality": "francaise"}),
    ("handicap", {"disabled_people": "1"}),
    ("situation-professionnelle", {"work_status": "D6"}),
    ("ressources-mensuelles", {"receives_monthly": "E7"}),
    ("vos-ressources", {"monthly_applicant_invalidity": "780", "monthly_applicant_aah": "230"}),
    ("logement-actuel", {"housing_status": "F5"}),
    ("motifs", {"reasons": ["F34"]}),
]
VICTIM_OF_VIOLENCE = [
    ("identite", {"civility": "madame", "birth_name": "Roux", "first_names": "Julie"}),
    ("nationalite", {"nationality": "francaise"}),
    ("ou-vivez-vous", {"living_situation": "heberge"}),
    ("liste/personnes-a-charge", {"add_more": "oui"}),
    ("liste/personnes-a-charge/1", {"last_name": "Roux", "first_names": "Tom",
                                    "birth_date-day": "8", "birth_date-month": "2",
                                    "birth_date-year": "2020", "sex": "m", "link": "enfant"}),
    ("liste/personnes-a-charge", {"add_more": "non"}),
    ("situation-professionnelle", {"work_status": "D1"}),
    ("ressources-mensuelles", {"receives_monthly": "E7"}),
    ("vos-ressources", {"monthly_applicant_salary": "1380"}),
    ("logement-actuel", {"housing_status": "F10"}),
    ("motifs", {"reasons": ["F45", "F48"]}),
]


@pytest.mark.parametrize("answers, expected", [
    (HOMELESS_WITH_DOMICILIATION, [
        ("Vous : Karim Benali", [PERMIT, TAX, PATRIMONY, CAF,
                                 "Attestation d'un travailleur social, d'une association ou "
                                 "certificat de domiciliation"])]),
    (FAMILY, [
        ("Vous : Aïssatou Marie Martin", [
            IDENTITY, TAX, PATRIMONY, "Certificat de grossesse", PAYSLIPS, CAF,
            "Bail et dernière quittance de loyer", DISABILITY,
            "Quittance de loyer ou autre preuve de ce que vous coûte le logement"]),
        ("Ousmane Ndiaye, conjoint ou codemandeur", [
            IDENTITY, TAX, "Livret de famille ou autre document qui prouve le mariage",
            PAYSLIPS]),
        ("Awa Ndiaye, personne à charge", [CHILD]),
        ("Moussa Ndiaye, personne à charge", [CHILD]),
    ]),
    (STUDENT_IN_A_SHARED_FLAT, [
        ("Vous : Ewa Kowalska", [
            IDENTITY, TAX, PATRIMONY, "Carte d'étudiant, ou contrat de travail pour un apprenti", PAYSLIPS,
            "Avis d'attribution de bourse",
            "Attestation de la structure d'hébergement ou du gestionnaire du logement-foyer"]),
        ("Léa Moreau, colocataire", ["Pièce d'identité ou titre de séjour en cours de validité",
                                     "Sa propre demande de logement social"]),
    ]),
    (DISABILITY_AND_PENSION, [
        ("Vous : Paul Girard", [
            IDENTITY, TAX, PATRIMONY, "Un document qui prouve la situation professionnelle indiquée",
            "Notification de pension (retraite ou invalidité)", CAF,
            "Bail et dernière quittance de loyer", DISABILITY])]),
    (VICTIM_OF_VIOLENCE, [
        ("Vous : Julie Roux", [
            IDENTITY, TAX, PATRIMONY, PAYSLIPS, "Attestation de la personne qui vous héberge",
            "Ordonnance de protection du juge aux affaires familiales, ou récépissé de dépôt "
            "de plainte", "Jugement de divorce ou convention de divorce homologuée"]),
        ("Tom Roux, personne à charge", [CHILD]),
    ]),
], ids=["homeless", "family", "student", "disability", "violence"])
def test_the_checklist_lists_exactly_the_documents_of_the_situation(browser, answers, expected):
    browser.start()
    answer_pages(browser, answers)
    assert checklist(browser) == expected


def test_a_victim_of_violence_is_told_the_documents_are_not_required_and_where_to_call(browser):
    browser.start()
    answer_pages(browser, VICTIM_OF_VIOLENCE)
    page = browser.get("/demande/prochaines-etapes")
    item = next(li for li in page.select(".checklist li")
                if "plainte" in li.select_one(".checklist__title").get_text())
    assert "seule la pièce d'identité est obligatoire" in item.select_one(
        ".checklist__detail").get_text()
    help_items = [li.get_text(" ", strip=True) for li in page.find(
        "h2", string="Besoin d'aide ?").find_next("ul").select("li")]
    assert any("3919" in text for text in help_items)


def test_the_page_says_registration_is_a_right_free_and_how_to_get_help(browser):
    browser.start()
    page = browser.get("/demande/prochaines-etapes")
    panel = [li.get_text(" ", strip=True) for li in page.select(".panel li")]
    assert any("est un droit" in text and "pièce d'identité" in text for text in panel)
    assert any("gratuit" in text for text in panel)
    help_items = [li.get_text(" ", strip=True) for li in page.find(
        "h2", string="Besoin d'aide ?").find_next("ul").select("li")]
    assert "0806 000 113" in help_items[0]
    assert not any("3919" in text for text in help_items)  # only where it applies
    # Nothing answered yet: only the applicant's identity and tax notice.
    assert [h.get_text(strip=True) for h in page.select("h3") if h.find_next_sibling(
        "ul", class_="checklist")][:1] == ["Vous"]


def test_where_to_file_lists_the_town_halls_and_counters_of_the_chosen_communes(places_app):
    from conftest import Browser

    client = places_app.test_client()
    result = places_app.test_cli_runner().invoke(
        args=["import-counters", "data/guichets/71-saone-et-loire.csv"])
    assert result.exit_code == 0, result.output
    browser = Browser(client)
    browser.start()
    browser.submit("/demande/communes", {"action": "ajouter", "code": "71270",
                                         "postcode": "71000"})
    browser.submit("/demande/communes", {"action": "ajouter", "code": "71076",
                                         "postcode": "71100"})
    page = browser.get("/demande/prochaines-etapes")
    places = page.select("section.place")
    assert [s.select_one("h3 bdi").get_text(strip=True) for s in places] == [
        "Mâcon", "Chalon-sur-Saône"]
    macon = [h.get_text(" ", strip=True) for h in places[0].select("h4")]
    assert macon[0] == "Mairie de Mâcon"
    assert any("MACONhabitat" in heading for heading in macon[1:])
    # Each counter once: the Mâcon one is not repeated under Chalon-sur-Saône.
    chalon = [h.get_text(" ", strip=True) for h in places[1].select("h4")]
    assert chalon == ["Mairie de Chalon-sur-Saône"]
    hours = places[0].select_one("dl.details").get_text(" ", strip=True)
    assert "Horaires" in hours


def test_renewal_dates_count_months_like_french_law():
    assert add_months(dt.date(2024, 2, 29), 12) == dt.date(2025, 2, 28)
    assert add_months(dt.date(2024, 2, 29), 11) == dt.date(2025, 1, 29)
    assert add_months(dt.date(2025, 3, 31), 11) == dt.date(2026, 2, 28)
    assert add_months(dt.date(2023, 3, 31), 11) == dt.date(2024, 2, 29)
    assert add_months(dt.date(2025, 12, 15), 12) == dt.date(2026, 12, 15)
    dates = renewal(dt.date(2026, 1, 10))
    assert (dates.renew_from, dates.renew_before, dates.last_day) == (
        dt.date(2026, 12, 10), dt.date(2027, 1, 10), dt.date(2027, 1, 9))
    assert dates.can_renew(dt.date(2026, 12, 10)) and not dates.can_renew(dt.date(2026, 12, 9))
    assert dates.can_renew(dt.date(2027, 1, 9)) and not dates.lapsed(dt.date(2027, 1, 9))
    assert dates.lapsed(dt.date(2027, 1, 10))


NUMBER = "071122400123456789"


def renew(client, number, day, month, year, status=200):
    page = check_page(client.get("/renouvellement").data)
    token = page.select_one("input[name=csrf_token]")["value"]
    response = client.post("/renouvellement", data={
        "csrf_token": token, "registration_number": number, "filing_date-day": day,
        "filing_date-month": month, "filing_date-year": year})
    assert response.status_code == status
    return check_page(response.data)


def card(page):
    return {dt_.get_text(strip=True): dt_.find_next_sibling("dd").get_text(strip=True)
            for dt_ in page.select(".card dt")}


def test_the_renewal_card_gives_the_dates_and_a_valid_calendar_file(client):
    page = renew(client, "0711 2240 0123 4567 89", "29", "2", "2024")
    assert card(page) == {
        "Numéro unique d'enregistrement": NUMBER, "Déposée ou renouvelée le": "29 février 2024",
        "À renouveler à partir du": "29 janvier 2025", "À renouveler avant le": "28 février 2025"}
    assert "n'est plus valable depuis le 28 février 2025" in page.select_one(
        ".banner").get_text(" ", strip=True)
    form = page.select_one("form[action='/renouvellement/rappel.ics']")
    fields = {i["name"]: i.get("value", "") for i in form.select("input")}
    response = client.post(form["action"], data=fields)
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("text/calendar")
    assert "no-store" in response.headers["Cache-Control"]
    assert all(len(line) <= 75 for line in response.data.split(b"\r\n"))
    calendar = icalendar.Calendar.from_ical(response.data)
    events = sorted(calendar.walk("VEVENT"), key=lambda e: e.decoded("dtstart"))
    assert [e.decoded("dtstart") for e in events] == [dt.date(2025, 1, 29), dt.date(2025, 2, 27)]
    assert [e.decoded("dtend") for e in events] == [dt.date(2025, 1, 30), dt.date(2025, 2, 28)]
    assert all(NUMBER in str(e["description"]) for e in events)
    assert "28 février 2025" in str(events[0]["description"])
    alarms = events[0].walk("VALARM")
    assert len(alarms) == 1 and alarms[0].decoded("trigger") == dt.timedelta(hours=9)
    assert len({str(e["uid"]) for e in events}) == 2
    # Downloaded again, the same events (same UIDs) are updated, not duplicated.
    again = icalendar.Calendar.from_ical(client.post(form["action"], data=fields).data)
    assert {str(e["uid"]) for e in again.walk("VEVENT")} == {str(e["uid"]) for e in events}


def test_an_application_still_running_shows_when_it_can_be_renewed(client):
    filed = add_months(dt.date.today(), -11)
    page = renew(client, NUMBER, str(filed.day), str(filed.month), str(filed.year))
    assert "dès maintenant" in page.select_one(".banner").get_text()
    recent = dt.date.today() - dt.timedelta(days=3)
    page = renew(client, NUMBER, str(recent.day), str(recent.month), str(recent.year))
    assert page.select_one(".banner") is None
    assert card(page)["À renouveler avant le"]


def test_wrong_renewal_answers_are_explained_and_kept(client):
    page = renew(client, "0711 2240", "31", "2", "2024", status=400)
    assert page.select_one("title").get_text().startswith("Erreur :")
    summary = [a.get_text(strip=True) for a in page.select(".error-summary a")]
    assert summary == [
        "Le numéro unique d'enregistrement comporte 18 caractères ; vous en avez saisi 8. "
        "Recopiez-le depuis votre attestation d'enregistrement",
        "La date doit être une vraie date (jour de 1 à 31, mois de 1 à 12)"]
    assert page.select_one("input[name=registration_number]")["value"] == "0711 2240"
    assert page.select_one("input[name=filing_date-day]")["value"] == "31"
    tomorrow = dt.date.today() + dt.timedelta(days=1)
    page = renew(client, NUMBER, str(tomorrow.day), str(tomorrow.month), str(tomorrow.year),
                 status=400)
    assert [a.get_text(strip=True) for a in page.select(".error-summary a")] == [
        "La date doit être dans le passé"]


def test_the_calendar_file_needs_valid_answers_too(client):
    page = check_page(client.get("/renouvellement").data)
    token = page.select_one("input[name=csrf_token]")["value"]
    response = client.post("/renouvellement/rappel.ics", data={
        "csrf_token": token, "registration_number": "x", "filing_date-day": "1",
        "filing_date-month": "1", "filing_date-year": "2026"})
    assert response.status_code == 400
    assert response.headers["Content-Type"].startswith("text/html")


def keys(answers):
    from forms.documents import checklist as documents_for

    return [(group.person.who, [d.key for d in group.documents])
            for group in documents_for(answers)]


def test_salaried_civil_servants_in_other_situations_bring_payslips_or_accounts():
    assert keys({"nationality": "francaise", "work_status": "D6",
                 "monthly_applicant_salary": "1700"}) == [
        ("applicant", ["identity", "tax_notice", "patrimony", "other_work", "earnings"])]


def test_a_grown_up_child_brings_an_identity_document_not_the_family_book():
    born = dt.date.today().replace(year=dt.date.today().year - 20)
    young = dt.date.today().replace(year=dt.date.today().year - 5)
    answers = {"nationality": "hors_union_europeenne", "dependants": [
        {"first_names": "Ali", "last_name": "Haddad", "link": "enfant",
         "birth_date": born.isoformat()},
        {"first_names": "Lina", "last_name": "Haddad", "link": "enfant",
         "birth_date": young.isoformat()}]}
    assert keys(answers)[1:] == [("dependant", ["identity_or_permit"]),
                                 ("dependant", ["child_identity"])]


def test_an_expected_birth_date_alone_calls_for_the_pregnancy_certificate():
    assert "pregnancy" in keys({"expected_birth_date": "2027-05-20"})[0][1]
    assert "pregnancy" not in keys({})[0][1]


def test_without_a_nationality_yet_the_identity_document_is_still_listed():
    assert keys({}) == [("applicant", ["identity_or_permit", "tax_notice", "patrimony"])]


def test_mobile_homes_bring_the_campsite_receipt():
    assert "hotel_or_campsite" in keys({"housing_status": "F20"})[0][1]


def test_the_patrimony_declaration_of_the_sources_is_asked_of_the_applicant():
    """SP 162-164: « Déclaration sur l'honneur concernant le patrimoine »."""
    groups = keys({"coapplicants": [{"first_names": "Ousmane", "birth_name": "Ndiaye"}]})
    assert "patrimony" in groups[0][1] and "patrimony" not in groups[1][1]


@pytest.mark.parametrize("answers, key", [
    ([("logement-actuel", {"housing_status": "F14"})], "service_housing"),
    ([("ressources-mensuelles", {"receives_monthly": "E7"}),
      ("vos-ressources", {"monthly_applicant_aspa": "420"})], "other_income"),
])
def test_documents_no_source_lists_are_shown_as_may_be_asked_with_the_reason(browser, answers,
                                                                            key):
    from forms import documents

    document = next(d for d in vars(documents).values()
                    if isinstance(d, documents.Document) and d.key == key)
    assert document.may_be_asked and document.source == "SP 106"
    browser.start()
    answer_pages(browser, answers)
    page = browser.get("/demande/prochaines-etapes")
    item = next(li for li in page.select("ul.checklist li")
                if li.select_one(".checklist__title").get_text(strip=True) == str(document.title))
    text = " ".join(item.get_text(" ", strip=True).split())
    assert text.startswith("Peut vous être demandé :")
    assert "Nos sources ne nomment aucun document" in text
    # Every document a source lists is shown plainly, without the "may be asked" words.
    listed = [li for li in page.select("ul.checklist li") if li is not item]
    assert listed and all("Peut vous être demandé" not in li.get_text() for li in listed)
