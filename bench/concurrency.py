"""Many people at once against the production command (gunicorn, 3 workers).

Each client creates an application, answers the first pages of the Cerfa one
after the other (a GET then a POST per page, as a browser), and starts again,
for BENCH_SECONDS (60) at each level: 1, 4, 16 and 32 clients. Then two tabs
save one page together, BENCH_TAB_ROUNDS (100) times. Prints requests/s, the
p95 save latency (a save is any POST: creating an application or saving a
page), and every 5xx, timeout or refused connection (there should be none).

Run with `make bench` (or `.venv/bin/python bench/concurrency.py`). It starts
gunicorn itself on 127.0.0.1 with a fresh instance folder, and stops it.
"""

import http.client
import http.cookiejar
import os
import re
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PORT = int(os.environ.get("BENCH_PORT", "5150"))
BASE = f"http://127.0.0.1:{PORT}"
SECONDS = float(os.environ.get("BENCH_SECONDS", "60"))
LEVELS = [int(n) for n in os.environ.get("BENCH_LEVELS", "1,4,16,32").split(",")]
TAB_ROUNDS = int(os.environ.get("BENCH_TAB_ROUNDS", "100"))
CLIENT_TIMEOUT = 30  # seconds: a browser gives up around there

PAGES = [
    ("votre-demande", {"request_kind": "premiere"}),
    ("identite", {"civility": "madame", "birth_name": "Ndiaye", "first_names": "Awa"}),
    ("date-de-naissance", {"birth_date-day": "27", "birth_date-month": "3",
                           "birth_date-year": "1985"}),
    ("nationalite", {"nationality": "francaise"}),
    ("securite-sociale", {"nir": "2 85 03 71 270 005 20"}),
    ("coordonnees", {"phone_mobile": "06 12 34 56 78", "email": "awa@example.fr"}),
]


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Client:
    """One person's browser: cookies, no redirects followed, statuses counted."""

    def __init__(self, tally):
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()), NoRedirect)
        self.tally = tally

    def request(self, path, data=None):
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        started = time.perf_counter()
        try:
            with self.opener.open(self.url(path), body, timeout=CLIENT_TIMEOUT) as response:
                status, html = response.status, response.read()
        except urllib.error.HTTPError as error:
            status, html = error.code, error.read()
        except TimeoutError:
            status, html = "timeout", b""
        except (OSError, http.client.HTTPException):  # refused, reset, cut: a failure too
            status, html = "connection error", b""
        self.tally.add(status, time.perf_counter() - started, saving=data is not None)
        return status, html.decode("utf-8", "replace")

    def url(self, path):
        """Where a request goes (bench/two_servers.py picks one of two servers)."""
        return BASE + path

    def start(self):
        _, html = self.request("/")
        self.request("/commencer", {"csrf_token": hidden(html, "csrf_token")})

    def fields(self, slug):
        status, html = self.request(f"/demande/{slug}")
        if status != 200:
            return None
        return {"csrf_token": hidden(html, "csrf_token"),
                "page_revision": hidden(html, "page_revision")}

    def save(self, slug, answers, fields):
        return self.request(f"/demande/{slug}", {**fields, **answers})[0]


def hidden(html, name):
    found = re.search(rf'name="{name}" value="([^"]*)"', html)
    return found.group(1) if found else ""


class Tally:
    def __init__(self):
        self.lock = threading.Lock()
        self.statuses = {}
        self.save_seconds = []

    def add(self, status, seconds, saving):
        with self.lock:
            self.statuses[status] = self.statuses.get(status, 0) + 1
            if saving:
                self.save_seconds.append(seconds)

    @property
    def requests(self):
        return sum(self.statuses.values())

    @property
    def failures(self):
        return sum(n for s, n in self.statuses.items() if isinstance(s, str) or s >= 500)


def person(tally, until):
    client = Client(tally)
    while time.monotonic() < until:
        client.start()
        for slug, answers in PAGES:
            if time.monotonic() >= until:
                return
            fields = client.fields(slug)
            if fields is not None:
                client.save(slug, answers, fields)


def run_crowd(clients):
    """`clients` people for SECONDS: their tally and the seconds it took."""
    tally = Tally()
    until = time.monotonic() + SECONDS
    threads = [threading.Thread(target=person, args=(tally, until)) for _ in range(clients)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return tally, time.perf_counter() - started


def p95(seconds):
    ordered = sorted(seconds)
    return ordered[int(0.95 * (len(ordered) - 1))] if ordered else float("nan")


def crowd(clients):
    tally, elapsed = run_crowd(clients)
    saves = tally.save_seconds
    median = statistics.median(saves) if saves else float("nan")
    print(f"{clients:>7} {tally.requests:>9} {tally.requests / elapsed:>10.1f} "
          f"{len(saves):>7} {median * 1000:>9.0f} {p95(saves) * 1000:>9.0f} "
          f"{tally.failures:>10}   {dict(sorted(tally.statuses.items(), key=str))}")
    return tally.failures


def two_tabs(second_tab=None, label="two tabs"):
    """Two tabs of one application save the identity page at the same moment.
    second_tab(first): the other tab (by default the same client; two_servers.py
    gives one that reaches another server with the same cookies)."""
    tally = Tally()
    first = Client(tally)
    first.start()
    first.save(*PAGES[0], first.fields(PAGES[0][0]))
    tabs = (first, second_tab(first) if second_tab else first)
    outcomes = {}
    for _ in range(TAB_ROUNDS):
        seen = [tab.fields("identite") for tab in tabs]
        results = [None, None]
        barrier = threading.Barrier(2)

        def send(index, name):
            barrier.wait()
            results[index] = tabs[index].save("identite", {"civility": "madame",
                                                           "birth_name": "Ndiaye",
                                                           "first_names": name}, seen[index])

        threads = [threading.Thread(target=send, args=(0, "Awa")),
                   threading.Thread(target=send, args=(1, "Aminata"))]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        key = tuple(sorted(map(str, results)))
        outcomes[key] = outcomes.get(key, 0) + 1
    print(f"{label}, {TAB_ROUNDS} rounds (statuses of the two saves): {outcomes}")
    clean = outcomes.get(("302", "409"), 0)
    return TAB_ROUNDS - clean


def start_server():
    """gunicorn as in production (3 workers) on a fresh instance folder."""
    instance = tempfile.mkdtemp(prefix="logement-bench-")
    env = {**os.environ, "LOGEMENT_INSTANCE_PATH": instance,
           "LOGEMENT_SESSION_COOKIE_SECURE": "false"}
    gunicorn = Path(sys.executable).with_name("gunicorn")
    server = subprocess.Popen(
        [str(gunicorn), "--workers", "3", "--bind", f"127.0.0.1:{PORT}",
         "--log-level", "warning", "logement:create_app()"],
        cwd=ROOT, env=env, start_new_session=True)
    for _ in range(150):
        try:
            urllib.request.urlopen(BASE + "/", timeout=2).read()
            return server, instance
        except OSError:
            if server.poll() is not None:
                break
            time.sleep(0.2)
    stop_server(server)
    raise SystemExit("gunicorn did not start")


def stop_server(server):
    if server.poll() is None:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)


def main():
    server, _ = start_server()
    try:
        print(f"Concurrent saves: gunicorn, 3 workers, {SECONDS:.0f} s per level")
        print(f"{'clients':>7} {'requests':>9} {'req/s':>10} {'saves':>7} "
              f"{'p50 ms':>9} {'p95 ms':>9} {'5xx+t/o':>10}   statuses")
        failures = sum(crowd(clients) for clients in LEVELS)
        not_clean = two_tabs()
    finally:
        stop_server(server)
    print(f"5xx or timeouts: {failures}; two-tab rounds other than one save + one "
          f"conflict page: {not_clean}")


if __name__ == "__main__":
    main()
