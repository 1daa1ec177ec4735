"""Capacity of the production command per core, for each kind of page.

gunicorn (2 sync workers, the production command of the README) is pinned to core 0,
this load generator to core 1 (taskset / sched_setaffinity); 127.0.0.1, port 5400.
Each kind of page is requested for DURATION seconds by CONNECTIONS clients; the figure
is the median requests/s of RUNS runs, and its cost as a ratio to the home page
(home req/s ÷ page req/s). Sessions are made beforehand with Flask's test client on
the same instance (same keys): households from bench/households.py, in fr, en, ar.
Run with `make bench` (about 3 minutes) or `.venv/bin/python bench/capacity.py`.
"""

import asyncio
import io
import json
import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "site"), str(ROOT / "bench")]

from households import household, sizes  # noqa: E402

PORT = int(os.environ.get("BENCH_PORT", "5400"))
WORKERS, CONNECTIONS, DURATION, RUNS = 2, 8, 2.0, 3
LANGUAGES = ("fr", "en", "ar")
NATIONAL_PEAK = 72  # page views per second at the daily peak (issue 16)


# -- sessions -------------------------------------------------------------------------


def _token(client, url):
    return re.search(r'name="csrf_token" value="([^"]+)"', client.get(url).text)[1]


def _cookie(client):
    cookie = client.get_cookie("logement_session")
    return f"logement_session={cookie.value}"


def make_sessions(app, communes):
    """{(household, language): cookie}, and a save request (path, body, cookie)."""
    sessions = {}
    for kind, count in (("one person", 1), ("family of 5", 3), ("largest", 8)):
        document = household(kind, communes[:count])
        for language in LANGUAGES:
            client = app.test_client()
            response = client.post("/charger-un-dossier", data={
                "csrf_token": _token(client, "/charger-un-dossier"),
                "dossier": (io.BytesIO(json.dumps(document).encode()), "demande.json")},
                content_type="multipart/form-data")
            assert response.status_code == 302, (kind, response.status_code)
            client.get(f"/langue/{language}")
            sessions[kind, language] = _cookie(client)
        print(f"  {kind}: {sizes(document)}, {count} commune(s)")
    client = app.test_client()
    client.post("/commencer", data={"csrf_token": _token(client, "/")})
    html = client.get("/demande/identite").text
    fields = dict(re.findall(r'type="hidden" name="([^"]+)" value="([^"]*)"', html))
    fields.update({"civility": "madame", "birth_name": "Ndiaye", "first_names": "Awa"})
    save = ("/demande/identite", urllib.parse.urlencode(fields), _cookie(client))
    return sessions, save


def pages(sessions, save):
    """(label, method, path, body, cookie, expected status) for every kind of page."""
    one, family, largest = (sessions[k, "fr"] for k in ("one person", "family of 5",
                                                        "largest"))
    rows = [("home", "GET", "/", None, None, 200),
            ("question page", "GET", "/demande/identite", None, one, 200),
            ("save (POST a question)", "POST", *save, 302),
            ("task list", "GET", "/demande/", None, family, 200)]
    for kind in ("one person", "family of 5", "largest"):
        for language in LANGUAGES:
            rows.append((f"answers, {kind}, {language}", "GET", "/demande/recapitulatif",
                         None, sessions[kind, language], 200))
    rows += [("next steps, 1 commune", "GET", "/demande/prochaines-etapes", None, one, 200),
             ("next steps, 8 communes", "GET", "/demande/prochaines-etapes", None, largest,
              200),
             ("next steps, 8 communes, ar", "GET", "/demande/prochaines-etapes", None,
              sessions["largest", "ar"], 200),
             ("PDF, one person", "GET", "/demande/cerfa.pdf", None, one, 200),
             ("PDF, largest", "GET", "/demande/cerfa.pdf", None, largest, 200),
             ("commune search (name)", "GET", "/guichets/?q=saint+etienne", None, None, 200),
             ("commune search (typo)", "GET", "/guichets/?q=aubervilier+x", None, None, 400),
             ("commune search (postcode)", "GET", "/guichets/?q=71000", None, None, 200),
             ("counters of a commune", "GET", "/guichets/71270", None, None, 200),
             ("communes page + search", "GET", "/demande/communes?q=saint", None, one, 200)]
    return rows


# -- load ---------------------------------------------------------------------------------


def _request(method, path, body, cookie):
    lines = [f"{method} {path} HTTP/1.1", f"Host: 127.0.0.1:{PORT}", "Connection: close",
             "Accept-Encoding: gzip"]
    if cookie:
        lines.append(f"Cookie: {cookie}")
    payload = (body or "").encode()
    if method == "POST":
        lines += ["Content-Type: application/x-www-form-urlencoded",
                  f"Content-Length: {len(payload)}"]
    return ("\r\n".join(lines) + "\r\n\r\n").encode() + payload


async def _client(request, deadline, counts):
    while time.perf_counter() < deadline:
        reader, writer = await asyncio.open_connection("127.0.0.1", PORT)
        writer.write(request)
        await writer.drain()
        status = int((await reader.readline()).split()[1])
        await reader.read()  # the server closes the connection (sync workers)
        writer.close()
        counts[status] = counts.get(status, 0) + 1


async def _load(request, duration):
    counts = {}
    started = time.perf_counter()
    await asyncio.gather(*(_client(request, started + duration, counts)
                           for _ in range(CONNECTIONS)))
    return counts, time.perf_counter() - started


def requests_per_second(method, path, body, cookie, expected):
    request = _request(method, path, body, cookie)
    asyncio.run(_load(request, 0.3))  # warm-up: templates, catalogs, caches
    rates = []
    for _ in range(RUNS):
        counts, took = asyncio.run(_load(request, DURATION))
        wrong = {s: n for s, n in counts.items() if s != expected}
        assert not wrong, f"{path}: unexpected statuses {wrong}"
        rates.append(sum(counts.values()) / took)
    return statistics.median(rates), min(rates), max(rates)


# -- server -------------------------------------------------------------------------------


def _wait_for(port, server):
    for _ in range(200):
        if server.poll() is not None:
            raise RuntimeError("gunicorn stopped")
        try:
            asyncio.run(asyncio.wait_for(asyncio.open_connection("127.0.0.1", port), 1))
            return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError("gunicorn did not start")


def main():
    cores = sorted(os.sched_getaffinity(0))
    server_core, client_core = (cores[0], cores[1]) if len(cores) > 1 else (cores[0],) * 2
    places = Path(os.environ.get("LOGEMENT_INSTANCE_PATH", ROOT / "instance")) / "places.sqlite3"
    with tempfile.TemporaryDirectory() as instance:
        shutil.copyfile(places, Path(instance) / "places.sqlite3")
        env = dict(os.environ, LOGEMENT_INSTANCE_PATH=instance, PYTHONPATH=str(ROOT / "site"))
        os.environ["LOGEMENT_INSTANCE_PATH"] = instance
        from logement import create_app

        app = create_app()
        with app.app_context():
            from logement import get_places

            communes = [(c["code"], c["name"], c["postcodes"].split()[0])
                        for c in get_places().by_departement("71")[:8]]
        print("households (list caps from forms/cerfa.py, else bench/households.py):")
        sessions, save = make_sessions(app, communes)
        server = subprocess.Popen(
            ["taskset", "-c", str(server_core), str(ROOT / ".venv" / "bin" / "gunicorn"),
             "--workers", str(WORKERS), "--bind", f"127.0.0.1:{PORT}", "--log-level",
             "warning", "logement:create_app()"], env=env, cwd=ROOT)
        try:
            os.sched_setaffinity(0, {client_core})
            _wait_for(PORT, server)
            print(f"\ngunicorn, {WORKERS} workers on core {server_core}; load generator on "
                  f"core {client_core}; {CONNECTIONS} clients, median of {RUNS} runs of "
                  f"{DURATION:.0f} s")
            print(f"{'page':34} {'req/s':>7} {'(min-max)':>13} {'cost x home':>11}")
            home = None
            for label, *request in pages(sessions, save):
                rate, low, high = requests_per_second(*request)
                home = home or rate
                print(f"{label:34} {rate:7.0f} {f'({low:.0f}-{high:.0f})':>13} "
                      f"{home / rate:11.1f}")
            print(f"\none core serves {home:.0f} home pages/s; the national peak is "
                  f"~{NATIONAL_PEAK} page views/s")
        finally:
            server.send_signal(signal.SIGTERM)
            server.wait(timeout=30)


if __name__ == "__main__":
    main()
