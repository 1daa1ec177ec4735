"""Bytes transferred per page, gzip-compressed: HTML, and HTML + the stylesheet.

Budget: 14 KB (14,336 bytes) per page, HTML and CSS together, no JavaScript.
Run with `make bench` (or `.venv/bin/python bench/page_sizes.py`).
"""

import gzip
import io
import json
import os
import re
import sys
import tempfile
from pathlib import Path

from logement import create_app, get_places
from logement.i18n import LANGUAGES
from forms import PAGES

sys.path.insert(0, str(Path(__file__).resolve().parent))
from households import household, sizes as list_sizes  # noqa: E402

BUDGET = 14 * 1024
ROOT = Path(__file__).resolve().parents[1]


def size_log(client):
    """(CSS gzip bytes, the list of sizes, measure(label, response) adding to it)."""
    css = gz(client.get("/static/style.css").data)
    sizes = []

    def measure(label, response):
        assert response.status_code < 500, label
        html = gz(response.data)
        sizes.append((label, html, html + css))
        return response

    return css, sizes, measure


def gz(data: bytes) -> int:
    return len(gzip.compress(data, compresslevel=6))


def _csrf(html: bytes) -> str:
    return re.search(rb'name="csrf_token" value="([^"]+)"', html).group(1).decode()


def _post_form(client, url, answers):
    """Post answers with the hidden fields of the page, as a browser would."""
    html = client.get(url).data
    hidden = dict(re.findall(rb'type="hidden" name="([^"]+)" value="([^"]*)"', html))
    data = {k.decode(): v.decode() for k, v in hidden.items()}
    return client.post(url, data={**data, **answers})


HOUSED = ("ou-vivez-vous", {"living_situation": "logement"})
# Answers that make a page asked (pages depend on where the person lives).
ROUTE_TO = {
    "adresse": [HOUSED],
    "hebergement": [("ou-vivez-vous", {"living_situation": "heberge"})],
    "courrier": [HOUSED],
    "adresse-courrier": [HOUSED, ("courrier", {"mail_elsewhere": "oui"})],
    "domiciliation": [("ou-vivez-vous", {"living_situation": "domicilie"})],
    "bailleur": [("logement-actuel", {"housing_status": "F2"})],
    "expulsion": [("motifs", {"reasons": ["F42"]})],
    "autre-logement-details": [("autre-logement", {"other_property": "F50"})],
    "lieu-de-travail": [("situation-professionnelle", {"work_status": "D1"})],
    "employeur": [("situation-professionnelle", {"work_status": "D1"})],
    "separation": [("liste/codemandeurs/1", {
        "civility": "monsieur", "birth_name": "Martin", "first_names": "Paul",
        "birth_date-day": "1", "birth_date-month": "2", "birth_date-year": "1980",
        "nationality": "francaise", "nir_unknown": "oui", "link": "B2"}),
        ("motifs", {"reasons": ["F48"]})],
    "vos-ressources": [("ressources-mensuelles", {"receives_monthly": "E7"})],
    "ressources-personnes-a-charge": [("ressources-mensuelles", {"receives_monthly": "E7"})],
}


# A long checklist: foreign national, salary and benefits, hosted, several reasons.
NEXT_STEPS_ANSWERS = [
    ("nationalite", {"nationality": "hors_union_europeenne"}),
    ("vos-ressources", {"monthly_applicant_salary": "900", "monthly_applicant_family": "140",
                        "monthly_applicant_grant": "100", "monthly_applicant_other": "50"}),
    ("logement-actuel", {"housing_status": "F10"}),
    ("motifs", {"reasons": ["F31", "F32", "F42", "F45", "F48"]}),
]
RENEWAL = {"registration_number": "071122301000123456", "filing_date-day": "29",
           "filing_date-month": "2", "filing_date-year": "2024"}

# The longest lists: a common name, Paris and its 20 arrondissements, a département.
COUNTER_PAGES = ("/guichets/", "/guichets/?q=saint", "/guichets/?q=13", "/guichets/75056",
                 "/guichets/71270")


def page_sizes(app):
    """(label, HTML gzip bytes, HTML + CSS gzip bytes) for every page a person can see."""
    client = app.test_client()
    css, sizes, measure = size_log(client)

    home = measure("/", client.get("/"))
    measure("/reprendre", client.get("/reprendre"))
    measure("/donnees-personnelles", client.get("/donnees-personnelles"))
    measure("/404", client.get("/nulle-part"))
    client.post("/commencer", data={"csrf_token": _csrf(home.data)})
    measure("/demande/code", client.get("/demande/code"))
    for page in PAGES:
        for slug, answer in ROUTE_TO.get(page.slug, ()):
            _post_form(client, f"/demande/{slug}", answer)
        url = f"/demande/liste/{page.slug}" if page.collection else f"/demande/{page.slug}"
        if page.collection:
            measure(url + "/1", client.get(url + "/1"))
        assert measure(url, client.get(url)).status_code == 200, url
        # The heaviest state of a page: every answer wrong, every message shown.
        names = [q.name for q in page.questions]
        data = {n: "x\x01" * 15 for n in names}
        data.update({f"{n}-day": "x" for n in names})
        measure(url + " (erreurs)", _post_form(client, url, data))
    measure("/demande/", client.get("/demande/"))
    measure("/demande/recapitulatif", client.get("/demande/recapitulatif"))
    measure("/demande/supprimer", client.get("/demande/supprimer"))
    for slug, answer in ROUTE_TO["vos-ressources"] + NEXT_STEPS_ANSWERS:
        _post_form(client, f"/demande/{slug}", answer)
    measure("/demande/prochaines-etapes", client.get("/demande/prochaines-etapes"))
    measure("/renouvellement", client.get("/renouvellement"))
    measure("/renouvellement (carte)", _post_form(client, "/renouvellement", RENEWAL))
    for url in COUNTER_PAGES:
        assert measure(url, client.get(url)).status_code == 200, url
    # Arabic: longer in UTF-8, and each question shows the Cerfa's French wording too.
    client.get("/langue/ar")
    for url in ("/", "/demande/", "/demande/recapitulatif", "/demande/prochaines-etapes",
                "/demande/logement-actuel", "/guichets/75056"):
        measure(f"{url} (ar)", client.get(url))
    measure("/demande/motifs (ar, erreurs)",
            _post_form(client, "/demande/motifs", {"reasons": ["x"]}))
    sizes += household_sizes(app, css)
    return css, sizes


HOUSEHOLDS = (("one person", 1), ("family of 5", 3), ("largest", 8))


def household_sizes(app, css):
    """The pages that grow with the household (answers, next steps), for one person, a
    family of 5 and the largest household the list caps allow, in every language."""
    with app.app_context():
        communes = [(c["code"], c["name"], c["postcodes"].split()[0])
                    for c in get_places().by_departement("71")[:8]]
    sizes = []
    for kind, count in HOUSEHOLDS:
        document = household(kind, communes[:count])
        print(f"{kind}: {list_sizes(document)}, {count} commune(s)")
        client = app.test_client()
        token = _csrf(client.get("/charger-un-dossier").data)
        response = client.post("/charger-un-dossier", data={
            "csrf_token": token,
            "dossier": (io.BytesIO(json.dumps(document).encode()), "demande.json")},
            content_type="multipart/form-data")
        assert response.status_code == 302, kind
        for language in LANGUAGES:
            client.get(f"/langue/{language}")
            for url in ("/demande/recapitulatif", "/demande/prochaines-etapes"):
                html = gz(client.get(url).data)
                sizes.append((f"{url} ({kind}, {language})", html, html + css))
        print(f"  its PDF: {len(client.get('/demande/cerfa.pdf').data):,} bytes (not a page)")
    return sizes


def main():
    # The communes loaded by `make run` / `make test` (flask load-places).
    places = Path(os.environ.get("LOGEMENT_INSTANCE_PATH", ROOT / "instance")) / "places.sqlite3"
    with tempfile.TemporaryDirectory() as instance:
        os.environ["LOGEMENT_INSTANCE_PATH"] = instance
        css, sizes = page_sizes(create_app({"PLACES_DATABASE": str(places)}))
    print(f"style.css: {css} bytes gzipped")
    print(f"{'page':48} {'HTML gz':>8} {'+CSS gz':>8}")
    for label, html, total in sizes:
        flag = "" if total <= BUDGET else "  OVER BUDGET"
        print(f"{label:48} {html:8d} {total:8d}{flag}")
    heaviest = max(sizes, key=lambda row: row[2])
    print(f"heaviest: {heaviest[0]} {heaviest[2]} bytes of {BUDGET}")
    return 0 if heaviest[2] <= BUDGET else 1


if __name__ == "__main__":
    sys.exit(main())
