"""The two database engines behind one small interface, and how each writes.

SQLite (a file, the default) serves one box; PostgreSQL (LOGEMENT_DATABASE_URL)
lets several app servers share one database. The tables' SQL is shared,
written with `?` placeholders and plain types; every difference between the
engines lives in this module:

- placeholders: `?` becomes `%s` for psycopg;
- writing: `db.writing()` is BEGIN IMMEDIATE on SQLite (the write lock is
  taken before the first read, so writers queue on the busy timeout); on
  PostgreSQL a plain transaction, where the rows a write depends on are read
  with `db.for_update` (SELECT … FOR UPDATE: the second writer waits for the
  first one's commit, then reads what it wrote);
- migrations: sqlite-utils Migrations on SQLite; on PostgreSQL ordered plain
  SQL recorded in schema_migrations, under an advisory lock so that servers
  starting together take turns;
- connections: kept per process and thread, lent to each store (a request)
  and given back when it closes. On SQLite only a request's store borrows
  one; migrations and commands open and close their own, so the file is
  whole (its write-ahead log folded in) when they end;
- after deletes, SQLite folds its write-ahead log into the file (deleted pages
  are overwritten: secure_delete); PostgreSQL leaves that to autovacuum;
- PostgreSQL's text cannot hold U+0000: it is sent as U+FFFD. Answers and
  sessions are sealed bytes and the text columns hold hashes, dates and checked
  form values, so this meets mostly look-ups of odd input (a sign-in with a
  NUL), which then find nothing on either engine instead of failing.
"""

import os
import sqlite3
import threading
import time
from contextlib import contextmanager, suppress
from functools import lru_cache
from pathlib import Path

import sqlite_utils

# How long a write waits for another one before giving up (milliseconds). A
# save holds the lock for about a millisecond, so this is hundreds of writers.
BUSY_TIMEOUT_MS = 20_000
# pg_advisory_xact_lock key of the migrations ("logement" in ASCII).
MIGRATION_LOCK = 0x6C6F67656D656E74


def is_postgresql(target) -> bool:
    return str(target).startswith(("postgresql://", "postgres://"))


def open_database(target, kept: bool = False) -> "Database":
    """A PostgreSQL URL or the path of a SQLite file. Kept: the SQLite connection
    is borrowed from those this process keeps (a request's store)."""
    if is_postgresql(target):
        return PostgresDatabase(str(target))
    return SqliteDatabase(target, kept=kept)


class Database:
    """What the tables' code uses: the same calls and SQL on both engines."""

    engine = ""
    # Appended to a select whose rows the current write transaction then changes.
    for_update = ""

    def query(self, sql: str, params=()) -> list[dict]:
        raise NotImplementedError

    def iterate(self, sql: str, params=()):
        """The rows one by one (a whole table need not fit in memory)."""
        return iter(self.query(sql, params))

    def execute(self, sql: str, params=()) -> int:
        """Run a statement; returns the number of rows it changed."""
        raise NotImplementedError

    def insert(self, table: str, row: dict):
        columns = ", ".join(row)
        marks = ", ".join("?" for _ in row)
        self.execute(f"insert into {table} ({columns}) values ({marks})", list(row.values()))

    def scalar(self, sql: str, params=()):
        rows = self.query(sql, params)
        return next(iter(rows[0].values())) if rows else None

    def writing(self):
        raise NotImplementedError

    def migrate(self, name: str, sqlite_migrations, postgresql_steps: list[tuple[str, str]]):
        raise NotImplementedError

    def after_delete(self):
        """Called after deleting personal data."""

    def close(self):
        raise NotImplementedError


# -- kept connections -----------------------------------------------------------


class _Kept:
    """Connections of this process not lent to a store, by (process id, target).

    A store borrows one and gives it back when it closes, so a worker thread
    reuses one connection instead of opening one a request (on SQLite, opening
    one and reading the schema was a tenth of a page's time). Keyed by process
    id, and the idle ones are closed before a fork: a child never uses, nor
    closes, its parent's. A server has a target or two; tests make hundreds, so
    only the last few targets are remembered.
    """

    KEEP = 4  # idle connections per target
    TARGETS = 4

    def __init__(self):
        self.lock = threading.Lock()
        self.idle: dict[tuple[int, object], list] = {}
        os.register_at_fork(before=self.close_idle)

    def connect(self, target):
        raise NotImplementedError

    def usable(self, conn, idle_seconds: float) -> bool:
        """Whether an idle connection may be lent again."""
        return True

    def reusable(self, conn) -> bool:
        """Whether a connection given back may be kept (no transaction left open)."""
        raise NotImplementedError

    def borrow(self, target):
        while (found := self._take(target)) is not None:
            conn, since = found
            if self.usable(conn, time.monotonic() - since):
                return conn
            conn.close()
        return self.connect(target)

    def _take(self, target):
        with self.lock:
            idle = self.idle.get((os.getpid(), target))
            return idle.pop() if idle else None

    def give_back(self, target, conn):
        closing = [] if self.reusable(conn) else [conn]
        with self.lock:
            key = (os.getpid(), target)
            idle = self.idle.pop(key, [])  # put back last: the least used go first
            self.idle[key] = idle
            if not closing:
                if len(idle) < self.KEEP:
                    idle.append((conn, time.monotonic()))
                else:
                    closing.append(conn)
            while len(self.idle) > self.TARGETS:
                oldest = next(iter(self.idle))
                closing.extend(c for c, _since in self.idle.pop(oldest) if oldest[0] == key[0])
        for conn in closing:
            conn.close()

    def close_idle(self):
        """Close this process's idle connections (before a fork; before copying a
        SQLite file, whose last commits may still be in its write-ahead log)."""
        with self.lock:
            idle, self.idle = self.idle, {}
        for (pid, _target), conns in idle.items():
            if pid == os.getpid():
                for conn, _since in conns:
                    conn.close()


def close_idle_connections():
    for kept in (_SQLITE, _POSTGRES):
        kept.close_idle()


# -- SQLite ---------------------------------------------------------------------


class SqliteDatabase(Database):
    engine = "sqlite"

    def __init__(self, path, kept: bool = False):
        self.target = str(path) if kept else None
        self.sqlite = _SQLITE.borrow(self.target) if kept else _sqlite_connect(str(path))

    def query(self, sql, params=()):
        return list(self.sqlite.query(sql, params))

    def iterate(self, sql, params=()):
        return self.sqlite.query(sql, params)

    def execute(self, sql, params=()):
        if not self.sqlite.conn.in_transaction:  # alone: committed, as on PostgreSQL
            with self.writing():
                return self.sqlite.execute(sql, params).rowcount
        return self.sqlite.execute(sql, params).rowcount

    @contextmanager
    def writing(self):
        """A write transaction that holds the write lock from its first statement."""
        conn = self.sqlite.conn
        if conn.in_transaction:  # already inside one: a savepoint
            with self.sqlite.atomic():
                yield self
            return
        conn.execute("BEGIN IMMEDIATE")
        try:
            yield self
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")

    def migrate(self, name, sqlite_migrations, postgresql_steps):
        """WAL (readers never wait for writers), then the pending migrations, once.
        Several workers start together: the write lock makes them take turns."""
        self.sqlite.enable_wal()
        with self.writing():
            sqlite_migrations.apply(self.sqlite)

    def after_delete(self):
        """Fold the write-ahead log into the file so deleted pages do not linger in it."""
        self.sqlite.execute("PRAGMA wal_checkpoint(TRUNCATE)")

    def close(self):
        if self.sqlite is None:
            return
        if self.target is None:
            self.sqlite.close()
        else:
            _SQLITE.give_back(self.target, self.sqlite)
        self.sqlite = None


def _sqlite_connect(path: str) -> sqlite_utils.Database:
    private_file(Path(path))
    # Lent to one thread at a time (_Kept), maybe not the one that opened it.
    db = sqlite_utils.Database(sqlite3.connect(path, check_same_thread=False))
    db.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    # Deleted answers are overwritten, not left in free pages.
    db.execute("PRAGMA secure_delete = ON")
    return db


class _SqliteConnections(_Kept):
    def connect(self, target):
        return _sqlite_connect(target)

    def reusable(self, conn):
        return not conn.conn.in_transaction


_SQLITE = _SqliteConnections()


def private_dir(path: Path):
    """A folder only its owner can open (existing ones are left as they are)."""
    if not path.is_dir():
        path.mkdir(parents=True, exist_ok=True, mode=0o700)
        os.chmod(path, 0o700)


def private_file(path: Path):
    """A database file for its owner only, with its -wal and -shm companions
    (SQLite creates those with the mode of the database file)."""
    private_dir(path.parent)
    os.close(os.open(path, os.O_WRONLY | os.O_CREAT, 0o600))
    for companion in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
        with suppress(FileNotFoundError):  # -wal and -shm go with the last connection
            os.chmod(companion, 0o600)


# -- PostgreSQL -----------------------------------------------------------------


@lru_cache(maxsize=256)
def _psycopg_sql(sql: str) -> str:
    """`?` placeholders as psycopg's `%s` (the shared SQL has no `?` nor `%` in literals)."""
    return sql.replace("%", "%%").replace("?", "%s")


def _params(params) -> list:
    return [p.replace("\x00", "\ufffd") if isinstance(p, str) else p for p in params]


class _PostgresConnections(_Kept):
    # A connection idle longer than this is checked (one round trip) before it is
    # lent: after a database restart the first request gets a new one instead of
    # an error. Under load connections are reused within milliseconds, unchecked.
    CHECK_AFTER_SECONDS = 5.0

    def connect(self, url):
        import psycopg
        from psycopg.rows import dict_row

        conn = psycopg.connect(url, autocommit=True, row_factory=dict_row)
        # As SQLite's busy timeout: a writer waits this long for a row lock.
        conn.execute(f"set lock_timeout = {BUSY_TIMEOUT_MS}")
        return conn

    def usable(self, conn, idle_seconds):
        import psycopg

        if conn.closed or conn.broken:
            return False
        if idle_seconds < self.CHECK_AFTER_SECONDS:
            return True
        try:
            conn.execute("select 1")
            return True
        except psycopg.OperationalError:
            return False

    def reusable(self, conn):
        from psycopg.pq import TransactionStatus

        return (not (conn.closed or conn.broken)
                and conn.info.transaction_status == TransactionStatus.IDLE)


_POSTGRES = _PostgresConnections()


class PostgresDatabase(Database):
    engine = "postgresql"
    for_update = " for update"

    def __init__(self, url: str):
        self.url = url
        self.conn = _POSTGRES.borrow(url)

    def query(self, sql, params=()):
        return self.conn.execute(_psycopg_sql(sql), _params(params)).fetchall()

    def iterate(self, sql, params=()):
        return self.conn.cursor().stream(_psycopg_sql(sql), _params(params))

    def execute(self, sql, params=()):
        return self.conn.execute(_psycopg_sql(sql), _params(params)).rowcount

    @contextmanager
    def writing(self):
        """A transaction (a savepoint inside one); writes lock their rows."""
        with self.conn.transaction():
            yield self

    def migrate(self, name, sqlite_migrations, postgresql_steps):
        """The pending steps of this set, in order, each recorded once; one
        transaction under an advisory lock, so servers starting together take turns."""
        with self.conn.transaction():
            self.conn.execute("select pg_advisory_xact_lock(%s)", [MIGRATION_LOCK])
            self.conn.execute(
                "create table if not exists schema_migrations (migration_set text not null, "
                "name text not null, applied_at timestamptz not null default now(), "
                "primary key (migration_set, name))")
            done = {row["name"] for row in self.conn.execute(
                "select name from schema_migrations where migration_set = %s", [name])}
            for step, sql in postgresql_steps:
                if step not in done:
                    self.conn.execute(sql)
                    self.conn.execute("insert into schema_migrations (migration_set, name) "
                                      "values (%s, %s)", [name, step])

    def close(self):
        if self.conn is not None:
            _POSTGRES.give_back(self.url, self.conn)
            self.conn = None
