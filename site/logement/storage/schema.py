"""The tables of the applications database, as ordered migrations, once for
each engine: sqlite-utils Migrations for SQLite (their history is in existing
files), plain SQL for PostgreSQL (today's tables at once). Both give the same
columns and indexes, so the tables' SQL is shared (see db.py).

Nothing personal is stored in clear: answers and session data are sealed
(crypto.py), codes, session ids and client addresses are keyed hashes.
"""

from sqlite_utils import Migrations

migrations = Migrations("logement")

POSTGRESQL = [
    ("create_applications", """
        create table applications (
            id text primary key, code_hash text, sealed bytea, revision bigint,
            edition text, created_at text, updated_at text);
        create unique index applications_code_hash on applications (code_hash);
        create index applications_updated_at on applications (updated_at);
    """),
    ("create_sessions", """
        create table sessions (
            id text primary key, sealed bytea, created_at double precision,
            last_seen double precision);
        create index sessions_last_seen on sessions (last_seen);
    """),
    ("create_limits", """
        create table limits (
            kind text not null, key text not null, full_until double precision,
            primary key (kind, key));
        create index limits_full_until on limits (full_until);
    """),
]


@migrations()
def create_applications(db):
    db["applications"].create(
        {"id": str, "code_hash": str, "sealed": bytes, "revision": int,
         "edition": str, "created_at": str, "updated_at": str},
        pk="id",
    )
    db["applications"].create_index(["code_hash"], unique=True)
    db["applications"].create_index(["updated_at"])


@migrations()
def create_resume_failures(db):
    db["resume_failures"].create({"client": str, "at": float})
    db["resume_failures"].create_index(["client", "at"])


@migrations()
def create_sessions(db):
    # id: keyed hash of the random id in the cookie; sealed: the session's data.
    db["sessions"].create({"id": str, "sealed": bytes, "created_at": float,
                           "last_seen": float}, pk="id")
    db["sessions"].create_index(["last_seen"])


@migrations()
def create_limits(db):
    # One row per (kind, keyed hash of the key): the time its failure budget is
    # used up to (generic cell rate algorithm, see limits.py).
    db["limits"].create({"kind": str, "key": str, "full_until": float}, pk=("kind", "key"))
    db["limits"].create_index(["full_until"])


@migrations()
def drop_resume_failures(db):
    db["resume_failures"].drop()
