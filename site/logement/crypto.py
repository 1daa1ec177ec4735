"""Sealing the answers at rest (AES-256-GCM) and keyed hashes for look-ups.

The key lives outside the database (a file in the instance folder, or the
LOGEMENT_DATA_KEY environment variable), so a copy of the database file alone
reveals no name, NIR or answer.
"""

import base64
import hashlib
import hmac
import json
import os
import secrets
from pathlib import Path

from cryptography.hazmat.primitives.ciphers.aead import AESGCM

NONCE_BYTES = 12


class Sealer:
    def __init__(self, key: bytes):
        if len(key) != 32:
            raise ValueError("the data key must be 32 bytes")
        self._aead = AESGCM(key)
        self._lookup_key = hmac.new(key, b"logement/lookup", hashlib.sha256).digest()

    def seal(self, record: dict, *, bound_to: str) -> bytes:
        """Encrypt a JSON record; `bound_to` (the row id) stops rows being swapped."""
        nonce = secrets.token_bytes(NONCE_BYTES)
        plaintext = json.dumps(record, ensure_ascii=False, separators=(",", ":")).encode()
        return nonce + self._aead.encrypt(nonce, plaintext, bound_to.encode())

    def open(self, sealed: bytes, *, bound_to: str) -> dict:
        nonce, ciphertext = sealed[:NONCE_BYTES], sealed[NONCE_BYTES:]
        return json.loads(self._aead.decrypt(nonce, ciphertext, bound_to.encode()))

    def lookup_hash(self, purpose: str, value: str) -> str:
        """A keyed hash, for finding a row by a secret without storing the secret."""
        message = f"{purpose}:{value}".encode()
        return hmac.new(self._lookup_key, message, hashlib.sha256).hexdigest()


def load_or_create_key(env_value: str | None, path: Path, size: int = 32) -> bytes:
    """A key from the environment (base64), else from a private file created once."""
    if env_value:
        return base64.urlsafe_b64decode(env_value)
    if path.exists():
        return base64.urlsafe_b64decode(path.read_text().strip())
    path.parent.mkdir(parents=True, exist_ok=True)
    # Written aside then linked into place: several workers starting at once
    # either create the file whole or read the one another made.
    draft = path.with_name(f".{path.name}.{secrets.token_hex(8)}")
    fd = os.open(draft, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as handle:
        handle.write(base64.urlsafe_b64encode(secrets.token_bytes(size)).decode())
    try:
        os.link(draft, path)
    except FileExistsError:
        pass
    finally:
        draft.unlink()
    return base64.urlsafe_b64decode(path.read_text().strip())
