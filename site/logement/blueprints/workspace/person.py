"""The person's side: which structures their application is shared with, and stopping
that sharing at any time with their own code (the structure loses access at once)."""

from flask import flash, redirect, render_template, session, url_for
from flask_babel import lazy_gettext as _l

from ... import get_store
from ...app_forms import ActionForm
from . import CASE, MEMBER, bp, workspace


def _own_application():
    """The application this person opened with their code (not one a member opened)."""
    if session.get(CASE) or session.get(MEMBER):
        return None
    return get_store().get(session.get("application_id"))


def shared_with_structures() -> bool:
    """Whether the application this person opened with their code is shared (their task
    list then shows how to stop it)."""
    application = _own_application()
    return bool(application and workspace().structures_sharing(application.id))


@bp.get("/partage")
def sharing():
    application = _own_application()
    return render_template("workspace/sharing.html", application=application,
                           structures=workspace().structures_sharing(application.id)
                           if application else [], form=ActionForm())


@bp.post("/partage")
def stop_sharing():
    application = _own_application()
    if application is None or not ActionForm().validate_on_submit():
        return redirect(url_for(".sharing"))
    for structure_id, case_id in workspace().stop_sharing(application.id):
        workspace().log(structure_id, None, case_id, "stopped")
    flash(_l("Le partage est arrêté : la structure n'a plus accès à votre demande. Vous pouvez "
             "la continuer seul avec votre code."))
    return redirect(url_for(".sharing"))
