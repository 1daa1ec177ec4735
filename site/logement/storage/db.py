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
- connections: one per store on SQLite; on PostgreSQL one kept per process
  and thread, lent to each store (a request) and given back when it closes;
- after deletes, SQLite folds its write-ahead log into the file (deleted pages
  are overwritten: secure_delete); PostgreSQL leaves that to autovacuum;
- PostgreSQL's text cannot hold U+0000: it is sent as U+FFFD. Answers and
  sessions are sealed bytes and the text columns hold hashes, dates and checked
  form values, so this meets mostly look-ups of odd input (a sign-in with a
  NUL), which then find nothing on either engine instead of failing.
"""

import os
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


def open_database(target) -> "Database":
    """A PostgreSQL URL or the path of a SQLite file."""
    if is_postgresql(target):
        return PostgresDatabase(str(target))
    return SqliteDatabase(target)


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


# -- SQLite ---------------------------------------------------------------------


class SqliteDatabase(Database):
    engine = "sqlite"

    def __init__(self, path):
        private_file(Path(path))
        self.sqlite = sqlite_utils.Database(str(path))
        self.sqlite.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        # Deleted answers are overwritten, not left in free pages.
        self.sqlite.execute("PRAGMA secure_delete = ON")

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
        self.sqlite.close()


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


class _Idle:
    """Connections of this process not lent to a store, by (process id, URL).

    A request borrows one and gives it back, so a worker keeps one connection
    (two with a thread of its own). Keyed by process id: a forked child never
    uses, nor closes, its parent's connections.
    """

    KEEP = 4
    # A connection idle longer than this is checked (one round trip) before it is
    # lent: after a database restart the first request gets a new one instead of
    # an error. Under load connections are reused within milliseconds, unchecked.
    CHECK_AFTER_SECONDS = 5.0
    lock = threading.Lock()
    connections: dict[tuple[int, str], list] = {}

    @classmethod
    def borrow(cls, url):
        import psycopg
        from psycopg.rows import dict_row

        with cls.lock:
            idle = cls.connections.setdefault((os.getpid(), url), [])
            found = idle.pop() if idle else None
        while found is not None:
            conn, since = found
            if not (conn.closed or conn.broken):
                if time.monotonic() - since < cls.CHECK_AFTER_SECONDS:
                    return conn
                try:
                    conn.execute("select 1")
                    return conn
                except psycopg.OperationalError:
                    conn.close()
            with cls.lock:
                found = idle.pop() if idle else None

        conn = psycopg.connect(url, autocommit=True, row_factory=dict_row)
        # As SQLite's busy timeout: a writer waits this long for a row lock.
        conn.execute(f"set lock_timeout = {BUSY_TIMEOUT_MS}")
        return conn

    @classmethod
    def give_back(cls, url, conn):
        from psycopg.pq import TransactionStatus

        reusable = (not (conn.closed or conn.broken)
                    and conn.info.transaction_status == TransactionStatus.IDLE)
        with cls.lock:
            idle = cls.connections.setdefault((os.getpid(), url), [])
            if reusable and len(idle) < cls.KEEP:
                idle.append((conn, time.monotonic()))
                return
        conn.close()


class PostgresDatabase(Database):
    engine = "postgresql"
    for_update = " for update"

    def __init__(self, url: str):
        self.url = url
        self.conn = _Idle.borrow(url)

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
            _Idle.give_back(self.url, self.conn)
            self.conn = None
