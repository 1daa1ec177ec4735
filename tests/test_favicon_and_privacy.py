"""The icon browsers ask for at the root, and what the data page tells about sessions
ending and about structures."""

from pathlib import Path

from htmlcheck import text

STATIC = Path(__file__).resolve().parents[1] / "site" / "logement" / "static"


def test_favicon_at_the_root_is_the_sites_icon(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 200
    assert response.data == (STATIC / "favicon.ico").read_bytes()
    assert response.mimetype in ("image/vnd.microsoft.icon", "image/x-icon")


def test_privacy_page_says_when_sessions_end_and_what_a_structure_keeps(app, browser):
    app.config["SESSION_IDLE_MINUTES"] = 30
    page = text(browser.get("/donnees-personnelles").select_one("main"))
    assert "Sans activité pendant 30 minutes, votre demande se ferme" in page
    assert "après 20 minutes sans activité" in page
    assert "journal" in page and "ne contient jamais vos réponses" in page
    assert "arrêter le partage à tout moment" in page
