"""Security headers, friendly error pages and logs without personal data."""

import logging
import re
import traceback

from flask import abort, render_template, request
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

log = logging.getLogger("logement")

CONTENT_SECURITY_POLICY = "; ".join((
    "default-src 'none'",
    "style-src 'self'",
    "img-src 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    "base-uri 'none'",
))

HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    # same-origin, not no-referrer: Flask-WTF checks the Referer of POSTs over HTTPS.
    "Referrer-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=()",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cross-Origin-Resource-Policy": "same-origin",
}

ERROR_PAGES = {
    400: (_l("La demande envoyée n'a pas pu être lue"),
          _l("Le formulaire envoyé était incomplet ou abîmé. Revenez à la page précédente et "
             "envoyez-le à nouveau.")),
    404: (_l("Page introuvable"),
          _l("Si vous avez tapé l'adresse, vérifiez-la. Si vous avez suivi un lien, il est "
             "peut-être périmé.")),
    405: (_l("Page introuvable"),
          _l("Cette page ne peut pas être ouverte de cette façon. Revenez à l'accueil.")),
    415: (_l("La demande envoyée n'a pas pu être lue"),
          _l("Ce site ne lit que les formulaires de ses pages. Revenez à la page précédente et "
             "envoyez-la à nouveau.")),
    413: (_l("Votre envoi est trop volumineux"),
          _l("Le texte envoyé dépasse la taille acceptée. Revenez à la page précédente, "
             "raccourcissez vos réponses et envoyez-les à nouveau.")),
    429: (_l("Trop de demandes"),
          _l("Attendez quelques minutes avant de réessayer.")),
    500: (_l("Désolé, une erreur s'est produite"),
          _l("Les réponses déjà enregistrées sont conservées. Réessayez dans quelques "
             "minutes ; si le problème continue, reprenez votre demande avec votre code.")),
}


# A host name as browsers send it: ASCII labels of 1 to 63 characters (IDNA
# names come as punycode), or an IPv6 address in brackets, and maybe a port.
_LABEL = r"(?!-)[A-Za-z0-9-]{1,63}(?<!-)"
_HOST = re.compile(rf"(?:{_LABEL}(?:\.{_LABEL})*\.?|\[[0-9A-Fa-f:.]{{2,45}}\])(?::[0-9]{{1,5}})?")
BAD_HOST = "logement.bad_host"
FORM_TYPES = {"application/x-www-form-urlencoded", "multipart/form-data"}


class HostCheck:
    """WSGI middleware: a Host header that cannot be a host name is replaced
    before Flask builds its URL adapter (else even the error page fails), and
    the request is answered with the friendly 400 page."""

    def __init__(self, wsgi_app):
        self.wsgi_app = wsgi_app

    def __call__(self, environ, start_response):
        host = environ.get("HTTP_HOST")
        if host is not None and (len(host) > 260 or not _HOST.fullmatch(host)):
            environ["HTTP_HOST"] = "localhost"
            environ[BAD_HOST] = True
        return self.wsgi_app(environ, start_response)


def _check_request():
    """Odd requests get a friendly 4xx page, not a crash in a view."""
    if request.environ.get(BAD_HOST):
        abort(400)
    if request.method == "POST" and request.mimetype and request.mimetype not in FORM_TYPES:
        abort(415)  # JSON or anything else: the forms read only form bodies


def init_app(app):
    """Call before CSRFProtect, so that odd requests are refused first."""
    app.wsgi_app = HostCheck(app.wsgi_app)
    app.before_request(_check_request)
    app.after_request(_add_headers)

    @app.errorhandler(CSRFError)
    def csrf_error(_error):
        return render_template(
            "errors/error.html", title=_l("Cette page a expiré"),
            message=_l("Pour protéger vos données, les formulaires expirent quand le navigateur "
                       "est fermé ou que les cookies sont effacés. Les réponses déjà enregistrées "
                       "sont conservées : reprenez votre demande avec votre code.")), 400

    @app.errorhandler(HTTPException)
    def http_error(error):
        title, message = ERROR_PAGES.get(error.code, ERROR_PAGES[400])
        return render_template("errors/error.html", title=title, message=message), error.code

    @app.errorhandler(Exception)
    def unexpected_error(error):
        log_without_values(error)
        title, message = ERROR_PAGES[500]
        return render_template("errors/error.html", title=title, message=message), 500


def _add_headers(response):
    for name, value in HEADERS.items():
        response.headers.setdefault(name, value)
    if response.mimetype == "application/pdf":
        # Browsers' PDF viewers run under the document's CSP: keep it for HTML only.
        del response.headers["Content-Security-Policy"]
    if request.is_secure:
        response.headers.setdefault("Strict-Transport-Security", "max-age=31536000")
    if not request.path.startswith("/static/"):
        # Pages may show personal data: no shared or back-button cache.
        response.headers.setdefault("Cache-Control", "no-store")
    return response


def log_without_values(error: BaseException):
    """Log where an error happened, never its message (it may quote what was typed)."""
    frames = traceback.extract_tb(error.__traceback__)
    where = " <- ".join(f"{f.filename.rsplit('/', 1)[-1]}:{f.lineno} {f.name}"
                        for f in reversed(frames[-6:]))
    log.error("unexpected %s on %s %s at %s", type(error).__name__, request.method,
              request.path, where)
