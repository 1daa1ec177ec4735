"""The tables of the applications database, as ordered migrations.

Plain SQL types and one-row upserts only, so that a PostgreSQL backend can
take the same schema. Nothing personal is stored in clear: answers and session
data are sealed (crypto.py), codes, session ids and client addresses are keyed
hashes.
"""

from .db import migrations


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
