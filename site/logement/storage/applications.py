"""All SQL lives here. Applications are stored sealed (see crypto.py).

A stored application is a record {"answers", "done", "revisions", "code"}:
- answers: question name -> normalised answer (see forms/cerfa.py);
- done: slugs of the pages answered and checked;
- revisions: page slug -> number of saves, to spot two tabs editing one page;
- code: the resume code, so it can be shown again on the same device;
- schema: the version of the answers (forms/versions.py), upgraded when read.

Sessions (sessions.py) and failure budgets (limits.py) live in the same
database and are reached through Store.sessions and Store.limits.
"""

import datetime as dt
import secrets
from dataclasses import dataclass, field

from forms import versions

from .. import resume_codes
from ..crypto import Sealer
from . import schema
from .db import open_database
from .limits import LimitTable
from .sessions import SessionTable


@dataclass
class Application:
    id: str
    revision: int
    answers: dict = field(default_factory=dict)
    done: list = field(default_factory=list)
    revisions: dict = field(default_factory=dict)
    code: str = ""
    created_at: str = ""
    updated_at: str = ""

    def page_revision(self, slug: str) -> int:
        return self.revisions.get(slug, 0)


class PageConflict(Exception):
    """The page was saved elsewhere since the person opened it."""

    def __init__(self, current: Application):
        super().__init__("page changed since it was read")
        self.current = current


def _now() -> str:
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")


class Store:
    def __init__(self, database, sealer: Sealer, kept: bool = False):
        """database: the path of a SQLite file or a postgresql:// URL; kept: a
        request's store, on a connection kept for the next (storage/db.py)."""
        self.sealer = sealer
        self.db = open_database(database, kept=kept)
        self.sessions = SessionTable(self.db, sealer)
        self.limits = LimitTable(self.db, sealer)

    def migrate(self):
        self.db.migrate("logement", schema.migrations, schema.POSTGRESQL)

    def close(self):
        self.db.close()

    # -- applications ---------------------------------------------------------

    def create(self, edition: str, answers: dict | None = None,
               done: list | None = None) -> Application:
        """A new application, empty or copied from given answers."""
        code = resume_codes.new_code()
        app = Application(id=secrets.token_urlsafe(16), revision=0, code=code,
                          answers=dict(answers or {}), done=list(done or []))
        now = _now()
        with self.db.writing():
            self.db.insert("applications", {
                "id": app.id, "code_hash": self._code_hash(code), "sealed": self._seal(app),
                "revision": 0, "edition": edition, "created_at": now, "updated_at": now})
        app.created_at = app.updated_at = now
        return app

    def get(self, app_id: str | None, *, for_update: bool = False) -> Application | None:
        """for_update: inside a write, the row stays locked until it commits."""
        if not app_id:
            return None
        rows = self.db.query("select * from applications where id = ?"
                             + (self.db.for_update if for_update else ""), [app_id])
        return self._load(rows[0]) if rows else None

    def find_by_code(self, code: str) -> Application | None:
        rows = self.db.query("select * from applications where code_hash = ?",
                             [self._code_hash(code)])
        return self._load(rows[0]) if rows else None

    def save_page(self, app_id: str, slug: str, seen_revision: int, values: dict,
                  *, force: bool = False, done: bool = True) -> Application:
        """Store one page's answers, unless the page changed since `seen_revision`.

        The lock (SQLite's database, PostgreSQL's row) is taken before the row
        is read, so two saves of one page queue, on one server or two: the
        second sees the first one's revision and gets PageConflict.
        """
        with self.db.writing():
            app = self.get(app_id, for_update=True)
            if app is None:
                raise LookupError("application not found")
            if app.page_revision(slug) != seen_revision and not force:
                raise PageConflict(app)
            for name, value in values.items():
                if value in (None, ""):
                    app.answers.pop(name, None)
                else:
                    app.answers[name] = value
            if done and slug not in app.done:
                app.done.append(slug)
            elif not done and slug in app.done:
                app.done.remove(slug)
            app.revisions[slug] = app.page_revision(slug) + 1
            app.revision += 1
            app.updated_at = _now()
            self.db.execute(
                "update applications set sealed = ?, revision = ?, updated_at = ? "
                "where id = ?", [self._seal(app), app.revision, app.updated_at, app.id])
            return app

    def replace_code(self, app_id: str) -> Application:
        """A new resume code for an application (a legacy short code is replaced)."""
        with self.db.writing():
            app = self.get(app_id, for_update=True)
            app.code = resume_codes.new_code()
            app.revision += 1
            self.db.execute(
                "update applications set code_hash = ?, sealed = ?, revision = ? where id = ?",
                [self._code_hash(app.code), self._seal(app), app.revision, app.id])
            return app

    def delete(self, app_id: str) -> bool:
        with self.db.writing():
            deleted = self.db.execute("delete from applications where id = ?", [app_id])
        self.db.after_delete()
        return deleted == 1

    def purge_untouched(self, older_than: dt.timedelta) -> int:
        cutoff = (dt.datetime.now(dt.timezone.utc) - older_than).isoformat(timespec="seconds")
        with self.db.writing():
            deleted = self.db.execute("delete from applications where updated_at < ?", [cutoff])
        self.db.after_delete()
        return deleted

    # -- sealing ------------------------------------------------------------------

    def _seal(self, app: Application) -> bytes:
        record = {"answers": app.answers, "done": app.done, "revisions": app.revisions,
                  "code": app.code, "schema": versions.SCHEMA_VERSION}
        return self.sealer.seal(record, bound_to=app.id)

    def _load(self, row) -> Application:
        record = self.sealer.open(row["sealed"], bound_to=row["id"])
        # Drafts saved by an older release: their answers in today's questions.
        record["answers"] = versions.upgrade(record["answers"], record.pop("schema", 1))
        return Application(id=row["id"], revision=row["revision"], created_at=row["created_at"],
                           updated_at=row["updated_at"], **record)

    def _code_hash(self, code: str) -> str:
        return self.sealer.lookup_hash("resume-code", code)
