"""Many writers at once: saves queue for the lock, none fails, none is lost.

Each test runs on both engines (the `database` fixture): SQLite, and
PostgreSQL as several app servers share it."""

import multiprocessing
import secrets

from logement.crypto import Sealer
from logement.storage import PageConflict, Store

PROCESSES = 6
SAVES = 40


def _store(path, key):
    return Store(path, Sealer(key))


def _hammer(path, key, app_id, worker, results):
    """Save SAVES times into one shared page, retrying on conflict like a person would."""
    store = _store(path, key)
    acknowledged, conflicts = [], 0
    try:
        while len(acknowledged) < SAVES:
            seen = store.get(app_id).page_revision("shared")
            name = f"w{worker}_{len(acknowledged)}"
            try:
                store.save_page(app_id, "shared", seen, {name: "x"})
            except PageConflict:
                conflicts += 1
                continue
            acknowledged.append(name)
        results.put((worker, acknowledged, conflicts, None))
    except Exception as error:  # reported, so the test can show what failed
        results.put((worker, acknowledged, conflicts, repr(error)))
    finally:
        store.close()


def test_processes_saving_one_page_at_once_lose_nothing(database):
    path, key = database, secrets.token_bytes(32)
    store = _store(path, key)
    store.migrate()
    app_id = store.create("14069*04").id
    store.close()
    context = multiprocessing.get_context("fork")
    results = context.Queue()
    workers = [context.Process(target=_hammer, args=(path, key, app_id, n, results))
               for n in range(PROCESSES)]
    for worker in workers:
        worker.start()
    reports = [results.get(timeout=120) for _ in workers]
    for worker in workers:
        worker.join(timeout=30)
    assert [error for *_, error in reports if error] == []
    saved = _store(path, key).get(app_id)
    acknowledged = [name for _, names, _, _ in reports for name in names]
    assert len(acknowledged) == PROCESSES * SAVES
    assert set(acknowledged) <= set(saved.answers)  # every acknowledged save is there
    assert saved.page_revision("shared") == PROCESSES * SAVES


def test_two_saves_from_one_revision_give_one_save_and_one_conflict(database):
    path, key = database, secrets.token_bytes(32)
    first = _store(path, key)
    first.migrate()
    app_id = first.create("14069*04").id
    second = _store(path, key)
    first.save_page(app_id, "identite", 0, {"first_names": "Awa"})
    try:
        second.save_page(app_id, "identite", 0, {"first_names": "Aminata"})
        raise AssertionError("the second save overwrote the first")
    except PageConflict as conflict:
        assert conflict.current.answers["first_names"] == "Awa"
    assert first.get(app_id).answers["first_names"] == "Awa"


def _start(instance, database_url, barrier, results):
    import os

    os.environ["LOGEMENT_INSTANCE_PATH"] = str(instance)
    os.environ["LOGEMENT_DATABASE_URL"] = database_url
    from logement import create_app

    barrier.wait()  # imported: now all at the same moment
    try:
        create_app()
        results.put(None)
    except Exception as error:
        results.put(repr(error))


def test_workers_starting_together_on_a_fresh_instance_all_start(tmp_path, database):
    """gunicorn starts its workers at once: each migrates, none fails. With
    PostgreSQL each has its own instance folder, as servers on different boxes."""
    url = database if database.startswith("postgresql:") else ""
    # Forked, as gunicorn forks its workers (storage/db.py keeps a process's connections
    # to itself): a new interpreter importing the site took a second of CPU a starter.
    context = multiprocessing.get_context("fork")
    results, barrier = context.Queue(), context.Barrier(4)
    starters = [context.Process(target=_start, args=(
        tmp_path / ("instance" if not url else f"instance{n}"), url, barrier, results))
        for n in range(4)]
    for starter in starters:
        starter.start()
    errors = [results.get(timeout=120) for _ in starters]
    for starter in starters:
        starter.join(timeout=30)
    assert errors == [None] * 4
