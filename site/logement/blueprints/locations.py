"""Page 8 of the Cerfa: up to 8 communes in order of preference, chosen without
JavaScript (type a name or postal code, pick from the server's answer)."""

from flask import Blueprint, flash, g, redirect, render_template, request, session, url_for
from flask_babel import lazy_gettext as _l

from forms import PAGES_BY_SLUG, editions
from forms.rules import MAX_LOCATIONS, location_conflict

from .. import get_places, get_store, progress
from ..app_forms import ActionForm, small_number
from ..directory import find_communes
from ..storage import PageConflict
from .application import BACK_TO_REVIEW, load_application

SLUG = "communes"
bp = Blueprint("locations", __name__, url_prefix="/demande/communes")
bp.before_request(load_application)


def _chosen():
    return list(g.application.answers.get("locations", []))


@bp.route("", methods=["GET", "POST"])
def choose():
    typed = request.args.get("q", "")
    back_to_review = request.args.get("retour") == BACK_TO_REVIEW
    results, error, other_departement = [], None, None
    if "q" in request.args:
        if len(typed) > 100:
            error = _l("Saisissez au plus 100 caractères : le nom d'une commune ou un code postal")
        else:
            results, error = find_communes(get_places(), typed)
    if request.method == "POST" and ActionForm().validate_on_submit():
        outcome = _act(request.form, back_to_review)
        if isinstance(outcome, tuple):
            error, other_departement = outcome
        else:
            return outcome
    status = 200 if error is None else 400
    return render_template("pages/communes.html", page=PAGES_BY_SLUG[SLUG], chosen=_chosen(),
                           typed=typed, results=results, error=error,
                           other_departement=other_departement, max_locations=MAX_LOCATIONS,
                           revision=g.application.page_revision(SLUG),
                           back_to_review=back_to_review), status


def _act(form, back_to_review):
    """Apply one button; return a redirect, or (error, département to copy to)."""
    chosen = _chosen()
    action = form.get("action", "")
    index = small_number(form.get("index"))
    if action == "continuer":
        if not chosen:
            return _l("Ajoutez au moins une commune"), None
        return _save(chosen, form, done=True) or _next(back_to_review)
    if action in ("ajouter", "copier"):
        place = get_places().commune(form.get("code", "")[:5])
        postcode = form.get("postcode", "")
        if place is None or postcode not in place["postcodes"].split():
            return _l("Cette commune n'a pas été trouvée : cherchez-la à nouveau"), None
        entry = {"code": place["code"], "name": place["name"], "postcode": postcode,
                 "departement": place["departement_code"]}
        if place["whole_city"]:
            entry["whole_city"] = True
        if action == "copier":
            return _copy_for(entry)
        if any(c["code"] == entry["code"] and c["postcode"] == postcode for c in chosen):
            return _l("%(name)s est déjà dans votre liste", name=place["name"]), None
        if len(chosen) >= MAX_LOCATIONS:
            return _l("Vous avez déjà choisi 8 communes, le maximum : retirez-en une pour en "
                      "ajouter une autre"), None
        if location_conflict([c["departement"] for c in chosen], entry["departement"]):
            return _l(
                "%(name)s est dans un autre département. Hors Île-de-France, on fait une "
                "demande par département : vous pouvez faire une copie de votre demande pour "
                "ce département.", name=place["name"]), entry
        chosen.append(entry)
    elif action == "retirer" and 0 <= index < len(chosen):
        chosen.pop(index)
    elif action == "monter" and 0 < index < len(chosen):
        chosen[index - 1], chosen[index] = chosen[index], chosen[index - 1]
    return _save(chosen, form, done=False) or redirect(
        url_for(".choose", retour=BACK_TO_REVIEW if back_to_review else None))


def _save(chosen, form, done):
    seen = small_number(form.get("page_revision"))
    keep_done = done or SLUG in g.application.done and bool(chosen)
    try:
        get_store().save_page(g.application.id, SLUG, seen, {"locations": chosen or None},
                              done=keep_done)
    except PageConflict:
        flash(_l("Votre liste de communes a été modifiée dans un autre onglet ou sur un autre "
                 "appareil : la voici à jour. Refaites votre dernier choix si besoin."))
        return redirect(url_for(".choose"))
    return None


def _next(back_to_review):
    application = get_store().get(g.application.id)
    following = progress.next_page(application, SLUG, back_to_review)
    if following is None:
        return redirect(url_for("application.review"))
    return redirect(url_for("application.question", slug=following.slug,
                            retour=BACK_TO_REVIEW if back_to_review else None))


def _copy_for(entry):
    """A second application for another département: same answers, that commune."""
    answers = dict(g.application.answers, locations=[entry])
    copy = get_store().create(editions.CURRENT.code, answers=answers, done=g.application.done)
    session["application_id"] = copy.id
    flash(_l("Voici une copie de votre demande pour le département %(departement)s, avec son "
             "propre code. Votre première demande garde le sien.",
             departement=entry["departement"]))
    return redirect(url_for("application.resume_code"))
