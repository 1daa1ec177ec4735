"""All SQL lives here. Applications are stored sealed (see crypto.py).

A stored application is a record {"answers", "done", "revisions", "code"}:
- answers: question name -> normalised answer (see forms/cerfa.py);
- done: slugs of the pages answered and checked;
- revisions: page slug -> number of saves, to spot two tabs editing one page;
- code: the resume code, so it can be shown again on the same device.
"""

import datetime as dt
import secrets
import time
from dataclasses import dataclass, field

import sqlite_utils
from sqlite_utils import Migrations

from .. import resume_codes
from ..crypto import Sealer

migrations = Migrations("logement")


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
    def __init__(self, path, sealer: Sealer):
        self.path = str(path)
        self.sealer = sealer
        self.db = sqlite_utils.Database(self.path)
        self.db.execute("PRAGMA busy_timeout = 5000")
        # Deleted answers are overwritten, not left in free pages.
        self.db.execute("PRAGMA secure_delete = ON")

    def migrate(self):
        self.db.enable_wal()
        migrations.apply(self.db)

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
        self.db["applications"].insert({
            "id": app.id, "code_hash": self._code_hash(code), "sealed": self._seal(app),
            "revision": 0, "edition": edition, "created_at": now, "updated_at": now,
        })
        app.created_at = app.updated_at = now
        return app

    def get(self, app_id: str | None) -> Application | None:
        if not app_id:
            return None
        rows = list(self.db.query("select * from applications where id = ?", [app_id]))
        return self._load(rows[0]) if rows else None

    def find_by_code(self, code: str) -> Application | None:
        rows = list(self.db.query("select * from applications where code_hash = ?",
                                  [self._code_hash(code)]))
        return self._load(rows[0]) if rows else None

    def save_page(self, app_id: str, slug: str, seen_revision: int, values: dict,
                  *, force: bool = False, done: bool = True) -> Application:
        """Store one page's answers, unless the page changed since `seen_revision`.

        The row's revision is compared again when writing, so two saves racing
        between read and write cannot both win.
        """
        while True:
            with self.db.atomic():
                app = self.get(app_id)
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
                now = _now()
                cursor = self.db.execute(
                    "update applications set sealed = ?, revision = revision + 1, "
                    "updated_at = ? where id = ? and revision = ?",
                    [self._seal(app), now, app.id, app.revision])
                if cursor.rowcount == 1:
                    app.revision += 1
                    app.updated_at = now
                    return app
            # Another request wrote the row in between: read it again.

    def delete(self, app_id: str) -> bool:
        cursor = self.db.execute("delete from applications where id = ?", [app_id])
        self._checkpoint()
        return cursor.rowcount == 1

    def purge_untouched(self, older_than: dt.timedelta) -> int:
        cutoff = (dt.datetime.now(dt.timezone.utc) - older_than).isoformat(timespec="seconds")
        with self.db.atomic():
            cursor = self.db.execute("delete from applications where updated_at < ?", [cutoff])
        self._checkpoint()
        return cursor.rowcount

    def _checkpoint(self):
        """Fold the write-ahead log into the file so deleted pages do not linger in it."""
        self.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")

    # -- resume attempts --------------------------------------------------------

    def record_resume_failure(self, client: str):
        with self.db.atomic():
            self.db["resume_failures"].insert({"client": self._client_hash(client),
                                               "at": time.time()})

    def resume_failures_since(self, client: str, seconds: float) -> list[float]:
        rows = self.db.query(
            "select at from resume_failures where client = ? and at > ? order by at",
            [self._client_hash(client), time.time() - seconds])
        return [row["at"] for row in rows]

    def purge_resume_failures(self, older_than_seconds: float) -> int:
        with self.db.atomic():
            cursor = self.db.execute("delete from resume_failures where at < ?",
                                     [time.time() - older_than_seconds])
        return cursor.rowcount

    # -- sealing ------------------------------------------------------------------

    def _seal(self, app: Application) -> bytes:
        record = {"answers": app.answers, "done": app.done, "revisions": app.revisions,
                  "code": app.code}
        return self.sealer.seal(record, bound_to=app.id)

    def _load(self, row) -> Application:
        record = self.sealer.open(row["sealed"], bound_to=row["id"])
        return Application(id=row["id"], revision=row["revision"], created_at=row["created_at"],
                           updated_at=row["updated_at"], **record)

    def _code_hash(self, code: str) -> str:
        return self.sealer.lookup_hash("resume-code", code)

    def _client_hash(self, client: str) -> str:
        return self.sealer.lookup_hash("client", client)
