"""Where a person is in their application: pages asked, task status, next page."""

from flask_babel import lazy_gettext as _l

from forms import TASKS, active_pages
from forms.cerfa import TASK_OF_PAGE

DONE, STARTED, TO_DO = "done", "started", "to_do"
STATUS_LABELS = {DONE: _l("Terminé"), STARTED: _l("En cours"), TO_DO: _l("À faire")}


def task_status(task, application) -> str:
    slugs = [p.slug for p in _asked_in(task, active_pages(application.answers))]
    done = [s for s in slugs if s in application.done]
    if slugs and len(done) == len(slugs):
        return DONE
    return STARTED if done else TO_DO


def _asked_in(task, asked):
    slugs = {p.slug for p in task.pages}
    return [p for p in asked if p.slug in slugs]


def task_rows(application):
    """(task, first page asked, status) for the task list."""
    asked = active_pages(application.answers)
    rows = []
    for task in TASKS:
        pages = _asked_in(task, asked)
        rows.append((task, pages[0], task_status(task, application)))
    return rows


def next_page(application, current_slug, back_to_review: bool):
    """The page after `current_slug`, or None when the review page comes next.

    From the review page, go back to it unless a newly asked page is unanswered.
    """
    asked = active_pages(application.answers)
    if back_to_review:
        # A change may open a new page in the same task (hosted → who hosts you?).
        task = TASK_OF_PAGE.get(current_slug)
        return next((p for p in asked if p.slug not in application.done
                     and TASK_OF_PAGE[p.slug] is task), None)
    slugs = [p.slug for p in asked]
    if current_slug in slugs:
        later = asked[slugs.index(current_slug) + 1:]
        return later[0] if later else None
    return None


def first_unanswered(application):
    return next((p for p in active_pages(application.answers)
                 if p.slug not in application.done), None)


def previous_page(application, current_slug):
    asked = active_pages(application.answers)
    slugs = [p.slug for p in asked]
    index = slugs.index(current_slug) if current_slug in slugs else 0
    return asked[index - 1] if index > 0 else None


def is_complete(application) -> bool:
    return all(p.slug in application.done for p in active_pages(application.answers))
