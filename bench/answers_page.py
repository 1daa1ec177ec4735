"""The answers page (/demande/recapitulatif) of the largest household, as a person meets it.

Builds the household of tests/conftest.py (LARGE_HOUSEHOLD: a co-applicant, a
dependant, a flatmate, every page that depends on an answer), opens its answers page
in Debian's Chromium at 320 px in French and Arabic, and prints: summary rows, change
links, Tab stops (counted by pressing Tab until focus leaves the page), the document
height, "Non renseigné" rows, and the gzipped size with the stylesheet.

Measured on 2026-12-01 (this machine's Chromium), fr / ar:

                      flat list (dfc3d64)     cards (this version)
  rows                  169 / 169               89 / 89
  change links          169 / 169               69 / 69
  "Non renseigné" rows   65 / 65                 2 / 2
  Tab stops             184 / 184               84 / 84
  height at 320 px    26408 / 30656          11646 / 13973
  gzip HTML+CSS        9053 / 11613           7942 / 9872

Run with `.venv/bin/python bench/answers_page.py [PORT]` (default port 5700, on
127.0.0.1 only). PYTHONPATH may point at another checkout to measure older code.
"""

import os
import sys
import tempfile
import threading
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "bench"))

from page_sizes import gz  # noqa: E402

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
WIDTH = 320
REVIEW = "/demande/recapitulatif"

# The element focused, marked once so that reaching it again ends the walk.
FOCUSED = ("() => { const e = document.activeElement; if (!e || e === document.body) "
           "return null; if (!e.dataset.benchStop) e.dataset.benchStop = String(Math.random());"
           " return e.dataset.benchStop; }")


def build_household(app):
    """Fill every page of the household with the test client; return its resume code."""
    from conftest import LARGE_HOUSEHOLD, Browser, answer_pages

    browser = Browser(app.test_client())
    code = browser.start()
    assert answer_pages(browser, LARGE_HOUSEHOLD) == REVIEW
    return code, browser.client


def static_figures(app, client, language):
    """Rows, change links and "Non renseigné" rows from the HTML; gzipped bytes."""
    from flask_babel import force_locale, gettext

    from htmlcheck import parse, text

    with app.test_request_context(), force_locale(language):
        not_given = gettext("Non renseigné")

    client.get(f"/langue/{language}")
    html = client.get(REVIEW).data
    css = client.get("/static/style.css").data
    page = parse(html)
    main = page.select_one("main")
    rows = main.select(".summary__row")
    changes = main.select(".summary a, .summary-card a")  # rows', and people's cards'

    blank = [r for r in rows if not_given in text(r)]
    client.get("/langue/fr")
    return {"rows": len(rows), "change links": len(changes), "Non renseigné rows": len(blank),
            "gzip HTML+CSS": gz(html) + gz(css)}


def tab_stops(page, limit=600) -> int:
    """Distinct elements focused by pressing Tab from the top of the page."""
    page.evaluate("() => { document.activeElement && document.activeElement.blur(); "
                  "window.scrollTo(0, 0); }")
    seen = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        stop = page.evaluate(FOCUSED)
        if stop is None or stop in seen:
            break
        seen.append(stop)
    return len(seen)


@contextmanager
def serving(app, port=0):
    """The app on 127.0.0.1 (port 0: any free one), for Chromium; its base URL."""
    from werkzeug.serving import make_server

    httpd = make_server("127.0.0.1", port, app, threaded=True)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{httpd.server_port}"
    finally:
        httpd.shutdown()


def open_review(chromium, server, code, language):
    """A fresh browser context, the application resumed with its code, the answers page
    open at 320 px in `language`: (context, page)."""
    context = chromium.new_context(viewport={"width": WIDTH, "height": 800})
    page = context.new_page()
    page.goto(server + "/reprendre")
    page.fill("#code", code)
    page.locator("main form button").first.click()
    page.goto(f"{server}/langue/{language}?suivant={REVIEW}")
    assert page.url.endswith(REVIEW), page.url
    return context, page


def measure(port=5700):
    import logging

    from playwright.sync_api import sync_playwright

    from logement import create_app

    logging.getLogger("werkzeug").setLevel(logging.ERROR)  # no line per request
    with tempfile.TemporaryDirectory() as instance:
        os.environ["LOGEMENT_INSTANCE_PATH"] = instance
        app = create_app({"SESSION_COOKIE_SECURE": False})
        code, client = build_household(app)
        figures = {language: static_figures(app, client, language) for language in ("fr", "ar")}
        with serving(app, port) as server, sync_playwright() as playwright:
            chromium = playwright.chromium.launch(executable_path=CHROMIUM,
                                                  args=["--no-sandbox", "--disable-gpu"])
            for language in ("fr", "ar"):
                context, page = open_review(chromium, server, code, language)
                figures[language]["height at 320 px"] = page.evaluate(
                    "() => document.documentElement.scrollHeight")
                figures[language]["Tab stops"] = tab_stops(page)
                context.close()
            chromium.close()
    return figures


def main():
    port = int(sys.argv[1]) if len(sys.argv) > 1 else 5700
    figures = measure(port)
    names = list(figures["fr"])
    print(f"{'answers page, largest household':34} {'fr':>8} {'ar':>8}")
    for name in names:
        print(f"{name:34} {figures['fr'][name]:8d} {figures['ar'][name]:8d}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
