"""Moving from one box to several: every row of the SQLite file copied into an
empty PostgreSQL database (`flask --app logement copy-to-postgresql URL`).

Rows are copied as they are: what is sealed stays sealed (bound to the row's
id, opened with the same data key), so nothing is decrypted on the way.
"""

from .applications import Store
from .workspace import WorkspaceStore

TABLES = ["applications", "sessions", "limits", "structures", "members", "recovery_codes",
          "invitations", "cases", "consents", "audit_log"]


def copy_store(source: Store, target: Store) -> dict[str, int]:
    """Copy every row of TABLES from source into target, whose tables must be
    empty; one transaction, so a failed copy leaves the target empty."""
    target.migrate()
    WorkspaceStore(target.db, target.sealer).migrate()
    counts = {}
    with target.db.writing():
        for table in TABLES:
            if target.db.scalar(f"select count(*) from {table}"):
                raise ValueError(f"the table {table} of the target is not empty")
            counts[table] = 0
            for row in source.db.iterate(f"select * from {table}"):
                target.db.insert(table, row)
                counts[table] += 1
    return counts
