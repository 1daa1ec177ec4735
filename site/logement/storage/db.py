"""One connection to the applications database, and how it writes.

Every write runs in `writing(db)`: BEGIN IMMEDIATE takes the write lock before
the first read, so concurrent writers queue on the busy timeout instead of
failing when a read transaction tries to become a write one ("database is
locked"). Everything SQLite-specific (pragmas, WAL, the IMMEDIATE keyword)
stays in this module; the SQL of the tables is plain enough for PostgreSQL.
"""

import os
from contextlib import contextmanager, suppress
from pathlib import Path

import sqlite_utils
from sqlite_utils import Migrations

# How long a write waits for another one before giving up (milliseconds). A
# save holds the lock for about a millisecond, so this is hundreds of writers.
BUSY_TIMEOUT_MS = 20_000

migrations = Migrations("logement")


def connect(path) -> sqlite_utils.Database:
    private_file(Path(path))
    db = sqlite_utils.Database(str(path))
    db.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    # Deleted answers are overwritten, not left in free pages.
    db.execute("PRAGMA secure_delete = ON")
    return db


@contextmanager
def writing(db: sqlite_utils.Database):
    """A write transaction that holds the write lock from its first statement."""
    if db.conn.in_transaction:  # already inside one: a savepoint
        with db.atomic():
            yield db
        return
    db.conn.execute("BEGIN IMMEDIATE")
    try:
        yield db
    except BaseException:
        if db.conn.in_transaction:
            db.conn.execute("ROLLBACK")
        raise
    db.conn.execute("COMMIT")


def migrate(db: sqlite_utils.Database):
    """WAL (readers never wait for writers), then the pending migrations, once.

    Several workers start together: the write lock makes them take turns.
    """
    db.enable_wal()
    with writing(db):
        migrations.apply(db)


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
