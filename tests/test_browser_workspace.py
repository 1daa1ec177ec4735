"""A structure's workspace in Debian's Chromium, keyboard only and without JavaScript,
axe-core on every page at 1280 and 320 px: an administrator creates a structure and
invites a member; the member sets up the second factor (TOTP computed here), records
consent and starts three applications for domiciled people (the mail address comes
pre-filled), prints one Cerfa; the "to renew this month" view shows the one that is due;
a person stops sharing with their code and the structure loses access."""

import datetime as dt
import io
import time

import pyotp
import pytest

from forms.renewal import add_months
from test_browser import Auditor, Person, chromium, server  # noqa: F401  (fixtures)

pytestmark = pytest.mark.browser

PASSWORD = "cheval agrafe pile correcte"
PEOPLE = ("Awa Diallo", "Nour Benali", "Jean Petit")


def new_person(chromium, auditor):  # noqa: F811
    context = chromium.new_context(java_script_enabled=False, locale="fr-FR")
    return Person(context.new_page(), auditor)


def fits_320(person):
    """Nothing wider than a 320 px screen (long links and codes wrap)."""
    page = person.page
    page.set_viewport_size({"width": 320, "height": 800})
    width = page.evaluate("document.documentElement.scrollWidth")
    page.set_viewport_size({"width": 1280, "height": 720})
    assert width <= 320, (page.url, width)


def create_account(person, login, name):
    person.answer({"display_name": name, "login": login, "password": PASSWORD,
                   "password_again": PASSWORD}, button="Créer mon compte")
    assert person.heading() == "Configurer votre second facteur"
    assert person.page.locator("svg[role=img]").count() == 1  # the QR code
    fits_320(person)
    secret = person.page.locator(".code-panel .code").inner_text().replace(" ", "")
    person.answer({"code": pyotp.TOTP(secret).now()}, button="Vérifier le code")
    assert person.heading() == "Vos codes de secours"
    assert person.page.locator("li.code").count() == 10
    person.press_button("J'ai noté mes codes : continuer")
    assert person.heading() == "Les demandes de votre structure"
    return secret


def test_a_structure_prepares_and_follows_applications(chromium, server):  # noqa: F811
    auditor = Auditor(chromium)
    admin = new_person(chromium, auditor)
    admin.visit(server + "/structure/")
    admin.press_button("Créer l'espace de votre structure")
    admin.answer({"structure_name": "CCAS de Mâcon", "structure_kind": "ccas",
                  "siret": "217 102 706 00017", "mail_number": "41",
                  "mail_street": "rue de la Barre", "mail_postcode": "71000",
                  "mail_city": "Mâcon"})
    create_account(admin, "claire", "Claire Martin")
    admin.visit(server + "/structure/membres")
    admin.press_button("Créer un lien d'invitation")
    link = admin.page.locator(".invitation-link").get_attribute("href")
    fits_320(admin)

    member = new_person(chromium, auditor)
    member.visit(link)
    secret = create_account(member, "benoit", "Benoît Lefèvre")
    codes = []
    for name in PEOPLE:
        member.visit(server + "/structure/demandes")
        member.press_button("Nouvelle demande, avec l'accord de la personne")
        member.answer({"person_name": name, "domiciled": "oui", "consent_months": "12",
                       "agreed": "oui"}, button="Enregistrer l'accord et continuer")
        assert member.heading() == "Fiche à remettre à la personne"
        codes.append(member.page.locator(".card .code").inner_text())
    slip_url = member.page.url
    fits_320(member)

    # The last one opened: the mail address is the structure's, already there.
    member.press_button("Remplir la demande")
    member.visit(server + "/demande/domiciliation")
    assert member.page.locator("#mail_recipient").input_value() == "CCAS de Mâcon"
    assert member.page.locator("#mail_street").input_value() == "rue de la Barre"
    assert member.page.locator("#mail_postcode").input_value() == "71000"

    # One Cerfa printed from the slip: a PDF whose page 1 has the structure's address.
    from pypdf import PdfReader

    member.visit(slip_url)
    href = member.page.locator("a", has_text="Imprimer le Cerfa").get_attribute("href")
    response = member.page.context.request.get(server + href)
    assert response.headers["content-type"] == "application/pdf"
    printed = " ".join(PdfReader(io.BytesIO(response.body())).pages[0].extract_text().split())
    assert "CCAS DE MÂCON 41 RUE DE LA BARRE" in printed  # the Cerfa writes in capitals

    # Filed eleven months ago: due this month.
    member.visit(server + "/structure/demandes")
    member.press_button(PEOPLE[0])
    filed = add_months(dt.date.today(), -11)
    member.answer({"registration_number": "071122301000123456",
                   "filed_on-day": str(filed.day), "filed_on-month": str(filed.month),
                   "filed_on-year": str(filed.year)}, button="Enregistrer le suivi")
    case_url = member.page.url
    member.visit(server + "/structure/demandes?vue=a-renouveler")
    assert member.page.locator(".results h3").all_inner_texts() == [PEOPLE[0]]
    fits_320(member)
    member.visit(server + "/structure/demandes?vue=non-deposees")
    assert member.page.locator(".results h3").all_inner_texts() == list(PEOPLE[1:])

    # The person stops sharing with their code: the structure loses access at once.
    person = new_person(chromium, auditor)
    person.visit(server + "/reprendre")
    person.answer({"code": codes[0]}, button="Reprendre ma demande")
    person.visit(server + "/structure/partage")
    person.press_button("Arrêter le partage")
    assert "n'a plus accès" in person.page.locator(".banner").inner_text()
    response = member.page.goto(case_url)
    assert response.status == 404
    member.visit(server + "/structure/demandes")
    assert member.page.locator(".results h3").all_inner_texts() == list(PEOPLE[1:])

    # The member signs in again on another computer: password, then the next TOTP code.
    again = new_person(chromium, auditor)
    again.visit(server + "/structure/connexion")
    again.answer({"identifier": "benoit", "password": PASSWORD})
    assert again.heading() == "Votre code à usage unique"
    again.answer({"code": pyotp.TOTP(secret).at(time.time() + 30)}, button="Se connecter")
    assert again.heading() == "Les demandes de votre structure"
    again.visit(server + "/structure/demandes")
    again.press_button(PEOPLE[1])
    again.visit(again.page.url + "/supprimer")
    assert again.heading() == f"Supprimer la demande de {PEOPLE[1]} ?"
    again.page.context.close()

    admin.visit(server + "/structure/fermer")
    admin.visit(server + "/structure/journal")
    log = admin.page.locator(".results").inner_text()
    assert "Benoît Lefèvre – Cerfa imprimé" in log
    assert "partage arrêté par la personne" in log
    for context in (admin, member, person):
        context.page.context.close()
    assert auditor.run() == []
