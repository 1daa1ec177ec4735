"""The site's languages: French (the source, and the language of the Cerfa), English
and Arabic (right to left). Chosen with plain links, kept in the session; the
browser's Accept-Language sets the first choice."""

from urllib.parse import urlsplit

from babel import Locale
from flask import Blueprint, g, has_request_context, redirect, request, session
from flask_babel import force_locale, get_locale, get_translations, gettext
from flask_babel.speaklater import LazyString
from markupsafe import Markup, escape

from forms.cerfa import is_box_code
from forms.kinds import money

from . import typography

# The one list of languages (code: its name in itself). The tests, the benches and the
# language links read it; a language listed here needs its catalog, fully translated
# (tests/test_translations.py), and docs/maintaining.md says how to add one.
LANGUAGES = {"fr": "Français", "en": "English", "ar": "العربية"}
# Formats by region where the language's default region is not the readers' one:
# English dates as "29 February 2024", 24-hour times.
LOCALES = {"en": "en_GB"}
DEFAULT = "fr"
SESSION_KEY = "lang"

bp = Blueprint("i18n", __name__)


def select_locale() -> str:
    if not has_request_context():  # the command line speaks French
        return DEFAULT
    chosen = session.get(SESSION_KEY)
    if chosen not in LANGUAGES:
        chosen = _first_accepted()
    return LOCALES.get(chosen, chosen)


def _first_accepted() -> str:
    """The browser's first language we have, regional variants included (fr-BE is fr)."""
    for tag, _quality in request.accept_languages:  # best first
        language = tag.replace("_", "-").split("-")[0].lower()
        if language in LANGUAGES:
            return language
    return DEFAULT


def current() -> str:
    """The language of the page: fr, en or ar."""
    locale = get_locale()
    return locale.language if locale else DEFAULT


def _locale() -> Locale:
    return get_locale() or Locale.parse(DEFAULT)


def direction() -> str:
    return "rtl" if _locale().character_order == "right-to-left" else "ltr"


def french(text) -> str:
    """A (lazy) string as the French Cerfa words it."""
    if isinstance(text, str):  # already French (views_helpers resolves them in one go)
        return text
    with force_locale("fr"):
        return str(text)


def translations():
    """Flask-Babel's get_translations(), kept while the request's locale and domain stay
    the same objects (force_locale puts another locale, then the first back). Flask-Babel
    looks both up through Flask's proxies for each string, 18 µs, some twenty times a
    page; it keeps them in g._flask_babel, and anything else found there is not reused."""
    state = g.get("_flask_babel") if g else None
    kept = getattr(state, "logement_translations", None)
    if kept and kept[0] is getattr(state, "babel_locale", None) \
            and kept[1] is getattr(state, "babel_domain", None):
        return kept[2]
    found = get_translations()
    state = g.get("_flask_babel") if g else None
    locale, domain = getattr(state, "babel_locale", None), getattr(state, "babel_domain", None)
    if locale is not None and domain is not None:
        state.logement_translations = locale, domain, found
    return found


def _safe_next(target: str) -> str:
    """Only a path of this site: never another host (open redirect)."""
    parts = urlsplit(target or "/")
    if parts.scheme or parts.netloc or not parts.path.startswith("/") \
            or parts.path.startswith("//") or "\\" in target:
        return "/"
    return parts.path + (f"?{parts.query}" if parts.query else "")


@bp.get("/langue/<code>")
def switch(code):
    if code in LANGUAGES:
        session[SESSION_KEY] = code
    return redirect(_safe_next(request.args.get("suivant", "/")))


def _translated(message: LazyString, values: dict):
    if message._func is gettext:  # most of them: Domain.gettext through the kept catalog
        text = translations().ugettext(*message._args)
        return text % values if values else text
    return message._func(*message._args, **values)


def _message_html(message: LazyString) -> Markup:
    """A translated message shown in a page (or flashed): its own words and markup
    kept, the values put into it escaped. Flask-Babel marks the whole message safe,
    values included: a commune typed in a search box, or a name read from a dossier
    file, would otherwise reach the page as HTML."""
    values = {name: value if isinstance(value, (int, float)) else escape(value)
              for name, value in message._kwargs.items()}
    return Markup(_translated(message, values))


def _message_text(message: LazyString) -> str:
    """A lazy message as text (labels, choices…): Flask-Babel looked up the locale and
    catalog through Flask's proxies for each, some 250 times on a household's answers."""
    return str(_translated(message, message._kwargs))


def init_app(app):
    LazyString.__html__ = _message_html
    LazyString.__str__ = _message_text
    app.register_blueprint(bp)

    @app.context_processor
    def language():
        return {"page_language": current(), "page_direction": direction(),
                "languages": LANGUAGES}

    app.jinja_env.globals.update(french=french, current_language=current)
    # Flask-Babel's own callables, reading the catalog through translations().
    app.jinja_env.install_gettext_callables(
        gettext=lambda s: translations().ugettext(s),
        ngettext=lambda s, p, n: translations().ungettext(s, p, n),
        pgettext=lambda c, s: translations().upgettext(c, s),
        npgettext=lambda c, s, p, n: translations().unpgettext(c, s, p, n),
        newstyle=True)
    app.jinja_env.filters["money"] = money
    app.jinja_env.filters["finish_text"] = typography.finish
    app.jinja_env.tests["box_code"] = is_box_code


def reset_session():
    """A new session (new application, closed, deleted) that keeps the chosen language."""
    language = session.get(SESSION_KEY)
    session.clear()
    if language in LANGUAGES:
        session[SESSION_KEY] = language
