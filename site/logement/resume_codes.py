"""Resume codes: 19 random symbols of Crockford's base 32 (95 bits) and one
check symbol, shown in four groups of five: 7K2QM-XP4AR-9TDH3-B6WN8.

Crockford's alphabet has no I, L, O or U, so a code read aloud or typed on a
phone is not mistaken: O is read as 0, I and L as 1, and case does not matter.
The check symbol (Luhn mod 32) catches every single wrong symbol and most
swapped neighbours before any look-up: a typo is told as a typo, and never
counts as a guess. Drafts saved before these codes keep their 15-symbol code
(75 bits, no check symbol) until they are resumed once (docs/threat-model.md).
"""

import secrets
from enum import Enum

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
RANDOM_SYMBOLS = 19
LENGTH = RANDOM_SYMBOLS + 1
LEGACY_LENGTH = 15
GROUP = 5
ENTROPY_BITS = RANDOM_SYMBOLS * 5
LEGACY_ENTROPY_BITS = LEGACY_LENGTH * 5
_LOOKALIKES = str.maketrans({"O": "0", "I": "1", "L": "1"})


class Kind(Enum):
    CODE = "code"            # a well-formed code: look it up
    LEGACY = "legacy"        # a well-formed 15-symbol code of an older draft
    TYPO = "typo"            # the right length, but the check symbol does not match
    MALFORMED = "malformed"  # cannot be a code at all


def check_symbol(symbols: str) -> str:
    """Luhn mod 32 over the symbols: every single substitution changes it."""
    total = 0
    for position, symbol in enumerate(reversed(symbols)):
        value = ALPHABET.index(symbol)
        if position % 2 == 0:
            value *= 2
            value = value // 32 + value % 32
        total += value
    return ALPHABET[(-total) % 32]


def new_code() -> str:
    symbols = "".join(secrets.choice(ALPHABET) for _ in range(RANDOM_SYMBOLS))
    return symbols + check_symbol(symbols)


def canonical(typed: str) -> str:
    """Upper case, separators dropped, look-alike letters read as digits."""
    value = "".join(ch for ch in (typed or "").upper() if ch not in " -.\t\u00a0")
    return value.translate(_LOOKALIKES)


def classify(typed: str) -> tuple[Kind, str]:
    """(kind, canonical code) of what was typed."""
    value = canonical(typed)
    if any(ch not in ALPHABET for ch in value):
        return Kind.MALFORMED, value
    if len(value) == LENGTH:
        if check_symbol(value[:-1]) != value[-1]:
            return Kind.TYPO, value
        return Kind.CODE, value
    if len(value) == LEGACY_LENGTH:
        return Kind.LEGACY, value
    return Kind.MALFORMED, value


def normalise(typed: str) -> str | None:
    """The code in canonical form, or None when it cannot be a code."""
    kind, value = classify(typed)
    return value if kind in (Kind.CODE, Kind.LEGACY) else None


def display(code: str) -> str:
    return "-".join(code[i:i + GROUP] for i in range(0, len(code), GROUP))
