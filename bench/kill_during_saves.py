"""SIGKILL a gunicorn worker every second while people save: no acknowledged save lost.

Each client saves its identity page again and again with a new first name and
remembers the last one the server acknowledged (a redirect). A worker is killed
with SIGKILL every second (gunicorn starts a new one). At the end every
application must hold its last acknowledged name, or the one sent after it
when the worker died before answering. Run: `.venv/bin/python bench/kill_during_saves.py`.
"""

import os
import random
import re
import signal
import string
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
os.environ.setdefault("BENCH_PORT", "5170")

import concurrency  # noqa: E402  (the same clients and gunicorn start)

CLIENTS = int(os.environ.get("BENCH_CLIENTS", "8"))
KILLS = int(os.environ.get("BENCH_KILLS", "60"))


def workers_of(master: int) -> list[int]:
    children = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == master:
                children.append(int(entry.name))
    return children


def name():
    return "Awa " + "".join(random.choice(string.ascii_lowercase) for _ in range(8))


def person(tally, stop, ledger, index):
    client = concurrency.Client(tally)
    code = None
    while code is None and not stop.is_set():
        client.start()
        status, html = client.request("/demande/code")
        found = re.search(r'class="code"[^>]*>([0-9A-Z-]+)<', html)
        code = found.group(1).replace("-", "") if found and status == 200 else None
    client.save(*concurrency.PAGES[0], client.fields(concurrency.PAGES[0][0]) or {})
    entry = ledger[index] = {"code": code, "acked": None, "in_flight": None, "saves": 0}
    while not stop.is_set():
        fields = client.fields("identite")
        if fields is None:
            continue
        entry["in_flight"] = sent = name()
        status = client.save("identite", {"civility": "madame", "birth_name": "Ndiaye",
                                          "first_names": sent}, fields)
        if status == 302:
            entry["acked"], entry["in_flight"] = sent, None
            entry["saves"] += 1


def main():
    server, instance = concurrency.start_server()
    tally, stop, ledger = concurrency.Tally(), threading.Event(), {}
    threads = [threading.Thread(target=person, args=(tally, stop, ledger, n))
               for n in range(CLIENTS)]
    try:
        for thread in threads:
            thread.start()
        time.sleep(3)
        kills = 0
        while kills < KILLS:
            time.sleep(1)
            workers = workers_of(server.pid)
            if workers:
                os.kill(random.choice(workers), signal.SIGKILL)
                kills += 1
        stop.set()
        for thread in threads:
            thread.join()
    finally:
        concurrency.stop_server(server)
    sys.path.insert(0, str(concurrency.ROOT / "site"))
    from logement.crypto import Sealer, load_or_create_key
    from logement.storage import Store

    store = Store(Path(instance) / "logement.sqlite3",
                  Sealer(load_or_create_key(None, Path(instance) / "data.key")))
    lost = 0
    for entry in ledger.values():
        stored = store.find_by_code(entry["code"]).answers.get("first_names")
        if entry["acked"] is not None and stored not in (entry["acked"], entry["in_flight"]):
            lost += 1
    saves = sum(entry["saves"] for entry in ledger.values())
    print(f"SIGKILL during saves: {kills} workers killed, {saves} acknowledged saves, "
          f"{lost} lost; statuses {dict(sorted(tally.statuses.items(), key=str))}")


if __name__ == "__main__":
    main()
