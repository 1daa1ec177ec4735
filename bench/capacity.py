"""Capacity of the production command per core, for each kind of page.

gunicorn (2 sync workers, the production command of the README) is pinned to core 0,
this load generator to core 1 (taskset / sched_setaffinity); 127.0.0.1, port 5400.
Each kind of page is requested for DURATION seconds by CONNECTIONS clients, RUNS
times; printed: the median requests/s, and the median CPU time the server spent per
request (read from /proc, so other work on a shared machine does not count): one core's
capacity is 1000 / CPU ms, and the cost of a page is its CPU time ÷ the home page's
(a returning visitor's: a first visit also creates its server-side session). Sessions are made beforehand with Flask's test client on
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
import socket
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
from logement.i18n import LANGUAGES  # noqa: E402

PORT = int(os.environ.get("BENCH_PORT", "5400"))
WORKERS, CONNECTIONS, DURATION, RUNS = 2, 8, 2.0, 3
NATIONAL_PEAK = 72  # page views per second at the daily peak (issue 16)
# Page views of one application, about 40 (issue 16): the question pages and their
# saves, the task list, the answers twice, next steps, the PDF, a few searches.
JOURNEY = {"home, first visit (new session)": 1, "home": 1, "question page": 14, "save (POST a question)": 14, "task list": 3,
           "answers, family of 5, fr": 2, "next steps, 8 communes": 1,
           "PDF, one person": 1, "commune search (name)": 2, "communes page + search": 1}


# -- sessions -------------------------------------------------------------------------


def _token(client, url):
    return re.search(r'name="csrf_token" value="([^"]+)"', client.get(url).text)[1]


def _cookie(client):
    cookie = client.get_cookie("logement_session")
    return f"logement_session={cookie.value}"


def make_sessions(app, communes):
    """{(household, language): cookie}, and save requests (path, body, cookie), one
    application per client."""
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
    save = []  # one application per client: a person saves their own answers
    for _ in range(CONNECTIONS):
        client = app.test_client()
        client.post("/commencer", data={"csrf_token": _token(client, "/")})
        html = client.get("/demande/identite").text
        fields = dict(re.findall(r'type="hidden" name="([^"]+)" value="([^"]*)"', html))
        fields.update({"civility": "madame", "birth_name": "Ndiaye", "first_names": "Awa"})
        save.append(("/demande/identite", urllib.parse.urlencode(fields), _cookie(client)))
    return sessions, save


def pages(sessions, save):
    """(label, [(method, path, body, cookie)…]) for every kind of page."""
    one, family, largest = (sessions[k, "fr"] for k in ("one person", "family of 5",
                                                        "largest"))
    rows = [("home", "GET", "/", None, one),
            ("home, first visit (new session)", "GET", "/", None, None),
            ("question page", "GET", "/demande/identite", None, one),
            ("task list", "GET", "/demande/", None, family)]
    for kind in ("one person", "family of 5", "largest"):
        for language in LANGUAGES:
            rows.append((f"answers, {kind}, {language}", "GET", "/demande/recapitulatif",
                         None, sessions[kind, language]))
    rows += [("next steps, 1 commune", "GET", "/demande/prochaines-etapes", None, one),
             ("next steps, 8 communes", "GET", "/demande/prochaines-etapes", None, largest),
             ("next steps, 8 communes, ar", "GET", "/demande/prochaines-etapes", None,
              sessions["largest", "ar"]),
             ("PDF, one person", "GET", "/demande/cerfa.pdf", None, one),
             ("PDF, largest", "GET", "/demande/cerfa.pdf", None, largest),
             ("commune search (name)", "GET", "/guichets/?q=saint+etienne", None, None),
             ("commune search (typo)", "GET", "/guichets/?q=monpelier", None, None),
             ("commune search (postcode)", "GET", "/guichets/?q=71000", None, None),
             ("counters of a commune", "GET", "/guichets/71270", None, None),
             ("communes page + search", "GET", "/demande/communes?q=saint", None, one)]
    return ([(label, [request]) for label, *request in rows[:3]]
            + [("save (POST a question)", [("POST", *each) for each in save])]
            + [(label, [request]) for label, *request in rows[3:]])


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


async def _exchange(request):
    reader, writer = await asyncio.open_connection("127.0.0.1", PORT)
    writer.write(request)
    await writer.drain()
    status = int((await reader.readline()).split()[1])
    await reader.read()  # the server closes the connection (sync workers)
    writer.close()
    return status


async def _client(request, deadline, counts):
    while time.perf_counter() < deadline:
        status = await _exchange(request)
        counts[status] = counts.get(status, 0) + 1


async def _load(requests, duration):
    counts = {}
    started = time.perf_counter()
    await asyncio.gather(*(_client(requests[n % len(requests)], started + duration, counts)
                           for n in range(CONNECTIONS)))
    return counts, time.perf_counter() - started


def _cpu_seconds(server):
    """User + system CPU time of gunicorn and its workers so far."""
    pids = [server.pid]
    for task in Path(f"/proc/{server.pid}/task").iterdir():
        pids += (task / "children").read_text().split()
    ticks = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except FileNotFoundError:
            continue
        ticks += int(fields[11]) + int(fields[12])
    return ticks / os.sysconf("SC_CLK_TCK")


def measure(server, label, requests):
    """Medians of RUNS runs: requests/s (wall clock) and CPU ms per request of the
    server (what one core can do, whatever else runs on the machine), and the
    statuses that differ from the first answer's."""
    requests = [_request(*request) for request in requests]
    expected = asyncio.run(_exchange(requests[0]))
    warm_up, _ = asyncio.run(_load(requests, 0.3))  # templates, catalogs, caches
    rates, cpu = [], []
    wrong = {status: n for status, n in warm_up.items() if status != expected}
    for _ in range(RUNS):
        before = _cpu_seconds(server)
        counts, took = asyncio.run(_load(requests, DURATION))
        done = sum(counts.values())
        cpu.append((_cpu_seconds(server) - before) * 1000 / done)
        rates.append(done / took)
        for status, count in counts.items():
            if status != expected:
                wrong[status] = wrong.get(status, 0) + count
    if expected >= 400:
        wrong[expected] = "all"
    return statistics.median(rates), statistics.median(cpu), wrong


# -- server -------------------------------------------------------------------------------


def _wait_for(port, server):
    for _ in range(200):
        if server.poll() is not None:
            raise RuntimeError("gunicorn stopped")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                pass  # closed at once: a sync worker would wait for its request
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
            print(f"{'page':34} {'req/s':>6} {'CPU ms':>7} {'per core':>8} "
                  f"{'x home':>6}")
            costs, failed = {}, False
            for label, requests in pages(sessions, save):
                rate, cpu, wrong = measure(server, label, requests)
                costs[label] = cpu
                problem = f"  ERRORS {wrong}" if wrong else ""
                failed = failed or bool(wrong)
                print(f"{label:34} {rate:6.0f} {cpu:7.2f} {1000 / cpu:8.0f} "
                      f"{cpu / costs['home']:6.1f}{problem}")
            journey = sum(costs[label] * n for label, n in JOURNEY.items()) / sum(
                JOURNEY.values())
            print(f"\nper core: {1000 / costs['home']:.0f} home pages/s; an applicant's "
                  f"journey ({sum(JOURNEY.values())} page views) averages {journey:.1f} ms "
                  f"of CPU a view, {1000 / journey:.0f} views/s per core, "
                  f"{len(os.sched_getaffinity(0)) and os.cpu_count()} cores: "
                  f"{os.cpu_count() * 1000 / journey / NATIONAL_PEAK:.1f} x the national "
                  f"peak (~{NATIONAL_PEAK} views/s)")
            return 1 if failed else 0
        finally:
            server.send_signal(signal.SIGTERM)
            server.wait(timeout=30)


if __name__ == "__main__":
    sys.exit(main())
