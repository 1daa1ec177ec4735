"""The structures' workspace on parsed pages: creating a structure, members with a
password and a TOTP second factor, consent, pre-filled domiciliation, the slip, the
list and its views, stopping sharing, closing a structure, sign-in limits."""

import datetime as dt
import time
from dataclasses import dataclass
from urllib.parse import urlsplit

import pyotp
import pytest

from conftest import SESSION_COOKIE, Browser, app_from_copies, instance_files
from htmlcheck import check_page, text
from logement.blueprints.workspace import cases as cases_view
from logement.blueprints.workspace import credentials
from forms.renewal import add_months
from logement import create_app

WORKSPACE_TABLES = ("structures", "members", "recovery_codes", "invitations", "cases",
                    "consents", "audit_log")


@pytest.fixture(params=["sqlite", "postgresql"])
def app(request, tmp_path, monkeypatch):
    """Every workspace test on both engines: on several servers the structures'
    accounts live in PostgreSQL (docs/deploy.md). A test with `admin` gets a copy of
    the structure made once for the run on its engine (`structure_made`)."""
    cluster = request.getfixturevalue("postgres_cluster") \
        if request.param == "postgresql" else None
    if _admin_made_once(request):
        made = request.getfixturevalue("structure_made")(request.param, cluster)
        if cluster:
            monkeypatch.setenv("LOGEMENT_DATABASE_URL",
                               cluster.new_database(copy_of=made.database))
        return app_from_copies(made.files, tmp_path / "instance", monkeypatch)
    monkeypatch.setenv("LOGEMENT_INSTANCE_PATH", str(tmp_path / "instance"))
    if cluster:
        monkeypatch.setenv("LOGEMENT_DATABASE_URL", cluster.new_database())
    return create_app({"TESTING": True})


def _admin_made_once(request) -> bool:
    """Tests with `admin` share the one made for the run, but for those that sign in
    at the production cost of argon2id: their administrator's password is hashed so."""
    return "admin" in request.fixturenames \
        and request.node.get_closest_marker("production_kdf") is None


PASSWORD = "cheval agrafe pile correcte"
MACON = {"structure_name": "CCAS de Mâcon", "structure_kind": "ccas",
         "siret": "217 102 706 00017", "mail_number": "41", "mail_street": "rue de la Barre",
         "mail_postcode": "71000", "mail_city": "Mâcon"}
DIJON = {**MACON, "structure_name": "Association Le Relais", "structure_kind": "association",
         "siret": "", "mail_street": "rue Monge", "mail_postcode": "21000",
         "mail_city": "Dijon"}


class Member:
    """Someone of a structure in their own browser, with their second factor."""

    def __init__(self, browser, login, secret, recovery_codes):
        self.browser, self.login = browser, login
        self.secret, self.recovery_codes = secret, recovery_codes

    @property
    def client(self):
        return self.browser.client

    def code(self, steps_ahead=0):
        return pyotp.TOTP(self.secret).at(time.time() + 30 * steps_ahead)

    def post(self, url, data=None, status=302, from_page="/structure/demandes"):
        """A button's POST, with the CSRF token of a page of this session."""
        token = self.browser.get(from_page).select_one("input[name=csrf_token]")["value"]
        response = self.client.post(url, data={"csrf_token": token, **(data or {})})
        assert response.status_code == status, (url, response.status_code)
        return response

    def new_application(self, name, domiciled="oui", code="", months="12"):
        location = self.browser.submit("/structure/demandes/nouvelle", {
            "person_name": name, "domiciled": domiciled, "existing_code": code,
            "consent_months": months, "agreed": "oui"})
        assert location.endswith("/fiche")
        return location.split("/")[-2]

    def sign_out(self):
        self.post("/structure/deconnexion")


def second_factor(browser):
    """Set up the second factor from what the page shows; (secret, recovery codes)."""
    page = browser.get("/structure/second-facteur")
    secret = page.select_one(".code-panel .code").get_text().replace(" ", "")
    assert page.select_one("svg[role=img] title")  # the QR code, named
    page = browser.submit("/structure/second-facteur", {"code": pyotp.TOTP(secret).now()},
                          status=200, page=page)  # the QR code drawn once
    codes = [li.get_text() for li in page.select("li.code")]
    assert len(codes) == credentials.RECOVERY_CODES
    return secret, codes


def create_structure(app, answers=MACON, login="admin"):
    browser = Browser(app.test_client())
    assert browser.submit("/structure/creer", answers).endswith("/structure/creer/compte")
    browser.submit("/structure/creer/compte", {
        "display_name": "Claire Martin", "login": login, "email": f"{login}@example.fr",
        "password": PASSWORD, "password_again": PASSWORD})
    return Member(browser, login, *second_factor(browser))


def invite(admin) -> str:
    response = admin.post("/structure/membres/inviter", status=200,
                          from_page="/structure/membres")
    link = check_page(response.data).select_one(".invitation-link")["href"]
    return urlsplit(link).path


def join(app, path, login="benoit"):
    browser = Browser(app.test_client())
    browser.submit(path, {"display_name": "Benoît Lefèvre", "login": login, "email": "",
                          "password": PASSWORD, "password_again": PASSWORD})
    return Member(browser, login, *second_factor(browser))


def sign_in(client, identifier, password=PASSWORD, status=302):
    browser = Browser(client)
    result = browser.submit("/structure/connexion", {"identifier": identifier,
                                                     "password": password}, status=status)
    return browser, result


@dataclass
class MadeStructure:
    files: list  # its instance folder: databases and keys
    database: str | None  # its PostgreSQL database
    cookie: str  # its administrator's browser, signed in
    secret: str
    recovery_codes: list


@pytest.fixture(scope="session")
def structure_made(tmp_path_factory):
    """structure_made(engine, cluster): a structure whose administrator has signed up,
    set up a second factor and is signed in (create_structure), made once per engine
    for the run: 0.1 s each time otherwise. Each test gets an app on copies."""
    made = {}

    def structure(engine, cluster):
        if engine not in made:
            instance = tmp_path_factory.mktemp(f"structure-{engine}") / "instance"
            database = cluster.new_database() if cluster else None
            with pytest.MonkeyPatch.context() as patch:
                patch.setenv("LOGEMENT_INSTANCE_PATH", str(instance))
                if database:
                    patch.setenv("LOGEMENT_DATABASE_URL", database)
                admin = create_structure(create_app({"TESTING": True}))
            made[engine] = MadeStructure(  # (no one left on the database: its template)
                instance_files(instance), database,
                admin.client.get_cookie(SESSION_COOKIE).value, admin.secret,
                admin.recovery_codes)
        return made[engine]
    return structure


@pytest.fixture
def admin(app, request):
    """The administrator of a structure, signed in with their second factor."""
    if not _admin_made_once(request):
        return create_structure(app)
    # Made by `app`, which gave the cluster.
    made = request.getfixturevalue("structure_made")(request.node.callspec.params["app"], None)
    client = app.test_client()
    client.set_cookie(SESSION_COOKIE, made.cookie)
    return Member(Browser(client), "admin", made.secret, list(made.recovery_codes))


# -- structures and members -------------------------------------------------------


def test_creating_a_structure_checks_its_answers_and_keeps_them(app):
    browser = Browser(app.test_client())
    page = browser.submit("/structure/creer", {**MACON, "siret": "217 102 706 00011",
                                               "mail_postcode": ""}, status=400)
    errors = text(page.select_one(".error-summary"))
    assert "SIRET" in errors and "code postal" in errors
    assert page.select_one("#structure_name")["value"] == "CCAS de Mâcon"
    browser.submit("/structure/creer", MACON)
    page = browser.submit("/structure/creer/compte", {
        "display_name": "Claire Martin", "login": "Claire Martin", "email": "",
        "password": "court", "password_again": "autre"}, status=400)
    errors = text(page.select_one(".error-summary"))
    assert "identifiant" in errors and "12 caractères" in errors
    assert page.select_one("#password").get("value") is None  # never sent back


@pytest.mark.production_kdf  # the other tests hash with cheap parameters (conftest.py)
def test_a_member_signs_in_with_password_and_totp_and_out_again(app, admin):
    admin.sign_out()
    assert admin.client.get("/structure/demandes").status_code == 302
    browser, location = sign_in(app.test_client(), "ADMIN@example.fr")  # e-mail, any case
    assert location.endswith("/structure/connexion/code")
    assert browser.client.get("/structure/demandes").status_code == 302  # one factor only
    page = browser.submit("/structure/connexion/code", {"code": "000000"}, status=400)
    assert "ne convient pas" in text(page.select_one(".error-summary"))
    browser.submit("/structure/connexion/code", {"code": admin.code(steps_ahead=1)})
    page = browser.get("/structure/demandes")
    assert "CCAS de Mâcon" in text(page.select_one(".workspace-nav"))


@pytest.mark.production_kdf
def test_passwords_are_hashed_at_the_production_cost():
    """argon2id with 64 MiB, 3 passes and 4 lanes (docs/structures.md), and an unknown
    identifier checked against a hash of the same cost, so that it takes as long."""
    stored = credentials.hash_password(PASSWORD)
    assert stored.startswith("$argon2id$v=19$m=65536,t=3,p=4$")
    assert credentials.password_matches(stored, PASSWORD)
    assert not credentials.password_matches(stored, "mauvais mot de passe")
    assert not credentials.password_matches(None, PASSWORD)
    assert credentials._DUMMY_HASH.split("$")[:4] == stored.split("$")[:4]


def test_a_totp_code_signs_in_once(app, admin):
    code = admin.code(steps_ahead=1)
    browser, _ = sign_in(app.test_client(), "admin")
    browser.submit("/structure/connexion/code", {"code": code})
    other, _ = sign_in(app.test_client(), "admin")
    page = other.submit("/structure/connexion/code", {"code": code}, status=400)
    assert "déjà servi" in text(page.select_one(".error-summary"))


def test_recovery_codes_work_once_each(app, admin):
    first = admin.recovery_codes[0]
    browser, _ = sign_in(app.test_client(), "admin")
    browser.submit("/structure/connexion/code", {"code": first.lower().replace("-", " ")})
    assert "Il vous en reste 9" in text(browser.get("/structure/demandes").select_one(".banner"))
    browser, _ = sign_in(app.test_client(), "admin")
    browser.submit("/structure/connexion/code", {"code": first}, status=400)


def test_wrong_password_and_unknown_identifier_read_the_same(app, admin):
    _, wrong = sign_in(app.test_client(), "admin", "mauvais mot de passe", status=400)
    _, unknown = sign_in(app.test_client(), "personne", PASSWORD, status=400)
    assert text(wrong.select_one(".error-summary")) == text(unknown.select_one(".error-summary"))


def test_an_invitation_works_once_and_expires(app, admin):
    path = invite(admin)
    member = join(app, path)
    assert member.browser.get("/structure/demandes")
    again = Browser(app.test_client())
    assert "ne fonctionne pas" in text(again.get(path, status=404).h1)
    expired = invite(admin)
    with app.app_context():
        from logement import get_store

        with get_store().db.writing():
            get_store().db.execute("update invitations set expires_at = '2000-01-01'")
    again.get(expired, status=404)
    again.get("/structure/invitation/devine", status=404)


def test_only_administrators_manage_members_and_read_the_log(app, admin):
    member = join(app, invite(admin))
    for url in ("/structure/membres", "/structure/journal", "/structure/fermer"):
        assert member.client.get(url).status_code == 403
    assert member.post("/structure/membres/inviter", status=403).status_code == 403


def press_member_button(admin, action_ending):
    page = admin.browser.get("/structure/membres")
    form = next(f for f in page.select("form") if f["action"].endswith(action_ending))
    admin.post(form["action"], from_page="/structure/membres")


def test_removing_a_member_ends_their_session(app, admin):
    member = join(app, invite(admin))
    press_member_button(admin, "/retirer")
    assert member.client.get("/structure/demandes").status_code == 302
    sign_in(app.test_client(), "benoit", status=400)


def test_a_reset_second_factor_is_set_up_again_at_next_sign_in(app, admin):
    member = join(app, invite(admin))
    press_member_button(admin, "/second-facteur")
    assert member.client.get("/structure/demandes").status_code == 302
    browser, location = sign_in(app.test_client(), "benoit")
    assert location.endswith("/structure/second-facteur")
    secret, _codes = second_factor(browser)
    assert secret != member.secret
    assert browser.get("/structure/demandes")


def test_an_idle_member_session_ends(app, admin):
    app.config["WORKSPACE_IDLE_SECONDS"] = 0
    time.sleep(1.1)
    response = admin.client.get("/structure/demandes")
    assert response.status_code == 302
    app.config["WORKSPACE_IDLE_SECONDS"] = 600
    assert admin.client.get("/structure/demandes").status_code == 302  # really ended


# -- sign-in limits ------------------------------------------------------------------


def test_an_account_is_paused_after_its_failures_but_colleagues_at_the_same_address_are_not(
        app, admin):
    app.config["WORKSPACE_SIGN_IN_ACCOUNT_FAILURES"] = 3
    join(app, invite(admin), login="colette")
    for _ in range(3):
        sign_in(app.test_client(), "admin", "mauvais mot de passe", status=400)
    _, page = sign_in(app.test_client(), "admin", PASSWORD, status=429)
    assert "attendez" in text(page.select_one(".error-summary"))
    sign_in(app.test_client(), "colette")  # same office address, another account


def test_an_address_is_paused_after_many_failures(app, admin):
    app.config["WORKSPACE_SIGN_IN_ADDRESS_FAILURES"] = 4
    for n in range(4):
        sign_in(app.test_client(), f"inconnu{n}", "mauvais mot de passe", status=400)
    sign_in(app.test_client(), "admin", PASSWORD, status=429)


def test_second_factor_guesses_are_limited(app, admin):
    browser, _ = sign_in(app.test_client(), "admin")
    for _ in range(5):
        browser.submit("/structure/connexion/code", {"code": "123456"}, status=400)
    page = browser.submit("/structure/connexion/code", {"code": admin.code(1)}, status=429)
    assert "attendez" in text(page.select_one(".error-summary"))


# -- applications, consent, slip -------------------------------------------------------


def test_a_domiciled_persons_application_has_the_structures_mail_address(app, admin):
    case_id = admin.new_application("Awa Diallo")
    slip = admin.browser.get(f"/structure/demandes/{case_id}/fiche")
    code = slip.select_one(".code").get_text()
    assert "jusqu'au" in text(slip.select_one(".card"))
    admin.post(f"/structure/demandes/{case_id}/ouvrir")
    page = admin.browser.get("/demande/domiciliation")
    assert page.select_one("#mail_recipient")["value"] == "CCAS de Mâcon"
    assert page.select_one("#mail_street")["value"] == "rue de la Barre"
    assert page.select_one("#mail_postcode")["value"] == "71000"
    # The person resumes alone with the code of the slip and finds the same address.
    person = Browser(app.test_client())
    person.submit("/reprendre", {"code": code})
    assert person.get("/demande/domiciliation").select_one("#mail_city")["value"] == "Mâcon"


def test_consent_is_required_and_recorded(app, admin):
    page = admin.browser.submit("/structure/demandes/nouvelle", {
        "person_name": "Awa Diallo", "domiciled": "oui", "consent_months": "12"}, status=400)
    assert "accord" in text(page.select_one(".error-summary"))
    assert page.select_one("#person_name")["value"] == "Awa Diallo"
    case_id = admin.new_application("Awa Diallo", months="6")
    page = admin.browser.get(f"/structure/demandes/{case_id}")
    expected = add_months(dt.date.today(), 6)
    assert f"{expected.day} " in text(page.select_one("#accord").find_next("p"))
    assert "Claire Martin" in text(page.select_one("#accord").find_next("ul"))


def test_attaching_an_application_with_the_persons_code(app, admin):
    person = Browser(app.test_client())
    code = person.start()
    page = admin.browser.submit("/structure/demandes/nouvelle", {
        "person_name": "Nour Benali", "domiciled": "non", "existing_code": "7K2QM",
        "consent_months": "12", "agreed": "oui"}, status=400)
    assert "20 chiffres" in text(page.select_one(".error-summary"))
    case_id = admin.new_application("Nour Benali", domiciled="non", code=code)
    assert admin.browser.get(f"/structure/demandes/{case_id}/fiche").select_one(
        ".code").get_text() == code
    page = admin.browser.submit("/structure/demandes/nouvelle", {
        "person_name": "Nour Benali", "domiciled": "non", "existing_code": code,
        "consent_months": "12", "agreed": "oui"}, status=400)
    assert "déjà dans votre liste" in text(page.select_one(".error-summary"))


def test_an_expired_consent_stops_access_until_renewed(app, admin, monkeypatch):
    case_id = admin.new_application("Awa Diallo", months="6")
    admin.post(f"/structure/demandes/{case_id}/ouvrir")
    later = add_months(dt.date.today(), 7)
    monkeypatch.setattr(cases_view, "today", lambda: later)
    assert admin.client.get("/demande/").status_code == 302  # the open application closes
    for url in (f"/structure/demandes/{case_id}/cerfa.pdf",
                f"/structure/demandes/{case_id}/fiche",
                f"/structure/demandes/{case_id}/dossier.json"):
        assert admin.client.get(url).headers["Location"].endswith(case_id)
    page = admin.browser.get("/structure/demandes")
    assert "à renouveler avec la personne" in text(page.select_one(".results"))
    page = admin.browser.submit(f"/structure/demandes/{case_id}",
                                {"consent_months": "12", "agreed": "oui"})
    assert admin.client.get(f"/structure/demandes/{case_id}/cerfa.pdf").status_code == 200


def test_cerfa_and_dossier_from_the_list(app, admin):
    case_id = admin.new_application("Awa Diallo")
    pdf = admin.client.get(f"/structure/demandes/{case_id}/cerfa.pdf")
    assert pdf.mimetype == "application/pdf" and pdf.data.startswith(b"%PDF")
    dossier = admin.client.get(f"/structure/demandes/{case_id}/dossier.json").get_json()
    assert "CCAS de Mâcon" in str(dossier)
    response = admin.post(f"/structure/demandes/{case_id}/ouvrir?vers=prochaines-etapes")
    assert response.headers["Location"].endswith("/demande/prochaines-etapes")
    assert "domiciliation" in text(admin.browser.get("/demande/prochaines-etapes").main)


# -- the list and its views ------------------------------------------------------------


def follow_up(member, case_id, filed=None, domiciled=None, contact=None, number=""):
    def parts(name, date):
        return {f"{name}-day": str(date.day), f"{name}-month": str(date.month),
                f"{name}-year": str(date.year)} if date else {}

    page = member.browser.get(f"/structure/demandes/{case_id}")
    form = page.select_one("form[action$='/suivi']")
    data = {"csrf_token": form.select_one("input[name=csrf_token]")["value"],
            "registration_number": number, **parts("filed_on", filed),
            **parts("domiciled_since", domiciled), **parts("last_contact_on", contact)}
    response = member.client.post(form["action"], data=data)
    assert response.status_code == 302, response.data.decode()[:3000]


def names_in(member, view):
    page = member.browser.get(f"/structure/demandes?vue={view}")
    return [text(h3) for h3 in page.select(".results h3")]


def test_the_views_of_the_list(app, admin):
    today = dt.date.today()
    due = admin.new_application("Awa Diallo")
    later = admin.new_application("Nour Benali")
    unfiled = admin.new_application("Jean Petit")
    follow_up(admin, due, filed=add_months(today, -11), number="071122301000123456",
              domiciled=add_months(today, -2), contact=add_months(today, -1))
    follow_up(admin, later, filed=add_months(today, -2), domiciled=add_months(today, -11),
              contact=add_months(today, -4))
    assert names_in(admin, "toutes") == ["Awa Diallo", "Nour Benali", "Jean Petit"]
    assert names_in(admin, "a-renouveler") == ["Awa Diallo"]
    assert names_in(admin, "domiciliation") == ["Nour Benali"]
    assert names_in(admin, "non-deposees") == ["Jean Petit"]
    page = admin.browser.get("/structure/demandes?vue=domiciliation")
    listed = text(page.select_one(".results"))
    assert "plus de trois mois" in listed and "se termine dans un mois ou moins" in listed
    card = admin.browser.get(f"/structure/demandes/{due}/carte")
    assert "071122301000123456" in text(card.select_one(".card"))
    assert unfiled


def test_follow_up_keeps_what_was_typed_when_wrong(app, admin):
    case_id = admin.new_application("Awa Diallo")
    page = admin.browser.get(f"/structure/demandes/{case_id}")
    form = page.select_one("form[action$='/suivi']")
    response = admin.client.post(form["action"], data={
        "csrf_token": form.select_one("input[name=csrf_token]")["value"],
        "registration_number": "0711", "filed_on-day": "31", "filed_on-month": "2",
        "filed_on-year": "2024"})
    assert response.status_code == 400
    page = check_page(response.data)
    assert page.select_one("#registration_number")["value"] == "0711"
    assert len(page.select(".error-summary li")) == 2


def test_the_person_stops_sharing_with_their_code(app, admin):
    case_id = admin.new_application("Awa Diallo")
    code = admin.browser.get(f"/structure/demandes/{case_id}/fiche").select_one(
        ".code").get_text()
    admin.post(f"/structure/demandes/{case_id}/ouvrir")
    person = Browser(app.test_client())
    assert "Ouvrez d'abord" in text(person.get("/structure/partage").select_one("main"))
    person.submit("/reprendre", {"code": code})
    page = person.get("/structure/partage")
    assert "CCAS de Mâcon" in text(page.select_one("main ul.list"))
    person.submit("/structure/partage", {})
    assert "aucune structure" in text(person.get("/structure/partage").select_one("main"))
    # At once: the member's open application closes, the list and every route forget it.
    assert admin.client.get("/demande/").status_code == 302
    assert names_in(admin, "toutes") == []
    for url in (f"/structure/demandes/{case_id}", f"/structure/demandes/{case_id}/cerfa.pdf"):
        assert admin.client.get(url).status_code == 404
    assert person.get("/demande/")  # the person keeps it
    log = text(admin.browser.get("/structure/journal").select_one(".results"))
    assert "partage arrêté par la personne" in log and "Awa Diallo" not in log


def test_deleting_an_application_from_the_list(app, admin):
    case_id = admin.new_application("Awa Diallo")
    code = admin.browser.get(f"/structure/demandes/{case_id}/fiche").select_one(
        ".code").get_text()
    admin.browser.submit(f"/structure/demandes/{case_id}/supprimer", {})
    assert names_in(admin, "toutes") == []
    person = Browser(app.test_client())
    person.submit("/reprendre", {"code": code}, status=200)  # the code no longer opens it


def test_the_audit_log_says_who_did_what_never_the_answers(app, admin):
    case_id = admin.new_application("Awa Diallo")
    admin.post(f"/structure/demandes/{case_id}/ouvrir")
    admin.browser.submit("/demande/identite", {"civility": "madame", "birth_name": "Diallo",
                                               "first_names": "Awa Secretnom"})
    admin.browser.submit("/demande/identite", {"civility": "", "birth_name": "Diallo"},
                         status=200)  # shown again with its errors: nothing changed
    admin.client.get("/demande/cerfa.pdf")
    admin.client.get(f"/structure/demandes/{case_id}/dossier.json")
    log = text(admin.browser.get("/structure/journal").select_one(".results"))
    assert log.count("réponses modifiées") == 1
    for action in ("accord enregistré", "demande ouverte", "réponses modifiées",
                   "Cerfa imprimé", "dossier téléchargé"):
        assert f"Claire Martin – {action} – Awa Diallo" in log, action
    assert "Secretnom" not in log


# -- closing a structure -----------------------------------------------------------------


def test_closing_a_structure_hands_the_applications_back(app, admin):
    case_id = admin.new_application("Awa Diallo")
    code = admin.browser.get(f"/structure/demandes/{case_id}/fiche").select_one(
        ".code").get_text()
    member = join(app, invite(admin))
    admin.browser.submit("/structure/fermer", {"closing": "rendre", "confirm": "oui"})
    assert member.client.get("/structure/demandes").status_code == 302
    sign_in(app.test_client(), "admin", status=400)
    person = Browser(app.test_client())
    person.submit("/reprendre", {"code": code})
    assert "aucune structure" in text(person.get("/structure/partage").select_one("main"))


def test_closing_a_structure_can_delete_its_applications(app, admin):
    case_id = admin.new_application("Awa Diallo")
    code = admin.browser.get(f"/structure/demandes/{case_id}/fiche").select_one(
        ".code").get_text()
    page = admin.browser.submit("/structure/fermer", {"closing": "supprimer"}, status=400)
    assert "Cochez la case" in text(page.select_one(".error-summary"))
    admin.browser.submit("/structure/fermer", {"closing": "supprimer", "confirm": "oui"})
    Browser(app.test_client()).submit("/reprendre", {"code": code}, status=200)


# -- isolation ------------------------------------------------------------------------------

CASE_ROUTES = [("get", "/structure/demandes/{id}"), ("get", "/structure/demandes/{id}/fiche"),
               ("get", "/structure/demandes/{id}/cerfa.pdf"),
               ("get", "/structure/demandes/{id}/dossier.json"),
               ("get", "/structure/demandes/{id}/carte"),
               ("get", "/structure/demandes/{id}/supprimer"),
               ("post", "/structure/demandes/{id}/supprimer"),
               ("post", "/structure/demandes/{id}/ouvrir"),
               ("post", "/structure/demandes/{id}/suivi"),
               ("post", "/structure/demandes/{id}/accord")]
MEMBER_ROUTES = ["/structure/membres/{id}/retirer", "/structure/membres/{id}/second-facteur",
                 "/structure/membres/{id}/autre"]


def test_another_structure_reaches_nothing_with_real_or_guessed_ids(app, admin):
    case_id = admin.new_application("Awa Diallo")
    follow_up(admin, case_id, filed=add_months(dt.date.today(), -11),
              number="071122301000123456")
    colleague = join(app, invite(admin))
    with app.app_context():
        from logement import get_store

        member_ids = [row["id"] for row in get_store().db.query("select id from members")]
    other = create_structure(app, DIJON, login="relais")
    token = other.browser.get("/structure/demandes").select_one(
        "input[name=csrf_token]")["value"]
    for case in (case_id, case_id[:-1] + ("A" if case_id[-1] != "A" else "B"), "1", "../1"):
        for method, route in CASE_ROUTES:
            url = route.format(id=case)
            response = getattr(other.client, method)(url, data={"csrf_token": token,
                                                               "agreed": "oui",
                                                               "consent_months": "24"})
            assert response.status_code == 404, (method, url, response.status_code)
            assert b"Awa" not in response.data
    for member_id in member_ids:
        for route in MEMBER_ROUTES:
            response = other.client.post(route.format(id=member_id),
                                         data={"csrf_token": token})
            assert response.status_code == 404, route
    # Nothing leaked into its pages, its session or its log; nothing changed for A.
    for url in ("/structure/demandes", "/structure/journal", "/structure/membres"):
        assert b"Awa" not in other.client.get(url).data
    assert other.client.get("/demande/").status_code == 302
    assert names_in(admin, "toutes") == ["Awa Diallo"]
    assert colleague.browser.get("/structure/demandes")
    assert "071122301000123456" in text(admin.browser.get(
        f"/structure/demandes/{case_id}").select_one("main"))


def test_signed_out_visitors_reach_nothing(app, admin):
    case_id = admin.new_application("Awa Diallo")
    visitor = app.test_client()
    token = Browser(visitor).get("/structure/connexion").select_one(
        "input[name=csrf_token]")["value"]
    for method, route in CASE_ROUTES:
        response = getattr(visitor, method)(route.format(id=case_id),
                                            data={"csrf_token": token})
        assert response.status_code == 302, route
        assert response.headers["Location"].endswith("/structure/connexion")
    for url in ("/structure/demandes", "/structure/membres", "/structure/journal",
                "/structure/fermer", "/structure/demandes/nouvelle"):
        assert visitor.get(url).status_code == 302


def test_workspace_pages_in_arabic_are_translated(app, admin):
    from test_i18n import untranslated_text

    case_id = admin.new_application("Awa Diallo")
    follow_up(admin, case_id, filed=add_months(dt.date.today(), -11),
              domiciled=add_months(dt.date.today(), -11), number="071122301000123456")
    admin.browser.get("/structure/demandes")  # the message of the save, read in French
    admin.client.get("/langue/ar")
    found = {}
    for url in ("/structure/demandes", f"/structure/demandes/{case_id}",
                f"/structure/demandes/{case_id}/fiche", "/structure/membres",
                "/structure/journal", "/structure/fermer", "/structure/demandes/nouvelle",
                "/structure/partage", "/structure/invitation/x"):
        page = admin.browser.get(url, status=404 if "invitation" in url else 200)
        assert page.html["dir"] == "rtl"
        found[url] = untranslated_text(page.select_one("main"))
    assert {url: words for url, words in found.items() if words} == {}


# -- size ------------------------------------------------------------------------------------


def test_every_workspace_page_fits_in_14_kb_gzipped(places_app):
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))
    from page_sizes import BUDGET
    from workspace_sizes import workspace_sizes

    _css, sizes, steps = workspace_sizes(places_app)
    assert len(sizes) >= 30
    assert [(label, total) for label, _html, total in sizes if total > BUDGET] == []
    # From the list to a printed Cerfa: the list, the consent page, the slip, the PDF.
    assert steps == (4, 1)


def test_odd_input_on_every_workspace_form_is_answered_without_error(app, admin):
    case_id = admin.new_application("Awa Diallo")
    odd = ["\x00", "x" * 5000, "٠١٢٣٤٥", "<script>", "' or 1=1 --", "\u202e", ""]
    forms = {"/structure/demandes/nouvelle": ["person_name", "domiciled", "existing_code",
                                              "consent_months", "agreed"],
             f"/structure/demandes/{case_id}/suivi": ["registration_number", "filed_on-day",
                                                      "filed_on-month", "filed_on-year"],
             f"/structure/demandes/{case_id}/accord": ["consent_months", "agreed"],
             "/structure/fermer": ["closing"],
             "/structure/creer": ["structure_name", "structure_kind", "siret", "mail_city"]}
    token = admin.browser.get("/structure/demandes").select_one(
        "input[name=csrf_token]")["value"]
    for url, names in forms.items():
        for value in odd:
            response = admin.client.post(url, data={"csrf_token": token,
                                                    **{name: value for name in names}})
            assert response.status_code < 500, (url, repr(value))
            assert b"<script>" not in response.data
    for url in (f"/structure/demandes?vue={'x' * 3000}&page=-1",
                "/structure/demandes?page=99999999999999999999", "/structure/journal?page=x",
                "/structure/demandes/" + "x" * 3000, "/structure/invitation/" + "x" * 3000):
        assert admin.client.get(url).status_code in (200, 404), url
    visitor = Browser(app.test_client())
    for value in odd:
        page = visitor.submit("/structure/connexion", {"identifier": value, "password": value},
                              status=400)
        assert page.select_one(".error-summary")


def test_a_totp_code_typed_with_arabic_digits_is_read(app, admin):
    arabic = admin.code(steps_ahead=1).translate(str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩"))
    browser, _ = sign_in(app.test_client(), "admin")
    browser.submit("/structure/connexion/code", {"code": arabic})
    assert browser.get("/structure/demandes")


def test_names_secrets_and_codes_are_not_readable_in_the_database(app, admin):
    case_id = admin.new_application("Awa Zanzibar-Diallo")
    follow_up(admin, case_id, number="071122301000999888")
    link = invite(admin)
    with app.app_context():
        from logement import get_store

        db = get_store().db
        hashes = [row["password_hash"] for row in db.query("select password_hash from members")]
        if db.engine == "postgresql":  # every value of every table
            raw = b" ".join(v if isinstance(v, bytes) else str(v).encode()
                            for table in WORKSPACE_TABLES for row in db.query(
                                f"select * from {table}") for v in row.values())
        else:  # the file itself
            db.after_delete()  # the write-ahead log folded into the file
            raw = open(app.config["DATABASE"], "rb").read()
    for secret in ("Zanzibar", "071122301000999888", admin.secret, link.rsplit("/", 1)[1],
                   PASSWORD, *(code.replace("-", "") for code in admin.recovery_codes)):
        assert secret.encode() not in raw, secret
    assert hashes and all(h.startswith("$argon2id$") for h in hashes)
