"""The answers page of the largest household in Debian's Chromium: half the Tab stops
of the flat list it replaces, and no axe-core violation, in French and Arabic."""

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))

from answers_page import build_household, open_review, serving, tab_stops  # noqa: E402
from test_browser import WIDTHS, chromium  # noqa: E402,F401 (the Chromium fixture)

pytestmark = pytest.mark.browser

# bench/answers_page.py on the flat list of commit dfc3d64 (one row and one change link
# per question): 184 Tab stops, in French as in Arabic.
FLAT_LIST_TAB_STOPS = 184


@pytest.mark.parametrize("language", ["fr", "ar"])
def test_largest_answers_page_has_half_the_tab_stops_and_passes_axe(app, chromium, language):
    from axe_playwright_python.sync_playwright import Axe

    code, _client = build_household(app)
    with serving(app) as server:
        context, page = open_review(chromium, server, code, language)
        assert tab_stops(page) * 2 <= FLAT_LIST_TAB_STOPS
        problems = []
        for width in WIDTHS:
            page.set_viewport_size({"width": width, "height": 800})
            for violation in Axe().run(page).response["violations"]:
                problems.append((width, violation["id"],
                                 [n["target"] for n in violation["nodes"]]))
        # No sideways scroll at 320 px.
        page.set_viewport_size({"width": 320, "height": 800})
        assert page.evaluate("() => document.documentElement.scrollWidth") <= 320
        context.close()
    assert problems == []
