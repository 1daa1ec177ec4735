"""Every page fits the size budget: 14 KB gzipped, HTML and CSS together, no script."""

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))

from page_sizes import BUDGET, page_sizes  # noqa: E402
from logement.i18n import LANGUAGES  # noqa: E402


@pytest.mark.parametrize("name", [pytest.param(name, marks=pytest.mark.answered(name))
                                  for name in ("family", "large")])
def test_review_of_a_large_family_fits_in_14_kb_gzipped(browser, name):
    import gzip

    css = browser.client.get("/static/style.css").data
    # Every language (in Arabic each answer also shows the Cerfa's French wording).
    for language in LANGUAGES:
        browser.client.get(f"/langue/{language}")
        html = browser.client.get("/demande/recapitulatif").data
        assert len(gzip.compress(html)) + len(gzip.compress(css)) <= BUDGET, language


def test_every_page_fits_in_14_kb_gzipped(places_app):
    css, sizes = page_sizes(places_app)
    assert len(sizes) >= 30  # every question page, with and without errors
    over = [(label, total) for label, _html, total in sizes if total > BUDGET]
    assert over == []
