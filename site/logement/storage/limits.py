"""Failure budgets for the limiter (logic in logement/limits.py): one row per
(kind, keyed hash of the key) holding the time its budget is full until."""

import time


class LimitTable:
    def __init__(self, db, sealer):
        self.db = db  # a storage.db.Database
        self.sealer = sealer

    def _key(self, kind: str, key: str) -> str:
        return self.sealer.lookup_hash(f"limit:{kind}", key)

    def full_until(self, kind: str, key: str) -> float:
        until = self.db.scalar("select full_until from limits where kind = ? and key = ?",
                               [kind, self._key(kind, key)])
        return until or 0.0

    def add_failure(self, kind: str, key: str, interval: float) -> float:
        """Push the budget's end by one failure's worth; returns the new end.

        One statement (an upsert): two servers counting a failure of the same
        key at once both count, whichever inserts the row first.
        """
        now = time.time()
        with self.db.writing():
            return self.db.scalar(
                "insert into limits (kind, key, full_until) values (?, ?, ?) "
                "on conflict (kind, key) do update set full_until = "
                "case when limits.full_until > ? then limits.full_until else ? end + ? "
                "returning full_until",
                [kind, self._key(kind, key), now + interval, now, now, interval])

    def clear(self, kind: str, key: str):
        with self.db.writing():
            self.db.execute("delete from limits where kind = ? and key = ?",
                            [kind, self._key(kind, key)])

    def purge_spent(self) -> int:
        with self.db.writing():
            return self.db.execute("delete from limits where full_until < ?", [time.time()])
