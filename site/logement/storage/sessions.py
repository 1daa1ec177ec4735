"""Server-side sessions: the cookie holds a random id, the table its keyed hash
and the sealed session data (it may name the open application)."""

import time


class SessionTable:
    def __init__(self, db, sealer):
        self.db = db  # a storage.db.Database
        self.sealer = sealer

    def _row_id(self, session_id: str) -> str:
        return self.sealer.lookup_hash("session", session_id)

    def load(self, session_id: str, idle_seconds: float) -> tuple[dict, float] | None:
        """(data, last seen) of a live session; None when unknown or idle too long."""
        row_id = self._row_id(session_id)
        rows = self.db.query("select sealed, last_seen from sessions where id = ?", [row_id])
        if not rows:
            return None
        if rows[0]["last_seen"] < time.time() - idle_seconds:
            self.delete(session_id)
            return None
        return self.sealer.open(rows[0]["sealed"], bound_to=row_id), rows[0]["last_seen"]

    def create(self, session_id: str, data: dict):
        row_id = self._row_id(session_id)
        now = time.time()
        with self.db.writing():
            self.db.insert("sessions", {"id": row_id,
                                        "sealed": self.sealer.seal(data, bound_to=row_id),
                                        "created_at": now, "last_seen": now})

    def update(self, session_id: str, data: dict):
        """New data for a live session; one ended meanwhile stays ended."""
        row_id = self._row_id(session_id)
        with self.db.writing():
            self.db.execute("update sessions set sealed = ?, last_seen = ? where id = ?",
                            [self.sealer.seal(data, bound_to=row_id), time.time(), row_id])

    def touch(self, session_id: str):
        with self.db.writing():
            self.db.execute("update sessions set last_seen = ? where id = ?",
                            [time.time(), self._row_id(session_id)])

    def delete(self, session_id: str):
        with self.db.writing():
            self.db.execute("delete from sessions where id = ?", [self._row_id(session_id)])

    def purge_idle(self, idle_seconds: float) -> int:
        with self.db.writing():
            return self.db.execute("delete from sessions where last_seen < ?",
                                   [time.time() - idle_seconds])
