"""Lists of people on the form (dependants…): GOV.UK "add another" pattern.

A summary page lists the people with change and remove buttons and asks whether
to add another; each person is entered on a page of their own.
"""

from flask import Blueprint, abort, flash, g, redirect, render_template, request, url_for
from flask_babel import lazy_gettext as _l

from forms import PAGES_BY_SLUG
from forms.cerfa import YES_NO, Page, Question

from .. import get_store, progress
from ..app_forms import ActionForm, question_form_class, small_number
from ..storage import PageConflict
from ..views_helpers import BACK_TO_REVIEW, person_label, person_name, typed_data
from .application import later_answers, load_application, save_for_later

bp = Blueprint("people", __name__, url_prefix="/demande/liste")
bp.before_request(load_application)


def _page(slug):
    page = PAGES_BY_SLUG.get(slug)
    if page is None or page.collection is None:
        abort(404)
    return page


def _items(page):
    return list(g.application.answers.get(page.collection.name, []))


def _more_page(page, items):
    """The yes/no question under the list."""
    collection = page.collection
    label = collection.add_question if items else collection.first_question
    return Page(f"{page.slug}-{'encore' if items else 'premier'}", label, (
        Question("add_more", label, kind="radios", choices=YES_NO, required=True,
                 required_message=_l("Répondez oui ou non")),))


def _save(page, items, form_revision, done=None):
    """The saved application, or None (and a message) when another tab changed the list."""
    try:
        return get_store().save_page(
            g.application.id, page.slug, form_revision, {page.collection.name: items or None},
            done=page.slug in g.application.done if done is None else done)
    except PageConflict:
        flash(_l("Cette liste a été modifiée dans un autre onglet ou sur un autre appareil : "
                 "la voici à jour. Vérifiez-la avant de continuer."))
        return None


@bp.route("/<slug>", methods=["GET", "POST"])
def summary(slug):
    page = _page(slug)
    items = _items(page)
    more = _more_page(page, items)
    form = question_form_class(more)(
        formdata=None if request.method == "GET" else request.form,
        page_revision=g.application.page_revision(slug))
    limit = page.collection.max_items
    if request.method == "POST" and request.form.get("action") == "plus-tard":
        if form.validate() and form.answers()["add_more"] == "non":
            _save(page, items, form.seen_revision(), done=True)
        return redirect(url_for("application.resume_code"))
    if request.method == "POST" and form.validate():
        if form.answers()["add_more"] == "oui":
            if limit is None or len(items) < limit:
                return redirect(url_for(".item", slug=slug, number=len(items) + 1))
            form.add_more.errors = [str(_l("Le formulaire prévoit %(max)s personnes au plus "
                                           "ici : répondez non pour continuer", max=limit))]
            return render_template("pages/collection.html", page=page, items=items,
                                   form=form), 400
        saved = _save(page, items, form.seen_revision(), done=True)
        if saved is None:
            return redirect(url_for(".summary", slug=slug))
        following = progress.next_page(saved, slug, back_to_review=False)
        return redirect(url_for("application.question", slug=following.slug) if following
                        else url_for("application.review"))
    return render_template("pages/collection.html", page=page, items=items, form=form)


@bp.route("/<slug>/<int:number>", methods=["GET", "POST"])
@bp.route("/<slug>/<int:number>/<int:step>", methods=["GET", "POST"])
def item(slug, number, step=1):
    """One page (`step`) of one person (`number`); a new person is added at step 1."""
    page = _page(slug)
    items = _items(page)
    steps = page.collection.steps
    limit = page.collection.max_items
    if not 1 <= number <= len(items) + (1 if step == 1 else 0) or (limit and number > limit) \
            or not 1 <= step <= len(steps):
        return redirect(url_for(".summary", slug=slug))
    step_page = steps[step - 1]
    form_class = question_form_class(step_page)
    current = items[number - 1] if number <= len(items) else {}
    back_to_review = request.args.get("retour") == BACK_TO_REVIEW
    if request.method == "GET":
        form = form_class(formdata=None, data=current,
                          page_revision=g.application.page_revision(slug))
    else:
        form = form_class()
        form.known_answers = g.application.answers
        later = request.form.get("action") == "plus-tard"
        valid = form.validate()
        if valid or later:
            answers, unsaved = (form.answers(), []) if valid else later_answers(form)
            entry = {k: v for k, v in current.items() if k not in answers}
            entry.update((k, v) for k, v in answers.items() if v not in (None, ""))
            if number <= len(items):
                items[number - 1] = entry
            elif entry:
                items.append(entry)
            saved = _save(page, items, form.seen_revision(), done=None if valid else False)
            if later and saved is not None:
                return save_for_later(step_page, valid, unsaved)
            if saved is not None and back_to_review:
                return redirect(url_for("application.review"))
            if saved is not None and step < len(steps):
                return redirect(url_for(".item", slug=slug, number=number, step=step + 1))
            return redirect(url_for(".summary", slug=slug))
    if back_to_review:
        back = url_for("application.review")
    elif step > 1:
        back = url_for(".item", slug=slug, number=number, step=step - 1)
    else:
        back = url_for(".summary", slug=slug)
    # Named once known; before, the first page says which one it is ("Personne à charge 2").
    person = person_name(current) or None
    heading = person_label(page.collection, current, number) if step == 1 and not person \
        else None
    return render_template("pages/question.html", page=step_page, form=form, back_url=back,
                           conflicting=(), person=person, heading=heading)


@bp.post("/<slug>/<int:number>/retirer")
def remove(slug, number):
    page = _page(slug)
    items = _items(page)
    form = ActionForm()
    if form.validate_on_submit() and 1 <= number <= len(items):
        removed = items.pop(number - 1)
        if _save(page, items, small_number(request.form.get("page_revision"))) is not None:
            # The name is escaped and keeps its own direction inside the sentence.
            flash(_l("%(name)s a été retiré(e) de la liste.",
                     name=typed_data(person_name(removed))))
    return redirect(url_for(".summary", slug=slug))
