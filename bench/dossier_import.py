"""Hostile dossier files and the largest household: how long each takes.

For every malformed file of tests/hostile_files.py: the time of the upload page
(the whole request, parse and answer) and of `dossier.parse` alone. Then the largest
household the list caps allow (every list full, 8 communes): upload, review page,
next-steps page and the PDF. Each figure is the median of RUNS requests through
Flask's test client, on this machine. Run: `.venv/bin/python bench/dossier_import.py`.
"""

import io
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "site"), str(ROOT / "tests")]

from hostile_files import MALFORMED, largest_household  # noqa: E402
from logement import create_app, open_places  # noqa: E402

from forms import dossier  # noqa: E402

RUNS = 5


def median_ms(function):
    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        function()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), max(times)


def csrf(client):
    page = client.get("/charger-un-dossier").data.decode()
    return page.split('name="csrf_token" value="')[1].split('"')[0]


def upload(client, token, body):
    """Post a file; a malformed one must come back with its list of problems."""
    response = client.post("/charger-un-dossier", data={
        "csrf_token": token, "dossier": (io.BytesIO(body), "demande.json")},
        content_type="multipart/form-data")
    assert response.status_code == 413 or b'id="dossier-error"' in response.data
    return response


def main():
    instance = Path(os.environ.get("LOGEMENT_INSTANCE_PATH", ROOT / "instance"))
    with tempfile.TemporaryDirectory() as folder:
        app = create_app({"TESTING": True, "DATABASE": f"{folder}/logement.sqlite3",
                          "PLACES_DATABASE": str(instance / "places.sqlite3")})
        client = app.test_client()
        token = csrf(client)
        print(f"{'malformed file':32} {'bytes':>8} {'status':>6} {'upload ms':>10} "
              f"{'parse ms':>9}  (median, max of {RUNS})")
        places = open_places(app)
        for case, body in MALFORMED.items():
            status = upload(client, token, body).status_code
            web, web_max = median_ms(lambda: upload(client, token, body))
            with app.test_request_context():
                alone, _ = median_ms(lambda: dossier.parse(body, places.commune))
            print(f"{case:32} {len(body):>8} {status:>6} {web:>6.1f} ({web_max:>5.1f}) "
                  f"{alone:>7.1f}")
        rows = places.by_departement("71")[:8]
        document = largest_household([(r["code"], r["postcodes"].split()[0]) for r in rows])
        body = json.dumps(document, ensure_ascii=False).encode()
        counts = {k: len(v) for k, v in document["answers"].items() if isinstance(v, list)
                  and k not in ("reasons", "rooms_sought")}
        print(f"\nlargest household {counts}, {len(body)} bytes")
        response = client.post("/charger-un-dossier", data={
            "csrf_token": token, "dossier": (io.BytesIO(body), "demande.json")},
            content_type="multipart/form-data")
        assert response.status_code == 302, response.data[:3000]
        for label, url in (("review", "/demande/recapitulatif"),
                           ("next steps", "/demande/prochaines-etapes"),
                           ("PDF", "/demande/cerfa.pdf")):
            size = len(client.get(url).data)
            took, worst = median_ms(lambda url=url: client.get(url))
            print(f"{label:12} {took:7.1f} ms median, {worst:7.1f} ms max, {size:>9} bytes")
        with app.test_request_context():
            took, worst = median_ms(lambda: dossier.parse(body, places.commune))
        print(f"{'parse':12} {took:7.1f} ms median, {worst:7.1f} ms max")


if __name__ == "__main__":
    main()
