"""One application: task list, question pages, review, resume code, closing and deleting."""

import json

from flask import (Blueprint, abort, current_app, flash, g, redirect, render_template,
                   request, session, url_for)
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError

from forms import PAGES_BY_SLUG, SECTIONS, active_answers, active_pages, dossier

from .. import get_store, pdf, progress
from ..app_forms import ActionForm, question_form_class
from ..ceilings import standing_for
from ..i18n import reset_session
from ..storage import PageConflict
from ..views_helpers import BACK_TO_REVIEW, personal_file, review_cards
from .workspace import close_opened_application
from .workspace.person import shared_with_structures

bp = Blueprint("application", __name__, url_prefix="/demande")


@bp.before_request
def load_application():
    g.application = get_store().get(session.get("application_id"))
    if g.application is None:
        session.pop("application_id", None)
        if getattr(session, "ended", False):
            flash(_l("Pour protéger vos données, votre demande a été fermée sur cet appareil "
                     "après %(minutes)s minutes sans activité. Elle reste enregistrée : "
                     "reprenez-la avec votre code.",
                     minutes=current_app.config["SESSION_IDLE_MINUTES"]))
        else:
            flash(_l("Aucune demande n'est ouverte sur cet appareil. Commencez-en une ou "
                     "reprenez la vôtre avec votre code."))
        return redirect(url_for("home.index"))
    return None


@bp.get("/")
def tasks():
    return render_template("pages/tasks.html", sections=SECTIONS,
                           rows=progress.task_rows(g.application),
                           labels=progress.STATUS_LABELS,
                           complete=progress.is_complete(g.application),
                           shared=shared_with_structures())


@bp.route("/<slug>", methods=["GET", "POST"])
def question(slug):
    page = PAGES_BY_SLUG.get(slug)
    if page is None:
        abort(404)
    if page.slug == "communes":  # a page of its own: search and pick
        return redirect(url_for("locations.choose", **request.args))
    if page.collection is not None:  # a list of people, added one by one
        return redirect(url_for("people.summary", slug=page.slug))
    application = g.application
    if page not in active_pages(application.answers):
        if request.method == "POST":
            flash(_l("Cette question ne vous concerne plus, d'après une réponse donnée entre-temps "
                     "dans un autre onglet ou sur un autre appareil. Vérifiez vos réponses."))
        return redirect(url_for(".tasks"))
    back_to_review = request.args.get("retour") == BACK_TO_REVIEW
    form_class = question_form_class(page)
    if request.method == "GET":
        form = form_class(formdata=None, data=_page_answers(page, application),
                          page_revision=application.page_revision(slug))
        return _render_question(page, form, back_to_review)

    form = form_class()
    form.known_answers = application.answers
    later = request.form.get("action") == "plus-tard"
    valid = form.validate()
    if not valid and not later:
        return _render_question(page, form, back_to_review)
    answers, unsaved = (form.answers(), []) if valid else later_answers(form)
    try:
        saved = get_store().save_page(application.id, slug, form.seen_revision(), answers,
                                      done=valid)
    except PageConflict as conflict:
        differing = _differing(page, answers, conflict.current)
        if not differing:  # the same answers, sent twice (a double click): nothing to ask
            saved = conflict.current
        else:
            form.page_revision.data = str(conflict.current.page_revision(slug))
            form.form_errors.append(_l(
                "Cette page a été enregistrée entre-temps dans un autre onglet ou sur un autre "
                "appareil : comparez avec les réponses ci-dessous avant de continuer."))
            return _render_question(page, form, back_to_review, conflicting=differing), 409
    if later:
        return save_for_later(page, valid, unsaved)
    following = progress.next_page(saved, slug, back_to_review)
    if following is None:
        return redirect(url_for(".review"))
    return redirect(_page_url(following, back_to_review))


@bp.errorhandler(CSRFError)
def question_token_expired(_error):
    """On a question page, show the typed answers again rather than an error page."""
    # CSRFProtect runs before this blueprint's before_request: load the application here.
    redirect_home = load_application()
    if redirect_home is not None:
        return redirect_home
    if request.endpoint in NOT_DONE:
        return _not_done(request.endpoint), 400
    page = PAGES_BY_SLUG.get((request.view_args or {}).get("slug"))
    if page is None or page not in active_pages(g.application.answers):
        return redirect(url_for(".tasks"))
    form = question_form_class(page)(meta={"csrf": False})
    form.known_answers = g.application.answers
    form.validate()
    form.form_errors.append(_l("Cette page a expiré : vérifiez vos réponses ci-dessous et "
                               "appuyez à nouveau sur « Continuer »."))
    return _render_question(page, form, request.args.get("retour") == BACK_TO_REVIEW), 400


def _page_answers(page, application):
    return {q.name: application.answers.get(q.name) for q in page.questions}


def _page_url(page, back_to_review=False):
    return url_for(".question", slug=page.slug, retour=BACK_TO_REVIEW if back_to_review else None)


def _differing(page, mine, current):
    """(question, answer saved meanwhile) where it differs from what was just sent."""
    return [(q, current.answers.get(q.name)) for q in page.questions
            if q.name in mine and current.answers.get(q.name) != mine[q.name]]


def later_answers(form):
    """"Save and resume later" on a page with errors: what can be saved, and what cannot.

    Valid answers are saved, and so are questions left empty (None); an answer typed but
    not valid cannot be stored as an answer: its question is returned to be named.
    """
    answers, unsaved = {}, []
    for q, field in form.question_fields():
        if not field.errors:
            answers[q.name] = getattr(field, "clean", None)
        elif _left_empty(field):
            answers[q.name] = None
        else:
            unsaved.append(q)
    return answers, unsaved


def _left_empty(field) -> bool:
    if hasattr(field, "is_empty"):  # a date in three boxes
        return field.is_empty()
    data = field.data
    return not data if isinstance(data, list) else not (data or "").strip()


def save_for_later(page, valid, unsaved):
    """The resume code, saying what is left to do on a page saved with errors."""
    if not valid:
        flash(_l("Vos réponses sont enregistrées. La page « %(page)s » reste à compléter.",
                 page=page.title))
    if unsaved:
        flash(_l("Ces réponses, à corriger, n'ont pas été enregistrées : %(questions)s. "
                 "Saisissez-les à nouveau en reprenant.",
                 questions=", ".join(f"« {q.label} »" for q in unsaved)))
    return redirect(url_for("application.resume_code"))


def _render_question(page, form, back_to_review, conflicting=()):
    previous = progress.previous_page(g.application, page.slug)
    if back_to_review:
        back_url = url_for(".review")
    elif previous is not None:
        back_url = _page_url(previous)
    else:
        back_url = url_for(".tasks")
    return render_template("pages/question.html", page=page, form=form, back_url=back_url,
                           conflicting=conflicting)


@bp.get("/recapitulatif")
def review():
    return render_template("pages/review.html", cards=review_cards(g.application),
                           complete=progress.is_complete(g.application),
                           standing=standing_for(active_answers(g.application.answers)))


@bp.get("/cerfa.pdf")
def cerfa_pdf():
    """The filled Cerfa, made in memory; shown in the browser or downloaded."""
    return personal_file(pdf.render(active_answers(g.application.answers)), "application/pdf",
                         "demande-logement-social-cerfa-14069.pdf",
                         inline=not request.args.get("telecharger"))


@bp.get("/dossier.json")
def download_dossier():
    """The whole application as a dossier file (docs/dossier.md), to keep or move."""
    body = json.dumps(dossier.dump(active_answers(g.application.answers)), ensure_ascii=False,
                      indent=1)
    return personal_file(body, "application/json; charset=utf-8",
                         "demande-logement-social.json")


@bp.get("/code")
def resume_code():
    first = progress.first_unanswered(g.application)
    return render_template("pages/resume_code.html", code=g.application.code,
                           starting=bool(request.args.get("debut")),
                           next_url=_page_url(first) if first else url_for(".review"),
                           close_form=ActionForm(),
                           idle_minutes=current_app.config["SESSION_IDLE_MINUTES"])


@bp.post("/fermer")
def close():
    if not ActionForm().validate_on_submit():
        return _not_done("application.close"), 400
    if close_opened_application():  # a member: back to the structure's list
        flash(_l("La demande de la personne est fermée sur cet appareil. Vous êtes toujours "
                 "connecté à l'espace de la structure."))
        return redirect(url_for("workspace.applications"))
    reset_session()  # the session ends on the server too: a copied cookie opens nothing
    flash(_l("Votre demande est fermée sur cet appareil. Elle reste enregistrée : "
             "reprenez-la avec votre code."))
    return redirect(url_for("home.index"))


# A close or delete refused (expired page, CSRF): say that nothing happened.
NOT_DONE = {
    "application.close": (
        _l("Votre demande n'a pas été fermée"),
        _l("Cette page avait expiré : votre demande est toujours ouverte sur cet appareil. "
           "Appuyez à nouveau sur le bouton pour la fermer."),
        _l("Fermer ma demande sur cet appareil"), "button--secondary"),
    "application.delete": (
        _l("Votre demande n'a pas été supprimée"),
        _l("Cette page avait expiré : vos réponses sont toujours enregistrées. Si vous voulez "
           "les effacer, appuyez à nouveau sur le bouton."),
        _l("Oui, supprimer ma demande"), "button--warning"),
}


def _not_done(endpoint):
    title, message, button, style = NOT_DONE[endpoint]
    return render_template("pages/not_done.html", title=title, message=message,
                           button=button, style=style, action=url_for(endpoint),
                           form=ActionForm())


@bp.route("/supprimer", methods=["GET", "POST"])
def delete():
    form = ActionForm()
    if request.method == "POST" and not form.validate_on_submit():
        return _not_done("application.delete"), 400
    if request.method == "POST":
        get_store().delete(g.application.id)
        reset_session()
        flash(_l("Votre demande et toutes vos réponses ont été supprimées."))
        return redirect(url_for("home.index"))
    return render_template("pages/delete.html", form=form)
