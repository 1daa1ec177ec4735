"""Failure budgets for the limiter (logic in logement/limits.py): one row per
(kind, keyed hash of the key) holding the time its budget is full until."""

import time

from .db import writing


class LimitTable:
    def __init__(self, db, sealer):
        self.db = db
        self.sealer = sealer

    def _key(self, kind: str, key: str) -> str:
        return self.sealer.lookup_hash(f"limit:{kind}", key)

    def full_until(self, kind: str, key: str) -> float:
        rows = list(self.db.query("select full_until from limits where kind = ? and key = ?",
                                  [kind, self._key(kind, key)]))
        return rows[0]["full_until"] if rows else 0.0

    def add_failure(self, kind: str, key: str, interval: float) -> float:
        """Push the budget's end by one failure's worth; returns the new end."""
        hashed = self._key(kind, key)
        now = time.time()
        with writing(self.db):
            rows = list(self.db.query(
                "select full_until from limits where kind = ? and key = ?", [kind, hashed]))
            until = max(rows[0]["full_until"] if rows else 0.0, now) + interval
            if rows:
                self.db.execute("update limits set full_until = ? where kind = ? and key = ?",
                                [until, kind, hashed])
            else:
                self.db.execute("insert into limits (kind, key, full_until) values (?, ?, ?)",
                                [kind, hashed, until])
        return until

    def clear(self, kind: str, key: str):
        with writing(self.db):
            self.db.execute("delete from limits where kind = ? and key = ?",
                            [kind, self._key(kind, key)])

    def purge_spent(self) -> int:
        with writing(self.db):
            return self.db.execute("delete from limits where full_until < ?",
                                   [time.time()]).rowcount
