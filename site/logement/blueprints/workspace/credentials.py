"""Members' secrets: argon2id passwords, TOTP second factor, recovery codes,
invitation tokens. Only hashes (or sealed secrets) are stored; see docs/structures.md."""

import hmac
import secrets
import time

import pyotp
import segno
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from markupsafe import Markup

from forms.rules import western_digits

from ... import resume_codes

# argon2id, RFC 9106 second recommendation: 64 MiB, 3 passes, 4 lanes.
_hasher = PasswordHasher()
# Verified when the identifier is unknown, so that the answer takes as long.
_DUMMY_HASH = _hasher.hash(secrets.token_urlsafe(16))

TOTP_PERIOD = 30
TOTP_DRIFT_STEPS = 1  # a code from the previous or next 30 seconds is accepted
RECOVERY_CODES = 10
RECOVERY_LENGTH = 10  # Crockford base 32: 50 bits each
ISSUER = "Ma demande de logement social"


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def password_matches(stored_hash: str | None, password: str) -> bool:
    try:
        return _hasher.verify(stored_hash or _DUMMY_HASH, password) and bool(stored_hash)
    except (VerificationError, InvalidHashError):
        return False


def new_totp_secret() -> str:
    return pyotp.random_base32()  # 160 bits, as RFC 4226 recommends


def totp_uri(secret: str, account: str) -> str:
    return pyotp.TOTP(secret).provisioning_uri(name=account, issuer_name=ISSUER)


def totp_qr_svg(uri: str, title: str) -> Markup:
    """The otpauth URI as an inline SVG QR code (no script, no image request)."""
    svg = segno.make(uri, error="m").svg_inline(scale=4, title=title, dark="#0b0c0c",
                                                light="#fff")
    return Markup(svg.replace("<svg ", '<svg role="img" ', 1))


def totp_step(secret: str, code: str, now: float | None = None) -> int | None:
    """The time step of a valid 6-digit code, or None."""
    code = "".join(western_digits(code).split())  # ٣٤٥… typed on an Arabic keyboard
    if len(code) != 6 or not code.isascii() or not code.isdigit():
        return None
    totp = pyotp.TOTP(secret)
    step = int((time.time() if now is None else now) // TOTP_PERIOD)
    for candidate in range(step - TOTP_DRIFT_STEPS, step + TOTP_DRIFT_STEPS + 1):
        if hmac.compare_digest(totp.generate_otp(candidate), code):
            return candidate
    return None


def format_secret(secret: str) -> str:
    """The secret in groups of four, to type into an app by hand."""
    return " ".join(secret[i:i + 4] for i in range(0, len(secret), 4))


def new_recovery_codes() -> list[str]:
    return ["".join(secrets.choice(resume_codes.ALPHABET) for _ in range(RECOVERY_LENGTH))
            for _ in range(RECOVERY_CODES)]


def normalise_recovery_code(typed: str) -> str | None:
    value = resume_codes.canonical(typed)
    if len(value) != RECOVERY_LENGTH or any(ch not in resume_codes.ALPHABET for ch in value):
        return None
    return value


def display_recovery_code(code: str) -> str:
    return f"{code[:5]}-{code[5:]}"


def new_invitation_token() -> str:
    return secrets.token_urlsafe(24)  # 192 bits
