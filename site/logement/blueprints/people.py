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
from ..views_helpers import person_name, typed_data
from .application import load_application

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
    if request.method == "GET":
        form = form_class(formdata=None, data=current,
                          page_revision=g.application.page_revision(slug))
    else:
        form = form_class()
        form.known_answers = g.application.answers
        if form.validate():
            entry = {k: v for k, v in current.items()
                     if k not in {q.name for q in step_page.questions}}
            entry.update((k, v) for k, v in form.answers().items() if v not in (None, ""))
            if number <= len(items):
                items[number - 1] = entry
            else:
                items.append(entry)
            if _save(page, items, form.seen_revision()) is not None and step < len(steps):
                return redirect(url_for(".item", slug=slug, number=number, step=step + 1))
            return redirect(url_for(".summary", slug=slug))
    back = url_for(".item", slug=slug, number=number, step=step - 1) if step > 1 \
        else url_for(".summary", slug=slug)
    return render_template("pages/question.html", page=step_page, form=form, back_url=back,
                           conflicting=())


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
