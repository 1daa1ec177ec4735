"""Web application: prepare a demande de logement social (Cerfa n°14069)."""

import fcntl
import os
import threading
from contextlib import contextmanager
from pathlib import Path

from flask import Flask, g
from flask_babel import Babel
from flask_wtf.csrf import CSRFProtect
from werkzeug.middleware.proxy_fix import ProxyFix

from . import config, i18n, security
from .crypto import Sealer, load_or_create_key
from .sessions import ServerSessionInterface
from .storage import PlacesStore, Store
from .storage.db import private_dir

REPO_ROOT = Path(__file__).resolve().parents[2]
TRANSLATIONS = REPO_ROOT / "translations"


def create_app(overrides: dict | None = None) -> Flask:
    # Files this process creates (databases, keys, logs, PDFs) are its owner's only.
    os.umask(os.umask(0) | 0o077)
    instance_path = os.environ.get("LOGEMENT_INSTANCE_PATH") or str(REPO_ROOT / "instance")
    app = Flask(__name__, instance_path=instance_path, instance_relative_config=True)
    app.config.update(
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_NAME="logement_session",
        BABEL_DEFAULT_LOCALE="fr",
        BABEL_TRANSLATION_DIRECTORIES=str(TRANSLATIONS),
        WTF_CSRF_TIME_LIMIT=None,  # the token lives as long as the session cookie
        MAX_FORM_MEMORY_SIZE=64 * 1024,
        DATABASE=str(Path(instance_path) / "logement.sqlite3"),
        PLACES_DATABASE=str(Path(instance_path) / "places.sqlite3"),
        DATA_CACHE=str(Path(instance_path) / "cache"),
    )
    app.config.update(config.from_environment())
    app.config.update(overrides or {})

    instance = Path(app.instance_path)
    private_dir(instance)
    os.chmod(instance, 0o700)
    app.secret_key = load_or_create_key(os.environ.get("LOGEMENT_SECRET_KEY"),
                                        instance / "secret.key")
    data_key = load_or_create_key(os.environ.get("LOGEMENT_DATA_KEY"), instance / "data.key")
    app.extensions["logement.sealer"] = Sealer(data_key)

    security.init_app(app)  # before CSRFProtect: odd requests are refused first
    if app.config["TRUSTED_PROXIES"]:
        n = app.config["TRUSTED_PROXIES"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=n, x_proto=n, x_host=n)

    # Only a random id in the cookie; the session itself is sealed in the database.
    app.session_interface = ServerSessionInterface()
    Babel(app, locale_selector=i18n.select_locale)
    # Every POST needs a valid token; question pages check it in their form so
    # that a stale token shows the typed answers again instead of an error page.
    CSRFProtect(app)

    with _migration_lock(instance):
        for opened in (open_store(app), open_places(app)):
            opened.migrate()
            opened.close()

    from .blueprints import application, counters, home, locations, next_steps, people, workspace

    app.register_blueprint(home.bp)
    app.register_blueprint(application.bp)
    app.register_blueprint(locations.bp)
    app.register_blueprint(people.bp)
    app.register_blueprint(counters.bp)
    app.register_blueprint(next_steps.bp)
    app.register_blueprint(workspace.bp)
    from . import cli, views_helpers

    cli.init_app(app)
    i18n.init_app(app)
    views_helpers.init_app(app)
    app.teardown_appcontext(_close_store)
    return app


@contextmanager
def _migration_lock(instance: Path):
    """Workers starting together migrate one after the other (a fresh instance
    would otherwise see "database is locked" while another creates the tables)."""
    with open(instance / ".migrate.lock", "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def open_store(app: Flask, kept: bool = False) -> Store:
    """PostgreSQL when LOGEMENT_DATABASE_URL names one, else the SQLite file."""
    if app.config["DATABASE_URL"]:
        return Store(app.config["DATABASE_URL"], app.extensions["logement.sealer"])
    Path(app.config["DATABASE"]).parent.mkdir(parents=True, exist_ok=True)
    return Store(app.config["DATABASE"], app.extensions["logement.sealer"], kept=kept)


def open_places(app: Flask) -> PlacesStore:
    Path(app.config["PLACES_DATABASE"]).parent.mkdir(parents=True, exist_ok=True)
    return PlacesStore(app.config["PLACES_DATABASE"])


def get_store() -> Store:
    from flask import current_app

    if "store" not in g:
        g.store = open_store(current_app, kept=True)
    return g.store


def get_places() -> PlacesStore:
    """The public places, opened read-only once per worker (thread) and kept open."""
    from flask import current_app

    kept = current_app.extensions.setdefault("logement.places", threading.local())
    path = current_app.config["PLACES_DATABASE"]
    if getattr(kept, "opened", None) != (path, os.getpid()):
        kept.places, kept.opened = PlacesStore(path, read_only=True), (path, os.getpid())
    return kept.places


def _close_store(_exc):
    opened = g.pop("store", None)
    if opened is not None:
        opened.close()
