"""After the review: what to bring, where to file, when to renew."""

import datetime as dt

from flask import Blueprint, g, render_template

from forms import active_answers, form_class
from forms.documents import checklist
from forms.renewal import RENEWAL_PAGE, renewal

from .. import get_places
from ..app_forms import CheckedPageForm
from ..ceilings import standing_for
from ..directory import COUNTER_KINDS, describe_hours, french_article
from ..reminders import renewal_calendar
from ..views_helpers import personal_file
from .application import load_application
from .counters import TOWN_HALL_ACCESS

bp = Blueprint("next_steps", __name__)
RenewalForm = form_class(RENEWAL_PAGE, base=CheckedPageForm)
ASSISTANCE_PHONE = "0806 000 113"


@bp.get("/demande/prochaines-etapes")
def next_steps():
    redirect_home = load_application()
    if redirect_home is not None:
        return redirect_home
    answers = active_answers(g.application.answers)
    groups = checklist(answers)
    return render_template("pages/next_steps.html", groups=groups,
                           violence=any(document.key == "violence" for group in groups
                                        for document in group.documents),
                           places=_places_to_file(answers.get("locations") or []),
                           kinds=COUNTER_KINDS, describe_hours=describe_hours,
                           french_article=french_article,
                           town_hall_access=TOWN_HALL_ACCESS,
                           form=RenewalForm(formdata=None), page=RENEWAL_PAGE,
                           assistance_phone=ASSISTANCE_PHONE, standing=standing_for(answers))


def _places_to_file(locations):
    """Each chosen commune with its town hall and counters, then the other counters
    of its département, each counter once."""
    places, shown = get_places(), set()
    communes = places.communes([entry.get("code", "") for entry in locations])
    found = []
    for place, (here, around) in zip(communes, places.counters_around(communes)):
        here = [c for c in here if c["id"] not in shown]
        around = [c for c in around if c["id"] not in shown]
        shown.update(c["id"] for c in here + around)
        found.append((place, here, around))
    return found


@bp.route("/renouvellement", methods=["GET", "POST"])
def renew():
    """Unique number and filing date in, renewal dates and a printable card out.
    Nothing is stored: the answer is the page itself (and its calendar file)."""
    form = RenewalForm()
    if not form.validate_on_submit():
        status = 400 if form.is_submitted() else 200
        return render_template("pages/renewal.html", form=form, page=RENEWAL_PAGE), status
    number, dates = _renewal_of(form)
    return render_template("pages/renewal_card.html", number=number, dates=dates,
                           today=dt.date.today(), form=form, page=RENEWAL_PAGE)


@bp.post("/renouvellement/rappel.ics")
def reminder():
    form = RenewalForm()
    if not form.validate_on_submit():
        return render_template("pages/renewal.html", form=form, page=RENEWAL_PAGE), 400
    body = renewal_calendar(*_renewal_of(form), dt.datetime.now(dt.timezone.utc))
    return personal_file(body, "text/calendar; charset=utf-8",
                         "renouveler-demande-logement-social.ics")


def _renewal_of(form):
    """The unique number and the renewal dates of a valid renewal form."""
    answers = form.answers()
    return (answers["registration_number"],
            renewal(dt.date.fromisoformat(answers["filing_date"])))
