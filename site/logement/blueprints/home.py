"""Home page, starting and resuming an application, and the data page."""

import math

from flask import Blueprint, current_app, flash, redirect, render_template, request, session, url_for
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext

from forms import active_pages, dossier, editions

from .. import get_places, get_store, limits, resume_codes
from ..app_forms import ActionForm, DossierUploadForm, ResumeForm
from ..i18n import reset_session
from .workspace import idle_seconds

bp = Blueprint("home", __name__)


@bp.get("/")
def index():
    return render_template("pages/index.html", start_form=ActionForm())


@bp.post("/commencer")
def start():
    if not ActionForm().validate_on_submit():
        return redirect(url_for(".index"))
    application = get_store().create(editions.CURRENT.code)
    reset_session()
    session["application_id"] = application.id
    return redirect(url_for("application.resume_code", debut=1))


@bp.route("/reprendre", methods=["GET", "POST"])
def resume():
    form = ResumeForm()
    if not form.validate_on_submit():  # typos and malformed codes: never counted
        return render_template("pages/resume.html", form=form), 200
    legacy = form.code_kind is resume_codes.Kind.LEGACY
    budgets = _resume_budgets(legacy)
    wait = max(limits.wait_seconds(limit, key) for limit, key in budgets)
    if wait > 0:
        form.code.errors.append(_wait_message(wait))
        return render_template("pages/resume.html", form=form), 429
    store = get_store()
    application = store.find_by_code(form.normalised_code)
    if application is None:
        for limit, key in budgets:
            limits.record_failure(limit, key)
        form.code.errors.append(_l(
            "Aucune demande ne correspond à ce code. Vérifiez-le sur la page où vous l'avez "
            "noté"))
        return render_template("pages/resume.html", form=form), 200
    reset_session()
    session["application_id"] = application.id
    if legacy:  # a draft from before the long codes: it gets one now
        store.replace_code(application.id)
        flash(_l("Votre demande est ouverte. Elle a maintenant un nouveau code de reprise, "
                 "plus long et plus sûr : notez-le, l'ancien ne fonctionne plus."))
        return redirect(url_for("application.resume_code"))
    flash(_l("Votre demande est ouverte : vous pouvez continuer."))
    return redirect(url_for("application.tasks"))


def _resume_budgets(legacy: bool) -> list:
    """(limit, key) pairs an unknown code counts against (docs/threat-model.md)."""
    config = current_app.config
    prefix = "RESUME_LEGACY_" if legacy else "RESUME_"
    kind = "resume-legacy" if legacy else "resume"

    def limit(scope):
        return limits.Limit(f"{kind}-{scope.lower()}", config[f"{prefix}{scope}_FAILURES"],
                            config[f"{prefix}{scope}_WINDOW_SECONDS"])

    return [(limit("ADDRESS"), limits.client_address()), (limit("GLOBAL"), "all")]


def _wait_message(seconds: float) -> str:
    if seconds < 60:
        return ngettext(
            "Trop de codes erronés ont été saisis. Pour protéger les demandes, "
            "attendez %(num)s seconde avant de réessayer",
            "Trop de codes erronés ont été saisis. Pour protéger les demandes, "
            "attendez %(num)s secondes avant de réessayer", math.ceil(seconds))
    return ngettext(
        "Trop de codes erronés ont été saisis. Pour protéger les demandes, "
        "attendez %(num)s minute avant de réessayer",
        "Trop de codes erronés ont été saisis. Pour protéger les demandes, "
        "attendez %(num)s minutes avant de réessayer", math.ceil(seconds / 60))


@bp.route("/charger-un-dossier", methods=["GET", "POST"])
def upload_dossier():
    """Start from a dossier file (downloaded earlier, or prepared by an association)."""
    form = DossierUploadForm()
    problems = []
    if form.validate_on_submit():
        answers, problems = dossier.parse(form.dossier.data.read(), get_places().commune)
        if not problems:
            done = [p.slug for p in active_pages(answers) if _complete(p, answers)]
            application = get_store().create(editions.CURRENT.code, answers=answers, done=done)
            reset_session()
            session["application_id"] = application.id
            flash(_l("Votre demande a été chargée, avec un nouveau code de reprise."))
            return redirect(url_for("application.resume_code"))
    return render_template("pages/upload.html", form=form, problems=problems), \
        400 if problems or form.errors else 200


def _complete(page, answers):
    return all(q.name in answers for q in page.questions
               if q.required or (q.required_when and q.required_when.holds(answers)))


@bp.get("/donnees-personnelles")
def privacy():
    return render_template("pages/privacy.html",
                           retention_days=current_app.config["RETENTION_DAYS"],
                           idle_minutes=current_app.config["SESSION_IDLE_MINUTES"],
                           member_idle_minutes=idle_seconds() // 60)


@bp.get("/favicon.ico")
def favicon():
    """Browsers ask for it at the root whatever the page says: the same icon."""
    return current_app.send_static_file("favicon.ico")
