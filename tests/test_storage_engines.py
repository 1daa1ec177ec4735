"""The storage on both engines (SQLite file, PostgreSQL): the same behaviour,
and several app servers sharing one PostgreSQL database act as one site.

The `database` fixture (conftest.py) runs each test on a fresh SQLite file and
on a fresh database of a throw-away PostgreSQL cluster.
"""

import base64
import datetime as dt
import multiprocessing
import secrets
import time

import pytest

from conftest import Browser
from logement import create_app
from logement.crypto import Sealer
from logement.storage import PageConflict, Store


@pytest.fixture
def store(database):
    store = Store(database, Sealer(secrets.token_bytes(32)))
    store.migrate()
    yield store
    store.close()


def test_migrating_again_changes_nothing(store):
    app = store.create("14069*04", answers={"first_names": "Awa"})
    store.migrate()
    assert store.get(app.id).answers == {"first_names": "Awa"}


def test_an_application_is_found_by_id_and_by_code_and_its_code_replaced(store):
    app = store.create("14069*04", answers={"first_names": "Awa"}, done=["identite"])
    assert store.get(app.id).answers == {"first_names": "Awa"}
    assert store.find_by_code(app.code).id == app.id
    renewed = store.replace_code(app.id)
    assert store.find_by_code(app.code) is None
    assert store.find_by_code(renewed.code).done == ["identite"]
    assert store.get("unknown") is None and store.get(None) is None


def test_a_save_from_an_old_revision_is_a_conflict_unless_forced(store):
    app = store.create("14069*04")
    store.save_page(app.id, "identite", 0, {"first_names": "Awa"})
    with pytest.raises(PageConflict) as conflict:
        store.save_page(app.id, "identite", 0, {"first_names": "Aminata"})
    assert conflict.value.current.answers["first_names"] == "Awa"
    forced = store.save_page(app.id, "identite", 0, {"first_names": "Aminata"}, force=True)
    assert forced.page_revision("identite") == 2
    assert store.get(app.id).answers["first_names"] == "Aminata"
    emptied = store.save_page(app.id, "identite", 2, {"first_names": ""}, done=False)
    assert "first_names" not in emptied.answers and "identite" not in emptied.done


def test_deleting_and_purging_remove_the_rows(store):
    kept, gone = store.create("14069*04"), store.create("14069*04")
    assert store.delete(gone.id) is True
    assert store.delete(gone.id) is False
    assert store.get(gone.id) is None
    assert store.purge_untouched(dt.timedelta(days=1)) == 0
    store.db.execute("update applications set updated_at = ? where id = ?",
                     ["2000-01-01T00:00:00+00:00", kept.id])
    assert store.purge_untouched(dt.timedelta(days=1)) == 1
    assert store.get(kept.id) is None


def test_nothing_personal_is_stored_readable(store):
    app = store.create("14069*04", answers={"first_names": "Awa", "birth_name": "Ndiaye"})
    store.sessions.create("session-id-in-the-cookie", {"application_id": app.id})
    store.limits.add_failure("resume-address", "203.0.113.7", 20.0)
    for table in ("applications", "sessions", "limits"):
        for row in store.db.query(f"select * from {table}"):
            stored = b" ".join(v if isinstance(v, bytes) else str(v).encode()
                               for v in row.values() if v is not None)
            for secret in ("Awa", "Ndiaye", app.code, "session-id-in-the-cookie",
                           "203.0.113.7"):
                assert secret.encode() not in stored, (table, secret)


def test_sessions_live_end_and_stay_ended(store):
    table = store.sessions
    table.create("one", {"application_id": "a"})
    data, _ = table.load("one", idle_seconds=60)
    assert data == {"application_id": "a"}
    table.update("one", {"application_id": "b"})
    assert table.load("one", idle_seconds=60)[0] == {"application_id": "b"}
    table.delete("one")
    table.update("one", {"application_id": "c"})  # a late request does not revive it
    assert table.load("one", idle_seconds=60) is None
    table.create("idle", {})
    store.db.execute("update sessions set last_seen = last_seen - 120")
    assert table.purge_idle(60) == 1
    table.create("left", {})
    store.db.execute("update sessions set last_seen = last_seen - 120")
    assert table.load("left", idle_seconds=60) is None  # ended on first sight


def test_failure_budgets_add_up_clear_and_are_purged(store):
    limits = store.limits
    assert limits.full_until("resume-address", "x") == 0.0
    before = time.time()
    first = limits.add_failure("resume-address", "x", 20.0)
    second = limits.add_failure("resume-address", "x", 20.0)
    assert before + 20 <= first <= time.time() + 20
    assert second == pytest.approx(first + 20)
    assert limits.full_until("resume-address", "x") == second
    assert limits.full_until("resume-address", "y") == 0.0
    limits.clear("resume-address", "x")
    assert limits.full_until("resume-address", "x") == 0.0
    limits.add_failure("resume-address", "old", 0.001)
    time.sleep(0.01)
    assert limits.purge_spent() == 1


def _count_failures(database, key, n, barrier):
    store = Store(database, Sealer(key))
    barrier.wait()
    for _ in range(n):
        store.limits.add_failure("resume-global", "all", 1.0)
    store.close()


def test_servers_counting_failures_at_once_count_every_one(database):
    """The first failures of a new key from four processes at once: none lost,
    none an error (the row is created by an upsert)."""
    key = secrets.token_bytes(32)
    Store(database, Sealer(key)).migrate()
    context = multiprocessing.get_context("fork")
    barrier = context.Barrier(4)
    counters = [context.Process(target=_count_failures, args=(database, key, 25, barrier))
                for _ in range(4)]
    started = time.time()
    for counter in counters:
        counter.start()
    for counter in counters:
        counter.join(timeout=60)
    assert [counter.exitcode for counter in counters] == [0] * 4
    until = Store(database, Sealer(key)).limits.full_until("resume-global", "all")
    assert until >= started + 100  # 4 × 25 failures of one second each


# -- several app servers on one database ----------------------------------------


@pytest.fixture
def two_servers(database, tmp_path, monkeypatch):
    """Two apps as on two boxes: their own instance folder, the same keys and
    database (PostgreSQL; on SQLite two workers of one box share the file)."""
    for name in ("SECRET_KEY", "DATA_KEY"):
        monkeypatch.setenv(f"LOGEMENT_{name}",
                           base64.urlsafe_b64encode(secrets.token_bytes(32)).decode())
    where = ({"DATABASE_URL": database} if database.startswith("postgresql:")
             else {"DATABASE": database})
    servers = []
    for n in (1, 2):
        monkeypatch.setenv("LOGEMENT_INSTANCE_PATH", str(tmp_path / f"box{n}"))
        servers.append(create_app({"TESTING": True, **where}))
    return servers


def test_a_session_started_on_one_server_goes_on_on_the_other(two_servers):
    one, two = two_servers
    browser = Browser(one.test_client())
    code = browser.start()
    elsewhere = Browser(two.test_client())
    elsewhere.client.set_cookie("logement_session",
                                browser.client.get_cookie("logement_session").value)
    page = elsewhere.get("/demande/code")
    assert page.select_one(".code").get_text(strip=True) == code


def test_two_tabs_on_two_servers_get_the_conflict_page(two_servers):
    one, two = two_servers
    first = Browser(one.test_client())
    first.start()
    cookie = first.client.get_cookie("logement_session").value
    second = Browser(two.test_client())
    second.client.set_cookie("logement_session", cookie)
    page_one, page_two = first.get("/demande/identite"), second.get("/demande/identite")

    def fields(page, name):
        values = {field["name"]: field.get("value", "")
                  for field in page.select("main form input[type=hidden]")}
        return {**values, "civility": "madame", "birth_name": "Ndiaye", "first_names": name}

    saved = first.client.post("/demande/identite", data=fields(page_one, "Awa"))
    assert saved.status_code == 302
    refused = second.client.post("/demande/identite", data=fields(page_two, "Aminata"))
    assert refused.status_code == 409
    assert "Awa" in refused.get_data(as_text=True)  # what the other tab saved is shown


def test_resume_code_limits_hold_across_servers(two_servers):
    one, two = two_servers
    for server in two_servers:
        server.config["RESUME_ADDRESS_FAILURES"] = 2
    from logement import resume_codes

    def guess(server):
        client = server.test_client()
        client.environ_base["REMOTE_ADDR"] = "203.0.113.9"
        page = client.get("/reprendre").get_data(as_text=True)
        token = page.split('name="csrf_token" value="', 1)[1].split('"', 1)[0]
        return client.post("/reprendre", data={"csrf_token": token,
                                               "code": resume_codes.new_code()}).status_code

    assert guess(one) == guess(two) == 200  # the budget: two wrong codes in all
    assert guess(one) == 429 and guess(two) == 429


def test_a_write_ahead_log_vanishing_while_a_store_opens_is_no_error(tmp_path, monkeypatch):
    """SQLite removes the -wal file when its last connection closes: a worker
    opening the database at that moment must not fail (seen as a 500 under load)."""
    from pathlib import Path

    from logement.storage import db

    path = tmp_path / "logement.sqlite3"
    seen = Path.exists
    monkeypatch.setattr(Path, "exists", lambda p: p.name.endswith("-wal") or seen(p))
    db.private_file(path)  # the -wal "exists", then is gone when its mode is set
    assert path.stat().st_mode & 0o777 == 0o600


def test_a_connection_given_back_inside_a_transaction_is_not_lent_again(tmp_path):
    """A request's store keeps its SQLite connection for the next request: one given
    back in the middle of a write (a request cut short) hands on neither the
    half-done write nor the write lock."""
    from logement.storage.db import SqliteDatabase

    path = tmp_path / "logement.sqlite3"
    cut = SqliteDatabase(path, kept=True)
    cut.sqlite.conn.execute("BEGIN IMMEDIATE")
    cut.sqlite.conn.execute("create table half_done (x)")
    cut.close()
    following = SqliteDatabase(path, kept=True)
    assert following.query("select name from sqlite_master") == []
    following.execute("create table written (x)")  # the lock is free: no 20 s wait
    assert following.scalar("select count(*) from sqlite_master") == 1
    following.close()


def test_a_box_moves_its_drafts_sessions_and_budgets_to_postgresql(app, postgres_cluster):
    """copy-to-postgresql: the drafts open with their codes in PostgreSQL, once only."""
    browser = Browser(app.test_client())
    code = browser.start()
    browser.submit("/demande/identite", {"civility": "madame", "birth_name": "Ndiaye",
                                         "first_names": "Awa"})
    from logement import open_store
    from logement.storage.workspace import WorkspaceStore

    source = open_store(app)
    structure_id, member_id = WorkspaceStore(source.db, source.sealer).create_structure(
        "CCAS de Mâcon", "ccas", "", {"city": "Mâcon"},
        {"login": "claire", "display_name": "Claire Martin", "password_hash": "$argon2id$x"})
    source.close()
    url = postgres_cluster.new_database()
    result = app.test_cli_runner().invoke(args=["copy-to-postgresql", url])
    assert result.exit_code == 0, result.output
    assert "1 applications" in result.output and "1 sessions" in result.output
    assert "1 structures" in result.output and "1 members" in result.output
    app.config["DATABASE_URL"] = url
    moved = Store(url, app.extensions["logement.sealer"])
    assert moved.find_by_code(code.replace("-", "")).answers["first_names"] == "Awa"
    workspace = WorkspaceStore(moved.db, moved.sealer)
    assert workspace.structure(structure_id).name == "CCAS de Mâcon"
    assert workspace.member_by_identifier("claire").id == member_id
    moved.close()
    assert browser.get("/demande/identite").select_one("#first_names")["value"] == "Awa"
    again = app.test_cli_runner().invoke(args=["copy-to-postgresql", url])
    assert again.exit_code != 0 and "nothing was copied" in again.output


def test_a_kept_connection_cut_by_a_database_restart_is_replaced(postgres_cluster,
                                                                  monkeypatch):
    import psycopg

    from logement.storage import db

    url = postgres_cluster.new_database()
    store = Store(url, Sealer(secrets.token_bytes(32)))
    store.migrate()
    app_id = store.create("14069*04").id
    store.close()  # its connection is kept for the next request
    with psycopg.connect(url, autocommit=True) as admin:  # as a restart would
        admin.execute("select pg_terminate_backend(pid) from pg_stat_activity "
                      "where datname = current_database() and pid <> pg_backend_pid()")
    monkeypatch.setattr(db._POSTGRES, "CHECK_AFTER_SECONDS", 0.0)
    store = Store(url, store.sealer)
    assert store.get(app_id).id == app_id
    store.close()


def test_a_statement_outside_a_transaction_is_committed_on_both_engines(database):
    writer = Store(database, Sealer(secrets.token_bytes(32)))
    writer.migrate()
    app_id = writer.create("14069*04").id
    writer.db.execute("update applications set edition = ? where id = ?", ["x", app_id])
    reader = Store(database, writer.sealer)
    assert reader.db.scalar("select edition from applications where id = ?", [app_id]) == "x"
    reader.close()
    writer.close()


def test_a_nul_in_a_looked_up_value_finds_nothing_on_both_engines(store):
    """PostgreSQL's text cannot hold U+0000: odd input is not an error."""
    assert store.find_by_code("ABC\x00DEF") is None
    assert store.sessions.load("id\x00", idle_seconds=60) is None
    assert store.db.query("select id from applications where edition = ?", ["\x00"]) == []
