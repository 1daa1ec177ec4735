"""Home page, starting and resuming an application, and the data page."""

import math
import time

from flask import Blueprint, current_app, flash, redirect, render_template, request, session, url_for
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext

from forms import EDITION, active_pages, dossier

from .. import get_places, get_store
from ..app_forms import ActionForm, DossierUploadForm, ResumeForm
from ..i18n import reset_session

bp = Blueprint("home", __name__)


@bp.get("/")
def index():
    return render_template("pages/index.html", start_form=ActionForm())


@bp.post("/commencer")
def start():
    if not ActionForm().validate_on_submit():
        return redirect(url_for(".index"))
    application = get_store().create(EDITION)
    reset_session()
    session["application_id"] = application.id
    return redirect(url_for("application.resume_code", debut=1))


@bp.route("/reprendre", methods=["GET", "POST"])
def resume():
    form = ResumeForm()
    status = 200
    if form.validate_on_submit():
        store = get_store()
        client = request.remote_addr or "unknown"
        window = current_app.config["RESUME_WINDOW_SECONDS"]
        failures = store.resume_failures_since(client, window)
        if len(failures) >= current_app.config["RESUME_MAX_FAILURES"]:
            minutes = math.ceil((failures[0] + window - time.time()) / 60)
            form.code.errors.append(ngettext(
                "Vous avez saisi trop de codes erronés. Pour protéger les demandes, attendez "
                "%(num)s minute avant de réessayer",
                "Vous avez saisi trop de codes erronés. Pour protéger les demandes, attendez "
                "%(num)s minutes avant de réessayer", max(minutes, 1)))
            status = 429
        else:
            application = store.find_by_code(form.normalised_code)
            if application is not None:
                reset_session()
                session["application_id"] = application.id
                flash(_l("Votre demande est ouverte : vous pouvez continuer."))
                return redirect(url_for("application.tasks"))
            store.record_resume_failure(client)
            left = current_app.config["RESUME_MAX_FAILURES"] - len(failures) - 1
            form.code.errors.append(ngettext(
                "Aucune demande ne correspond à ce code. Vérifiez-le sur la page où vous l'avez "
                "noté (il vous reste %(num)s essai avant une pause)",
                "Aucune demande ne correspond à ce code. Vérifiez-le sur la page où vous l'avez "
                "noté (il vous reste %(num)s essais avant une pause)", left)
                if left else _l(
                "Aucune demande ne correspond à ce code. Vérifiez-le sur la page où vous l'avez "
                "noté. Au prochain code erroné, il faudra attendre avant de réessayer"))
    return render_template("pages/resume.html", form=form), status


@bp.route("/charger-un-dossier", methods=["GET", "POST"])
def upload_dossier():
    """Start from a dossier file (downloaded earlier, or prepared by an association)."""
    form = DossierUploadForm()
    problems = []
    if form.validate_on_submit():
        answers, problems = dossier.parse(form.dossier.data.read(), get_places().commune)
        if not problems:
            done = [p.slug for p in active_pages(answers) if _complete(p, answers)]
            application = get_store().create(EDITION, answers=answers, done=done)
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
                           retention_days=current_app.config["RETENTION_DAYS"])
