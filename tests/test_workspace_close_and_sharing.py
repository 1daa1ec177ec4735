"""A person whose application is shared finds how to stop it from their task list; a
member who closes a person's application stays signed in to the workspace."""

from conftest import Browser
from htmlcheck import text
from test_workspace import admin, app, names_in, structure_made  # noqa: F401  (fixtures)

SHARING_LINK = "main a[href='/structure/partage']"


def shared_application(app, admin):  # noqa: F811
    """A case of the structure, and the person's browser with their application open."""
    case_id = admin.new_application("Awa Diallo")
    code = admin.browser.get(f"/structure/demandes/{case_id}/fiche").select_one(
        ".code").get_text()
    person = Browser(app.test_client())
    person.submit("/reprendre", {"code": code})
    return case_id, person


def test_the_task_list_links_to_stop_sharing_only_while_shared(app, admin):  # noqa: F811
    _, person = shared_application(app, admin)
    link = person.get("/demande/").select_one(SHARING_LINK)
    assert "arrêter ce partage" in text(link)
    person.submit("/structure/partage", {})
    assert person.get("/demande/").select_one(SHARING_LINK) is None
    alone = Browser(app.test_client())
    alone.start()
    assert alone.get("/demande/").select_one(SHARING_LINK) is None


def test_a_member_sees_no_stop_sharing_link_in_the_persons_task_list(app, admin):  # noqa: F811
    case_id, _ = shared_application(app, admin)
    admin.post(f"/structure/demandes/{case_id}/ouvrir")
    assert admin.browser.get("/demande/").select_one(SHARING_LINK) is None


def test_a_member_closing_a_persons_application_stays_signed_in(app, admin):  # noqa: F811
    case_id, _ = shared_application(app, admin)
    admin.post(f"/structure/demandes/{case_id}/ouvrir")
    assert admin.client.get("/demande/").status_code == 200
    location = admin.browser.submit("/demande/code", {})
    assert location.endswith("/structure/demandes")
    page = admin.browser.get("/structure/demandes")
    assert "toujours connecté" in text(page.select_one("main"))
    assert names_in(admin, "toutes") == ["Awa Diallo"]
    assert admin.client.get("/demande/").status_code == 302  # the application is closed


def test_the_persons_own_close_still_ends_their_session(app, admin):  # noqa: F811
    _, person = shared_application(app, admin)
    assert person.submit("/demande/code", {}) == "/"
    assert person.client.get("/demande/").status_code == 302
