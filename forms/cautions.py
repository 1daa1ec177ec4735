"""Things to check, never refusals: answers that may be right but usually are not.

Shown on the page where the answer is given (when it is opened again) and on the
review page; they never stop "Continuer". Each caution says what looks wrong, why it
may still be right, and links to the page where it can be changed.
"""

from dataclasses import dataclass

from flask_babel import format_date
from flask_babel import lazy_gettext as _l

from . import rules
from .cerfa import INCOME_PAGES, PAGES_BY_SLUG, demand_date, person_name


@dataclass(frozen=True)
class Caution:
    slug: str  # the page where it is checked and changed
    message: str
    shown_on: tuple = ()  # other pages that show it (a list's person pages)

    @property
    def page_title(self):
        return PAGES_BY_SLUG[self.slug].title


NIR_PARTS = {
    "sex": _l("son 1er chiffre ne correspond pas à la civilité (1 pour un homme, 2 pour une "
              "femme)"),
    "year": _l("ses chiffres 2 et 3 ne sont pas la fin de l'année de naissance"),
    "month": _l("ses chiffres 4 et 5 ne sont pas le mois de naissance"),
}


def _people(answers):
    """(who, NIR, civility, birth date, page, pages showing it) of each adult with a NIR."""
    people = [(str(_l("Votre numéro de sécurité sociale")), answers.get("nir"),
               answers.get("civility"), answers.get("birth_date"), "securite-sociale", ())]
    for item in answers.get("coapplicants") or []:
        if isinstance(item, dict):
            people.append((str(_l("Le numéro de sécurité sociale de %(name)s",
                                  name=person_name(item))),
                           item.get("nir"), item.get("civility"), item.get("birth_date"),
                           "codemandeurs", ("coapplicant-identity",)))
    return [p for p in people if p[1]]


def nir_cautions(answers: dict) -> list[Caution]:
    people = _people(answers)
    found = []
    for who, nir, civility, born, slug, shown_on in people:
        parts = rules.nir_mismatches(nir, civility, born)
        if not parts:
            continue
        # The number fits someone else of the application: numbers swapped?
        owner = next((other for other in people if other[1] != nir
                      and not rules.nir_mismatches(nir, other[2], other[3])), None)
        message = str(_l("%(who)s ne semble pas être le bon : %(parts)s.", who=who,
                         parts=rules.join_list([str(NIR_PARTS[p]) for p in parts])))
        if owner:
            message += " " + str(_l("Il correspondrait plutôt à l'autre personne : les "
                                    "numéros ont peut-être été inversés."))
        message += " " + str(_l("Vérifiez-le sur la carte Vitale. S'il est juste (numéro "
                                "attribué avant un changement de sexe à l'état civil, "
                                "naissance à l'étranger…), vous pouvez continuer."))
        found.append(Caution(slug, message, shown_on))
    return found


def income_year_cautions(answers: dict) -> list[Caution]:
    """An amount given for a year the demand's date no longer asks for."""
    date = demand_date(answers)
    found = []
    questions = [q for page in INCOME_PAGES for q in page.questions if q.year_answer]
    people = [(answers, "revenus-annuels", (), None)] + [
        (item, "codemandeurs", ("coapplicant-income",), person_name(item))
        for item in answers.get("coapplicants") or [] if isinstance(item, dict)]
    for person, slug, shown_on, name in people:
        for question in questions:
            given = person.get(question.year_answer)
            expected = str(date.year - question.years_back)
            if person.get(question.name) in (None, "") or not given or given == expected:
                continue
            values = {"given": given, "expected": expected, "name": name,
                      "date": format_date(date, format="long")}
            message = _l("Le revenu fiscal de référence de %(name)s a été indiqué pour "
                          "%(given)s ; pour une demande datée du %(date)s, le formulaire "
                          "demande celui de %(expected)s.", **values) if name else _l(
                          "Votre revenu fiscal de référence a été indiqué pour %(given)s ; "
                          "pour une demande datée du %(date)s, le formulaire demande celui "
                          "de %(expected)s.", **values)
            found.append(Caution(slug, str(message) + " " + str(_l(
                "Reprenez l'avis d'impôt de la bonne année et enregistrez à nouveau la page, "
                "ou vérifiez la date de signature.")), shown_on))
    return found


def cautions(answers: dict, slug: str | None = None) -> list[Caution]:
    """Every caution of an application, or those shown on the page `slug`."""
    found = nir_cautions(answers) + income_year_cautions(answers)
    if slug is None:
        return found
    return [c for c in found if slug == c.slug or slug in c.shown_on]


