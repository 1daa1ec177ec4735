"""In Chromium: the pages of a refused close or delete pass axe and work with the keyboard."""

import pytest

from test_browser import Auditor, chromium, server  # noqa: F401  (fixtures)

pytestmark = pytest.mark.browser


def test_refused_close_and_delete_pages(chromium, server):  # noqa: F811
    auditor = Auditor(chromium)
    context = chromium.new_context(locale="fr-FR")
    page = context.new_page()
    page.goto(server + "/")
    with page.expect_navigation():
        page.get_by_role("button", name="Commencer une demande").click()
    for start, button, heading in (
            ("/demande/code", "Fermer ma demande sur cet appareil",
             "Votre demande n'a pas été fermée"),
            ("/demande/supprimer", "Oui, supprimer ma demande",
             "Votre demande n'a pas été supprimée")):
        page.goto(server + start)
        auditor.capture(page)
        # The page expired meanwhile: its token no longer matches the session's.
        page.evaluate("document.querySelectorAll('input[name=csrf_token]')"
                      ".forEach(i => i.value = 'expired')")
        with page.expect_navigation():
            page.get_by_role("button", name=button).click()
        assert page.locator("h1").inner_text() == heading
        auditor.capture(page)
        for _ in range(40):  # the button again, reached with the keyboard
            page.keyboard.press("Tab")
            if page.evaluate("document.activeElement.textContent.trim()") == button:
                break
        else:
            raise AssertionError(f"« {button} » cannot be reached with the Tab key")
    with page.expect_navigation():
        page.keyboard.press("Enter")  # this time it is done
    assert "supprimées" in page.locator(".banner").inner_text()
    context.close()
    assert auditor.run() == []
