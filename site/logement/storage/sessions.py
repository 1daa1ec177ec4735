"""Server-side sessions: the cookie holds a random id, the table its keyed hash
and the sealed session data (it may name the open application)."""

import time

from .db import writing


class SessionTable:
    def __init__(self, db, sealer):
        self.db = db
        self.sealer = sealer

    def _row_id(self, session_id: str) -> str:
        return self.sealer.lookup_hash("session", session_id)

    def load(self, session_id: str, idle_seconds: float) -> tuple[dict, float] | None:
        """(data, last seen) of a live session; None when unknown or idle too long."""
        row_id = self._row_id(session_id)
        rows = list(self.db.query("select sealed, last_seen from sessions where id = ?",
                                  [row_id]))
        if not rows:
            return None
        if rows[0]["last_seen"] < time.time() - idle_seconds:
            self.delete(session_id)
            return None
        return self.sealer.open(rows[0]["sealed"], bound_to=row_id), rows[0]["last_seen"]

    def create(self, session_id: str, data: dict):
        row_id = self._row_id(session_id)
        now = time.time()
        with writing(self.db):
            self.db.execute("insert into sessions (id, sealed, created_at, last_seen) "
                            "values (?, ?, ?, ?)",
                            [row_id, self.sealer.seal(data, bound_to=row_id), now, now])

    def update(self, session_id: str, data: dict):
        """New data for a live session; one ended meanwhile stays ended."""
        row_id = self._row_id(session_id)
        with writing(self.db):
            self.db.execute("update sessions set sealed = ?, last_seen = ? where id = ?",
                            [self.sealer.seal(data, bound_to=row_id), time.time(), row_id])

    def touch(self, session_id: str):
        with writing(self.db):
            self.db.execute("update sessions set last_seen = ? where id = ?",
                            [time.time(), self._row_id(session_id)])

    def delete(self, session_id: str):
        with writing(self.db):
            self.db.execute("delete from sessions where id = ?", [self._row_id(session_id)])

    def purge_idle(self, idle_seconds: float) -> int:
        with writing(self.db):
            return self.db.execute("delete from sessions where last_seen < ?",
                                   [time.time() - idle_seconds]).rowcount
