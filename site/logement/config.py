"""Settings, each overridable by an environment variable LOGEMENT_<NAME>."""

import os

DEFAULTS = {
    # Applications not touched for this many days are deleted by `flask purge-stale`.
    "RETENTION_DAYS": 183,
    # Wrong resume codes allowed per client within the window, before a pause.
    "RESUME_MAX_FAILURES": 5,
    "RESUME_WINDOW_SECONDS": 15 * 60,
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
