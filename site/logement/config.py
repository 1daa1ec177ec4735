"""Settings, each overridable by an environment variable LOGEMENT_<NAME>."""

import os

DEFAULTS = {
    # Empty: applications, sessions and limits in instance/logement.sqlite3 (one
    # box). postgresql://user@host/db: in PostgreSQL, shared by several app
    # servers (docs/deploy.md); the communes stay in each server's places.sqlite3.
    "DATABASE_URL": "",
    # Applications not touched for this many days are deleted by `flask purge-stale`.
    "RETENTION_DAYS": 183,
    # A session unused for this long ends (shared computers): the application
    # closes on that device and is resumed with its code.
    "SESSION_IDLE_MINUTES": 30,
    # Unknown resume codes (well formed, check symbol right) allowed per client
    # address (IPv6: per /64) at once; then one more each window / failures
    # seconds. Loose: a whole office shares one address. docs/threat-model.md.
    "RESUME_ADDRESS_FAILURES": 30,
    "RESUME_ADDRESS_WINDOW_SECONDS": 10 * 60,
    # Ceiling on unknown codes from the whole internet (1,000 a second).
    "RESUME_GLOBAL_FAILURES": 60_000,
    "RESUME_GLOBAL_WINDOW_SECONDS": 60,
    # Older 15-symbol codes (75 bits): stricter, per address and for everyone
    # together (0.2 a second), until those drafts are resumed or purged.
    "RESUME_LEGACY_ADDRESS_FAILURES": 5,
    "RESUME_LEGACY_ADDRESS_WINDOW_SECONDS": 15 * 60,
    "RESUME_LEGACY_GLOBAL_FAILURES": 60,
    "RESUME_LEGACY_GLOBAL_WINDOW_SECONDS": 5 * 60,
    # Requests larger than this are refused with a friendly page.
    "MAX_CONTENT_LENGTH": 256 * 1024,
    # Number of proxies in front of the app (for the client address); 0 when none.
    "TRUSTED_PROXIES": 0,
    "SESSION_COOKIE_SECURE": True,
}


def from_environment() -> dict:
    settings = {}
    for name, default in DEFAULTS.items():
        raw = os.environ.get(f"LOGEMENT_{name}")
        if raw is None:
            settings[name] = default
        elif isinstance(default, bool):
            settings[name] = raw.strip().lower() in ("1", "true", "yes", "oui")
        else:
            settings[name] = type(default)(raw)
    return settings
