"""Two app servers sharing one PostgreSQL database, as behind a load balancer.

Starts a throw-away PostgreSQL cluster on 127.0.0.1:5950 (durable: fsync on)
and gunicorn servers on 127.0.0.1:5960 and :5961, each with its own instance
folder (as on its own box) and the same secret and data keys. Then:

1. one server alone, then both: 32 clients for BENCH_SECONDS (60) each, the
   people of bench/concurrency.py; with two servers every request goes to the
   next server in turn (a balancer without sticky sessions: the worst case);
   requests/s, 5xx, and the CPU spent per request by the app servers and by
   PostgreSQL (that split says how far more boxes would go); for comparison,
   one server on its own SQLite file (127.0.0.1:5962);
2. two tabs of one application, one on each server, save one page at once,
   BENCH_TAB_ROUNDS (100) times: one save and one conflict page each round;
3. unknown resume codes from one address, alternately on each server: the
   budget (LOGEMENT_RESUME_ADDRESS_FAILURES) is spent once, not once a server;
4. people save again and again through both servers while a worker is killed
   (SIGKILL) every second, then one whole server is killed (master and workers;
   the balancer then sends everyone to the other): no acknowledged save lost.

Run: `.venv/bin/python bench/two_servers.py` (about 5 minutes; everything it
starts is stopped at the end, also on Ctrl-C).
"""

import base64
import itertools
import os
import random
import re
import secrets
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent / "tests"))
os.environ.setdefault("BENCH_PORT", "5960")

import concurrency  # noqa: E402  (the people, the tally, gunicorn's stop)
import kill_during_saves  # noqa: E402  (the saving people and their ledger)
import pgcluster  # noqa: E402  (the throw-away PostgreSQL cluster of the tests)

POSTGRES_PORT = 5950
PORTS = (5960, 5961)
WORKERS = int(os.environ.get("BENCH_WORKERS", "2"))  # per server
CLIENTS = int(os.environ.get("BENCH_CLIENTS", "32"))
KILL_SECONDS = int(os.environ.get("BENCH_KILL_SECONDS", "20"))
TICKS = os.sysconf("SC_CLK_TCK")
# Also one server on its own SQLite file, for comparison (BENCH_SQLITE=0: skipped).
SQLITE_REFERENCE = os.environ.get("BENCH_SQLITE", "1") != "0"
SQLITE_PORT = 5962


class Balancer:
    """Sends each request to the next live server, as a load balancer would."""

    def __init__(self):
        self.live = list(PORTS)
        self.turn = itertools.count()
        self.lock = threading.Lock()

    def url(self, path):
        with self.lock:
            port = self.live[next(self.turn) % len(self.live)]
        return f"http://127.0.0.1:{port}{path}"


BALANCER = Balancer()


class BalancedClient(concurrency.Client):
    def url(self, path):
        return BALANCER.url(path)


class PinnedClient(concurrency.Client):
    """A browser tab that always reaches the same server (shares a cookie jar)."""

    def __init__(self, tally, port, opener=None):
        super().__init__(tally)
        self.port = port
        if opener is not None:
            self.opener = opener

    def url(self, path):
        return f"http://127.0.0.1:{self.port}{path}"


def start_server(port, env):
    instance = tempfile.mkdtemp(prefix=f"logement-bench-{port}-")
    gunicorn = Path(sys.executable).with_name("gunicorn")
    server = subprocess.Popen(
        [str(gunicorn), "--workers", str(WORKERS), "--bind", f"127.0.0.1:{port}",
         "--log-level", "warning", "logement:create_app()"],
        cwd=concurrency.ROOT, env={**env, "LOGEMENT_INSTANCE_PATH": instance},
        start_new_session=True)
    for _ in range(150):
        try:
            concurrency.urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2).read()
            return server
        except OSError:
            if server.poll() is not None:
                break
            time.sleep(0.2)
    concurrency.stop_server(server)
    raise SystemExit(f"gunicorn did not start on port {port}")


def cpu_seconds(root_pid) -> float:
    """CPU time of a process and its children (user + system), from /proc."""
    total = 0
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(entry.name) == root_pid or int(fields[1]) == root_pid:
            total += int(fields[11]) + int(fields[12])
    return total / TICKS


def crowd(label, servers, postmaster):
    """concurrency's crowd through the balancer, plus the CPU each side spent."""
    concurrency.Client = BalancedClient
    BALANCER.live = [port for port, _ in servers]
    app_before = sum(cpu_seconds(server.pid) for _, server in servers)
    db_before = cpu_seconds(postmaster) if postmaster else 0.0
    tally, elapsed = concurrency.run_crowd(CLIENTS)
    app_cpu = sum(cpu_seconds(server.pid) for _, server in servers) - app_before
    db_cpu = cpu_seconds(postmaster) - db_before if postmaster else 0.0
    print(f"{label:<22} {CLIENTS:>3} clients {concurrency.SECONDS:.0f} s: "
          f"{tally.requests / elapsed:7.1f} req/s, save p95 "
          f"{concurrency.p95(tally.save_seconds) * 1000:5.0f} ms, "
          f"{tally.failures} × 5xx/timeout; CPU per request: app "
          f"{app_cpu / tally.requests * 1000:.2f} ms"
          + (f", PostgreSQL {db_cpu / tally.requests * 1000:.2f} ms" if postmaster else "")
          + f"; {dict(sorted(tally.statuses.items(), key=str))}")
    return tally.failures, tally.requests / elapsed, app_cpu, db_cpu, tally.requests


def two_tabs_on_two_servers():
    """One tab on each server (the same cookies): one save and one conflict page."""
    concurrency.Client = lambda tally: PinnedClient(tally, PORTS[0])
    return concurrency.two_tabs(
        second_tab=lambda first: PinnedClient(first.tally, PORTS[1], opener=first.opener),
        label="two tabs on two servers")


def guesses_across_servers(budget):
    """Wrong codes from one address, alternately on each server."""
    from logement import resume_codes

    statuses = []
    for n in range(budget + 2):
        client = PinnedClient(concurrency.Tally(), PORTS[n % 2])
        _, html = client.request("/reprendre")
        status, _ = client.request("/reprendre", {
            "csrf_token": concurrency.hidden(html, "csrf_token"),
            "code": resume_codes.new_code()})
        statuses.append(status)
    held = statuses[:budget] == [200] * budget and statuses[budget:] == [429, 429]
    print(f"resume-code budget {budget} per address, guesses alternating servers: "
          f"{statuses.count(200)} answered, then {statuses[budget:]} "
          f"({'held across servers' if held else 'NOT HELD'})")
    return 0 if held else 1


def saves_while_killing(servers, url, keys):
    """kill_during_saves' people through the balancer; workers then a whole server killed."""
    concurrency.Client = BalancedClient
    BALANCER.live = list(PORTS)
    tally, stop, ledger = concurrency.Tally(), threading.Event(), {}
    threads = [threading.Thread(target=kill_during_saves.person, args=(tally, stop, ledger, n))
               for n in range(8)]
    for thread in threads:
        thread.start()
    time.sleep(3)
    kills = 0
    for _ in range(KILL_SECONDS):
        time.sleep(1)
        workers = [w for _, server in servers for w in kill_during_saves.workers_of(server.pid)]
        if workers:
            os.kill(random.choice(workers), signal.SIGKILL)
            kills += 1
    doomed_port, doomed = servers[0]
    os.killpg(doomed.pid, signal.SIGKILL)  # the whole box goes down, mid-save
    doomed.wait(timeout=30)
    time.sleep(0.5)  # the balancer's health check notices
    BALANCER.live = [port for port, _ in servers[1:]]
    time.sleep(5)
    stop.set()
    for thread in threads:
        thread.join()

    sys.path.insert(0, str(concurrency.ROOT / "site"))
    from logement.crypto import Sealer
    from logement.storage import Store

    store = Store(url, Sealer(base64.urlsafe_b64decode(keys["LOGEMENT_DATA_KEY"])))
    lost = 0
    for entry in ledger.values():
        if entry["code"] is None:
            continue
        stored = store.find_by_code(entry["code"]).answers.get("first_names")
        if entry["acked"] is not None and stored not in (entry["acked"], entry["in_flight"]):
            lost += 1
    store.close()
    saves = sum(entry["saves"] for entry in ledger.values())
    print(f"SIGKILL during saves on two servers: {kills} workers killed, then server "
          f":{doomed_port} whole; {saves} acknowledged saves, {lost} lost; "
          f"statuses {dict(sorted(tally.statuses.items(), key=str))}")
    return lost


def main():
    keys = {name: base64.urlsafe_b64encode(secrets.token_bytes(32)).decode()
            for name in ("LOGEMENT_SECRET_KEY", "LOGEMENT_DATA_KEY")}
    cluster = pgcluster.Cluster(POSTGRES_PORT, tcp=True, durable=True).start()
    servers = []
    try:
        url = cluster.new_database()
        postmaster = int((cluster.data / "postmaster.pid").read_text().split()[0])
        env = {**os.environ, **keys, "LOGEMENT_DATABASE_URL": url,
               "LOGEMENT_SESSION_COOKIE_SECURE": "false"}
        budget = int(env.get("LOGEMENT_RESUME_ADDRESS_FAILURES", "30"))
        servers.append((PORTS[0], start_server(PORTS[0], env)))
        print(f"PostgreSQL {cluster.bin.parent.name} on 127.0.0.1:{POSTGRES_PORT} (fsync on); "
              f"gunicorn, {WORKERS} workers per server; {os.cpu_count()} CPU cores in all")
        failures, one_rate, *_ = crowd("one server", servers, postmaster)
        if SQLITE_REFERENCE:  # the same server on its embedded SQLite file
            sqlite_env = {k: v for k, v in env.items() if k != "LOGEMENT_DATABASE_URL"}
            reference = start_server(SQLITE_PORT, sqlite_env)
            try:
                failures += crowd("one server, SQLite", [(SQLITE_PORT, reference)], None)[0]
            finally:
                concurrency.stop_server(reference)
        servers.append((PORTS[1], start_server(PORTS[1], env)))
        more, two_rate, app_cpu, db_cpu, requests = crowd("two servers", servers, postmaster)
        failures += more
        print(f"two servers / one: {two_rate / one_rate:.2f} × the requests/s on this "
              f"{os.cpu_count()}-core box (app, database and clients share its cores)")
        per_app_core = requests / app_cpu
        per_db_core = requests / db_cpu if db_cpu else float("inf")
        print(f"on real boxes: one app core serves about {per_app_core:.0f} req/s of this "
              f"mix, one PostgreSQL core about {per_db_core:.0f} req/s; so one database "
              f"core keeps up with about {per_db_core / per_app_core:.1f} app cores")
        not_clean = two_tabs_on_two_servers()
        not_held = guesses_across_servers(budget)
        lost = saves_while_killing(servers, url, keys)
    finally:
        for _, server in servers:
            if server.poll() is None:
                concurrency.stop_server(server)
        cluster.stop()
    print(f"5xx or timeouts: {failures}; two-tab rounds not clean: {not_clean}; "
          f"limits not held: {not_held}; acknowledged saves lost: {lost}")


if __name__ == "__main__":
    main()
