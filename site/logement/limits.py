"""Failure budgets: how many failed attempts a key may make, and how long to wait.

A generic limiter for anything guessed (resume codes, sign-in): a Limit gives a
kind, a number of failures and a window; each key (a client address, an account,
"all") has its own budget, stored as one row (storage/limits.py):

    wait = limits.wait_seconds(RESUME_BY_ADDRESS, client)   # 0: may try now
    ... try ...
    limits.record_failure(RESUME_BY_ADDRESS, client)        # on failure
    limits.reset(SIGN_IN_BY_ACCOUNT, account)                # on success, if wanted

The budget is a generic cell rate algorithm: `failures` may come at once, then
one more every `window / failures` seconds. Nobody is ever locked out for
long: after a burst, the wait is one interval, not the whole window.
"""

import ipaddress
import time
from dataclasses import dataclass

from flask import request


@dataclass(frozen=True)
class Limit:
    kind: str          # names the budget in storage, e.g. "resume-address"
    failures: int      # failures allowed at once
    window: float      # seconds for the budget to refill completely

    @property
    def interval(self) -> float:
        return self.window / self.failures


def _table():
    from . import get_store

    return get_store().limits


def wait_seconds(limit: Limit, key: str) -> float:
    """Seconds before `key` may try again (0 when it may try now)."""
    full_until = _table().full_until(limit.kind, key)
    return max(0.0, full_until + limit.interval - limit.window - time.time())


def record_failure(limit: Limit, key: str):
    _table().add_failure(limit.kind, key, limit.interval)


def reset(limit: Limit, key: str):
    _table().clear(limit.kind, key)


def client_address() -> str:
    """The client as a limiter key: its IPv4 address, or its IPv6 /64 (one
    household or phone gets a whole /64, so single IPv6 addresses cost nothing).
    Behind a reverse proxy, LOGEMENT_TRUSTED_PROXIES makes this the real client."""
    raw = request.remote_addr or "unknown"
    try:
        address = ipaddress.ip_address(raw.split("%")[0])
    except ValueError:
        return raw[:64]
    if address.version == 6 and address.ipv4_mapped:
        address = address.ipv4_mapped
    if address.version == 6:
        return str(ipaddress.ip_network(f"{address}/64", strict=False))
    return str(address)
