"""What the structure's administrators do: invite and remove members, reset a second
factor, read the audit log, close the structure."""

import datetime as dt

from flask import abort, flash, g, redirect, render_template, request, url_for
from flask_babel import lazy_gettext as _l

from ... import get_store
from ...app_forms import ActionForm, small_number
from ...i18n import reset_session
from ...workspace_forms import ClosingForm
from . import bp, member_required, workspace
from . import credentials
from .auth import INVITATION_HOURS, invitation_url

LOG_PAGE_SIZE = 50
ACTIONS = {
    "signed_in": _l("connexion"),
    "shared": _l("accord enregistré"),
    "slip": _l("fiche de la personne affichée"),
    "opened": _l("demande ouverte"),
    "changed": _l("réponses modifiées"),
    "followed_up": _l("suivi modifié"),
    "printed": _l("Cerfa imprimé"),
    "printed_card": _l("carte de renouvellement affichée"),
    "exported": _l("dossier téléchargé"),
    "deleted": _l("demande supprimée"),
    "stopped": _l("partage arrêté par la personne"),
    "invited": _l("invitation créée"),
    "member_removed": _l("membre retiré"),
    "second_factor_reset": _l("second facteur réinitialisé"),
}


@bp.get("/membres")
@member_required(admin=True)
def members():
    return render_template("workspace/members.html", members=workspace().members(
        g.member.structure_id), action_form=ActionForm(), invitation_hours=INVITATION_HOURS)


@bp.post("/membres/inviter")
@member_required(admin=True)
def invite():
    if not ActionForm().validate_on_submit():
        abort(400)
    token = credentials.new_invitation_token()
    workspace().create_invitation(
        g.member.structure_id, g.member.id,
        workspace().sealer.lookup_hash("invitation", token),
        dt.timedelta(hours=INVITATION_HOURS))
    workspace().log(g.member.structure_id, g.member.id, None, "invited")
    # Shown once, in the answer to this POST: never stored, never in a log.
    return render_template("workspace/invitation.html", link=invitation_url(token),
                           invitation_hours=INVITATION_HOURS)


MEMBER_CHANGES = {
    # action in the URL: (store method, log action, message)
    "retirer": ("remove_member", "member_removed",
                _l("%(name)s n'a plus accès à l'espace de la structure.")),
    "second-facteur": ("reset_totp", "second_factor_reset",
                       _l("Le second facteur de %(name)s est réinitialisé : à sa prochaine "
                          "connexion, il ou elle en configurera un nouveau.")),
}


@bp.post("/membres/<member_id>/<change>")
@member_required(admin=True)
def change_member(member_id, change):
    """Remove another member of the administrator's own structure, or reset their second
    factor; any other member (or oneself) is not found."""
    if change not in MEMBER_CHANGES:
        abort(404)
    if not ActionForm().validate_on_submit():
        abort(400)
    member = workspace().member(member_id[:64])
    if member is None or member.id == g.member.id or \
            member.structure_id != g.member.structure_id:
        abort(404)
    method, action, message = MEMBER_CHANGES[change]
    getattr(workspace(), method)(g.member.structure_id, member.id)
    workspace().log(g.member.structure_id, g.member.id, None, action)
    flash(message % {"name": member.display_name})
    return redirect(url_for(".members"))


@bp.get("/journal")
@member_required(admin=True)
def audit_log():
    page = max(small_number(request.args.get("page")), 1)
    entries = workspace().log_entries(g.member.structure_id, LOG_PAGE_SIZE + 1,
                                      (page - 1) * LOG_PAGE_SIZE)
    names = {case.id: case.name for case in workspace().cases(g.member.structure_id)}
    return render_template("workspace/audit_log.html", entries=entries[:LOG_PAGE_SIZE],
                           names=names, actions=ACTIONS, page=page,
                           more=len(entries) > LOG_PAGE_SIZE)


@bp.route("/fermer", methods=["GET", "POST"])
@member_required(admin=True)
def close():
    form = ClosingForm()
    if not form.validate_on_submit():
        return render_template("workspace/close.html", form=form, page=form.page,
                               structure=g.structure), 400 if form.errors else 200
    shared = workspace().close_structure(g.member.structure_id)
    if form.answers()["closing"] == "supprimer":
        for application_id in shared:
            if not workspace().structures_sharing(application_id):  # no other structure's
                get_store().delete(application_id)
        message = _l("La structure est fermée et ses %(count)s demandes partagées sont "
                     "supprimées.", count=len(shared))
    else:
        message = _l("La structure est fermée. Les %(count)s demandes partagées restent aux "
                     "personnes, avec leur code de reprise.", count=len(shared))
    reset_session()
    flash(message)
    return redirect(url_for(".index"))
