"""The structure's applications: consent, the printable slip, the list that replaces
the paper notebook, and what can be done from it (open, print, export, delete)."""

import datetime as dt
import json
from dataclasses import dataclass

from flask import (abort, flash, g, redirect, render_template, request, session, url_for)
from flask_babel import lazy_gettext as _l

from forms import active_answers, dossier, editions
from forms.renewal import Renewal, add_months, renewal

from ... import get_store, limits, pdf, progress, resume_codes
from ...app_forms import ActionForm, small_number
from ...storage.workspace import Case
from ...views_helpers import personal_file
from ...workspace_forms import CONSENT_PURPOSE, ConsentForm, FollowUpForm, RenewConsentForm
from ..home import _resume_budgets
from . import CASE, bp, member_required, workspace

PAGE_SIZE = 25
DOMICILIATION_MONTHS = 12  # an élection de domicile lasts one year
CONTACT_MONTHS = 3  # without contact for three months, it may be ended
ATTACH_BY_MEMBER = limits.Limit("workspace-attach-code", failures=10, window=3600)
# Pages a domiciled person's pre-filled answers complete.
DOMICILED_PAGES = ["ou-vivez-vous", "domiciliation"]


def today() -> dt.date:
    return dt.date.today()


@dataclass
class Row:
    """One line of the notebook: the case, its application and its dates."""

    case: Case
    tasks_done: int
    tasks: int
    updated_on: dt.date
    renewal: Renewal | None
    domiciliation_ends: dt.date | None

    def renew_this_month(self, day: dt.date) -> bool:
        if self.renewal is None or self.renewal.lapsed(day):
            return False
        month_end = add_months(day.replace(day=1), 1) - dt.timedelta(days=1)
        return self.renewal.renew_from <= month_end

    def domiciliation_ending(self, day: dt.date) -> bool:
        return self.domiciliation_ends is not None and \
            day >= add_months(self.domiciliation_ends, -1)

    def contact_old(self, day: dt.date) -> bool:
        contact = self.case.last_contact_on
        return contact is not None and day > add_months(contact, CONTACT_MONTHS)


VIEWS = {
    "toutes": (_l("Toutes"), lambda row, day: True),
    "a-renouveler": (_l("À renouveler ce mois-ci"), Row.renew_this_month),
    "domiciliation": (_l("Domiciliation qui se termine"),
                      lambda row, day: row.domiciliation_ending(day) or row.contact_old(day)),
    "non-deposees": (_l("Pas encore déposées"), lambda row, day: row.case.filed_on is None),
}


def _rows(structure_id) -> list[Row]:
    rows = []
    for case in workspace().cases(structure_id):
        application = get_store().get(case.application_id)
        if application is None:  # deleted by the person, or by the retention purge
            workspace().end_case(structure_id, case.id)
            continue
        statuses = [status for _task, _page, status in progress.task_rows(application)]
        rows.append(Row(
            case, statuses.count(progress.DONE), len(statuses),
            dt.date.fromisoformat(application.updated_at[:10]),
            renewal(case.filed_on) if case.filed_on else None,
            add_months(case.domiciled_since, DOMICILIATION_MONTHS)
            if case.domiciled_since else None))
    return rows


@bp.get("/demandes")
@member_required
def applications():
    view = request.args.get("vue", "toutes")
    if view not in VIEWS:
        view = "toutes"
    day = today()
    shown = [row for row in _rows(g.member.structure_id) if VIEWS[view][1](row, day)]
    pages = max(1, -(-len(shown) // PAGE_SIZE))
    page = min(max(small_number(request.args.get("page")), 1), pages)
    return render_template("workspace/list.html", rows=shown[(page - 1) * PAGE_SIZE:
                                                             page * PAGE_SIZE],
                           views=VIEWS, view=view, page=page, pages=pages, today=day,
                           count=len(shown), sign_out_form=ActionForm())


def _case_or_404(case_id, consent=True) -> Case:
    """A case of the member's own structure; with `consent`, only while it is valid.
    Another structure's id, a stopped share or a guessed id: 404, nothing said."""
    case = workspace().case(g.member.structure_id, case_id[:64])
    if case is None:
        abort(404)
    if consent and not case.consent_valid(today()):
        flash(_l("L'accord de la personne a pris fin : renouvelez-le avec elle avant de "
                 "continuer."))
        abort(redirect(url_for(".case", case_id=case.id)))
    return case


def _application(case):
    application = get_store().get(case.application_id)
    if application is None:
        workspace().end_case(case.structure_id, case.id)
        abort(404)
    return application


def _log(case, action):
    workspace().log(g.member.structure_id, g.member.id, case.id if case else None, action)


@bp.route("/demandes/nouvelle", methods=["GET", "POST"])
@member_required
def new_application():
    form = ConsentForm()
    if not form.validate_on_submit():
        return _consent_page(form)
    answers = form.answers()
    store = get_store()
    if form.code_kind is not None:
        application, status = _attach(form)
        if application is None:
            return _consent_page(form, status)
    elif answers["domiciled"] == "oui":
        application = store.create(editions.CURRENT.code,
                                   answers=_domiciliation_answers(g.structure),
                                   done=DOMICILED_PAGES)
    else:
        application = store.create(editions.CURRENT.code)
    day = today()
    case_id = workspace().create_case(
        g.member.structure_id, application.id, g.member.id, answers["person_name"], day,
        add_months(day, int(answers["consent_months"])), CONSENT_PURPOSE)
    workspace().log(g.member.structure_id, g.member.id, case_id, "shared")
    return redirect(url_for(".slip", case_id=case_id))


def _attach(form):
    """The application of the code the person gave, counted like codes typed to resume
    (same budgets, plus one per member); (None, status) with the error on the form."""
    budgets = _resume_budgets(form.code_kind is resume_codes.Kind.LEGACY) + \
        [(ATTACH_BY_MEMBER, g.member.id)]
    if max(limits.wait_seconds(limit, key) for limit, key in budgets):
        form["existing_code"].errors.append(_l("Trop de codes erronés ont été saisis : "
                                                "attendez quelques minutes avant de réessayer"))
        return None, 429
    application = get_store().find_by_code(form.normalised_code)
    if application is None:
        for limit, key in budgets:
            limits.record_failure(limit, key)
        form["existing_code"].errors.append(
            _l("Aucune demande ne correspond à ce code : vérifiez-le avec la personne"))
        return None, 400
    if workspace().shared_with(g.member.structure_id, application.id):
        form["existing_code"].errors.append(_l("Cette demande est déjà dans votre liste"))
        return None, 400
    if form.code_kind is resume_codes.Kind.LEGACY:  # as when resuming: a long code now
        application = get_store().replace_code(application.id)
    return application, 200


def _consent_page(form, status=None):
    return render_template("workspace/consent.html", form=form, page=form.page,
                           structure=g.structure), status or (400 if form.errors else 200)


def _domiciliation_answers(structure) -> dict:
    """A domiciled person's mail address: the structure's, as the Cerfa's page 1 wants it."""
    return {"living_situation": "domicilie", "mail_recipient": structure.name,
            **structure.address}


@bp.get("/demandes/<case_id>/fiche")
@member_required
def slip(case_id):
    case = _case_or_404(case_id)
    application = _application(case)
    _log(case, "slip")
    return render_template("workspace/slip.html", case=case, code=application.code,
                           structure=g.structure, open_form=ActionForm())


@bp.get("/demandes/<case_id>")
@member_required
def case(case_id):
    return _case_page(_case_or_404(case_id, consent=False))


def _case_page(case, follow_up=None, consent=None, status=200):
    return render_template(
        "workspace/case.html", case=case, day=today(),
        consents=workspace().consents(case.id),
        follow_up=follow_up or FollowUpForm(formdata=None, data=_follow_up_data(case)),
        consent=consent or RenewConsentForm(formdata=None),
        action_form=ActionForm(), renewal=renewal(case.filed_on) if case.filed_on else None,
        follow_up_page=FollowUpForm.page, consent_page=RenewConsentForm.page), status


def _follow_up_data(case):
    return {"registration_number": case.registration_number,
            **{name: getattr(case, name).isoformat() if getattr(case, name) else None
               for name in ("filed_on", "domiciled_since", "last_contact_on")}}


@bp.post("/demandes/<case_id>/suivi")
@member_required
def follow_up(case_id):
    case = _case_or_404(case_id)
    form = FollowUpForm()
    if not form.validate_on_submit():
        return _case_page(case, follow_up=form, status=400)
    answers = form.answers()
    dates = {name: dt.date.fromisoformat(answers[name]) if answers[name] else None
             for name in ("filed_on", "domiciled_since", "last_contact_on")}
    workspace().update_follow_up(case.structure_id, case.id, answers["registration_number"],
                                 **dates)
    _log(case, "followed_up")
    flash(_l("Le suivi de la demande est enregistré."))
    return redirect(url_for(".case", case_id=case.id))


@bp.post("/demandes/<case_id>/accord")
@member_required
def renew_consent(case_id):
    case = _case_or_404(case_id, consent=False)
    form = RenewConsentForm()
    if not form.validate_on_submit():
        return _case_page(case, consent=form, status=400)
    day = today()
    until = add_months(day, int(form.answers()["consent_months"]))
    workspace().renew_consent(case.structure_id, case.id, g.member.id, day, until,
                              CONSENT_PURPOSE)
    _log(case, "shared")
    flash(_l("L'accord est renouvelé."))
    return redirect(url_for(".case", case_id=case.id))


OPEN_TARGETS = {"prochaines-etapes": "next_steps.next_steps"}


@bp.post("/demandes/<case_id>/ouvrir")
@member_required
def open_application(case_id):
    """Open the person's application in this session, as the person would with their
    code; the guard closes it as soon as the structure loses access."""
    case = _case_or_404(case_id)
    if not ActionForm().validate_on_submit():
        abort(400)
    _application(case)
    session["application_id"] = case.application_id
    session[CASE] = case.id
    _log(case, "opened")
    return redirect(url_for(OPEN_TARGETS.get(request.args.get("vers"), "application.tasks")))


@bp.get("/demandes/<case_id>/cerfa.pdf")
@member_required
def cerfa(case_id):
    case = _case_or_404(case_id)
    application = _application(case)
    _log(case, "printed")
    return personal_file(pdf.render(active_answers(application.answers)), "application/pdf",
                         "demande-logement-social-cerfa-14069.pdf", inline=True)


@bp.get("/demandes/<case_id>/dossier.json")
@member_required
def dossier_file(case_id):
    case = _case_or_404(case_id)
    application = _application(case)
    _log(case, "exported")
    body = json.dumps(dossier.dump(active_answers(application.answers)), ensure_ascii=False,
                      indent=1)
    return personal_file(body, "application/json; charset=utf-8", "demande-logement-social.json")


@bp.get("/demandes/<case_id>/carte")
@member_required
def renewal_card(case_id):
    from ..next_steps import RenewalForm

    case = _case_or_404(case_id)
    if not (case.filed_on and case.registration_number):
        flash(_l("Saisissez d'abord le numéro unique et la date de dépôt dans le suivi."))
        return redirect(url_for(".case", case_id=case.id))
    _log(case, "printed_card")
    form = RenewalForm(formdata=None, data={"registration_number": case.registration_number,
                                            "filing_date": case.filed_on.isoformat()})
    return render_template("pages/renewal_card.html", number=case.registration_number,
                           dates=renewal(case.filed_on), today=today(), form=form)


@bp.route("/demandes/<case_id>/supprimer", methods=["GET", "POST"])
@member_required
def delete(case_id):
    case = _case_or_404(case_id)
    form = ActionForm()
    if form.validate_on_submit():
        get_store().delete(case.application_id)
        workspace().end_case(case.structure_id, case.id)
        _log(case, "deleted")
        if session.get(CASE) == case.id:
            session.pop(CASE, None)
            session.pop("application_id", None)
        flash(_l("La demande de %(name)s et toutes ses réponses ont été supprimées.",
                 name=case.name))
        return redirect(url_for(".applications"))
    return render_template("workspace/delete.html", case=case, form=form)
