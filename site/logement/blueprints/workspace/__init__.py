"""The workspace of structures (CCAS/CIAS, approved associations, social services) that
help many people prepare and renew their application: members with a second factor,
each application shared with the person's recorded consent, the list that replaces
the paper notebook, an audit log. See docs/structures.md."""

import datetime as dt
import time
from functools import wraps
from zoneinfo import ZoneInfo

from babel.dates import format_datetime
from flask import Blueprint, abort, current_app, flash, g, redirect, request, session, url_for
from flask_babel import format_date, get_locale
from flask_babel import lazy_gettext as _l

from ... import get_store
from ...storage.workspace import WorkspaceStore

bp = Blueprint("workspace", __name__, url_prefix="/structure")

MEMBER = "ws_member"  # the signed-in member's id
SEEN = "ws_seen"  # when the member last did something (seconds since the epoch)
CASE = "ws_case"  # the case whose application the member opened (application_id is set too)
PENDING = "ws_pending"  # (member id, time): password right, second factor to come
SETUP = "ws_setup"  # (member id, time): may set up the second factor
TOTP_DRAFT = "ws_totp_draft"  # the secret being set up, sealed
MEMBER_KEYS = (MEMBER, SEEN, CASE, PENDING, SETUP, TOTP_DRAFT)

# A shared office computer: a member's session ends after 20 minutes without a click,
# whatever the site-wide idle limit.
IDLE_SECONDS = 20 * 60
STEP_SECONDS = 10 * 60  # between the password and the second factor
PARIS = ZoneInfo("Europe/Paris")  # the log's times


def workspace() -> WorkspaceStore:
    if "workspace" not in g:
        store = get_store()
        g.workspace = WorkspaceStore(store.db, store.sealer)
    return g.workspace


@bp.record_once
def _migrate(state):
    from ... import open_store

    store = open_store(state.app)
    WorkspaceStore(store.db, store.sealer).migrate()
    store.close()


def idle_seconds() -> int:
    return current_app.config.get("WORKSPACE_IDLE_SECONDS", IDLE_SECONDS)


def end_member_session():
    """Forget the member and any application they had open; the language stays."""
    if session.get(CASE):
        session.pop("application_id", None)
    for key in MEMBER_KEYS:
        session.pop(key, None)


def close_opened_application() -> bool:
    """A member closing the application they opened: it closes and they stay signed in
    to the workspace. False when no member opened it (the person's own close)."""
    if not (session.get(CASE) and current_member()):
        return False
    session.pop(CASE, None)
    session.pop("application_id", None)
    return True


def current_member():
    """The signed-in member of an open structure, or None (the session then ends)."""
    if "member" in g:
        return g.member
    g.member = g.structure = None
    member_id = session.get(MEMBER)
    if member_id:
        member = workspace().member(member_id)
        structure = workspace().structure(member.structure_id) if member else None
        if member is None or structure is None or not structure.is_open or not member.has_totp:
            end_member_session()
        else:
            g.member, g.structure = member, structure
    return g.member


@bp.before_app_request
def _guard():
    """Every request: end an idle member session, and close an application opened by a
    member as soon as the structure loses access to it (sharing stopped, consent over,
    member removed, structure closed)."""
    if request.endpoint == "static" or not (session.get(MEMBER) or session.get(CASE)):
        return
    now = time.time()
    if session.get(MEMBER) and now - session.get(SEEN, 0) > idle_seconds():
        end_member_session()
        flash(_l("Votre session de membre a pris fin après %(minutes)s minutes sans activité. "
                 "Connectez-vous à nouveau.", minutes=idle_seconds() // 60))
        return
    member = current_member()
    if member is not None and now - session.get(SEEN, 0) > 30:
        session[SEEN] = now  # written at most every 30 seconds
    case_id = session.get(CASE)
    if not case_id:
        return
    case = workspace().case(member.structure_id, case_id) if member else None
    from .cases import today

    if case is None or not case.consent_valid(today()) or \
            case.application_id != session.get("application_id"):
        session.pop(CASE, None)
        if case is None or case.application_id == session.get("application_id"):
            session.pop("application_id", None)
        return
    g.audited_case = (member, case)


@bp.after_app_request
def _audit(response):
    """What a member did inside an application they opened, once it was done."""
    if "audited_case" in g:
        _log_application_use(*g.audited_case, response.status_code)
    return response


AUDITED_ENDPOINTS = {
    "application.cerfa_pdf": "printed",
    "application.download_dossier": "exported",
}
CHANGING_BLUEPRINTS = {"application", "people", "locations"}


def _log_application_use(member, case, status):
    """Printed and exported when the file was sent; changed and deleted when the page
    saved and moved on (a form shown again with errors changed nothing)."""
    action = AUDITED_ENDPOINTS.get(request.endpoint) if status == 200 else None
    if request.method == "POST" and 300 <= status < 400:
        if request.endpoint == "application.delete":
            action = "deleted"
        elif request.blueprint in CHANGING_BLUEPRINTS:
            action = "changed"
    if action:
        workspace().log(member.structure_id, member.id, case.id, action)


def member_required(view=None, *, admin=False):
    """Signed in with both factors; `admin` for the structure's administrators."""
    def decorate(view):
        @wraps(view)
        def wrapped(*args, **kwargs):
            member = current_member()
            if member is None:
                flash(_l("Connectez-vous pour accéder à l'espace de votre structure."))
                return redirect(url_for("workspace.sign_in"))
            if admin and not member.is_admin:
                abort(403)
            return view(*args, **kwargs)
        return wrapped
    return decorate(view) if view else decorate


@bp.app_template_filter("iso_long_date")
def iso_long_date(value: str) -> str:
    return format_date(dt.date.fromisoformat(value[:10]), format="long")


@bp.app_template_filter("iso_date_time")
def iso_date_time(value: str) -> str:
    """A UTC time stamp as the reader's date and time (Paris time)."""
    return format_datetime(dt.datetime.fromisoformat(value), format="short", tzinfo=PARIS,
                           locale=get_locale())


@bp.app_context_processor
def _member_signed_in():
    return {"member_signed_in": bool(session.get(MEMBER))}


from . import admin, auth, cases, person  # noqa: E402,F401  (routes)
