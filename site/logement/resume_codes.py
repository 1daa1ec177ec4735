"""Resume codes: 15 symbols of Crockford's base 32, 75 bits of entropy.

Crockford's alphabet has no I, L, O or U, so a code read aloud or typed on a
phone is not mistaken: O is read as 0, I and L as 1, and case does not matter.
Shown in three groups of five: 7K2QM-XP4AR-9TDH3.
"""

import secrets

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
LENGTH = 15
GROUP = 5
ENTROPY_BITS = LENGTH * 5
_LOOKALIKES = str.maketrans({"O": "0", "I": "1", "L": "1"})


def new_code() -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))


def normalise(typed: str) -> str | None:
    """The code in canonical form, or None when it cannot be a code."""
    value = "".join(ch for ch in (typed or "").upper() if ch not in " -.\t")
    value = value.translate(_LOOKALIKES)
    if len(value) != LENGTH or any(ch not in ALPHABET for ch in value):
        return None
    return value


def display(code: str) -> str:
    return "-".join(code[i:i + GROUP] for i in range(0, len(code), GROUP))
