"""The dossier file: a whole application as JSON, versioned (docs/dossier.md).

    {"format": "demande-logement-social", "version": 1, "edition": "14069*04",
     "answers": {"birth_name": "Ndiaye", "A2": "285037127000520", …}}

Answers are keyed by question name or, where the Cerfa prints one, by box code.
Loading checks every answer with the same rules as the web pages and returns
the list of what is wrong instead of failing on the first problem.
"""

import datetime as dt
import re

from flask_babel import lazy_gettext as _l
from werkzeug.datastructures import MultiDict

from . import versions
from .build import form_class
from .cerfa import EDITION, PAGES, is_box_code, questions_by_box

FORMAT = "demande-logement-social"
VERSION = 1


def dump(answers: dict) -> dict:
    return {"format": FORMAT, "version": VERSION, "edition": EDITION,
            "schema": versions.SCHEMA_VERSION, "answers": dict(answers)}


def load(document) -> tuple[dict, list[str]]:
    """(answers, errors) from a parsed JSON document; answers are normalised."""
    document = versions.upgrade_document(document)
    if not isinstance(document, dict):
        return {}, [str(_l("le fichier doit contenir un objet JSON"))]
    errors = []
    if document.get("format") != FORMAT:
        errors.append(str(_l("« format » doit valoir « %(format)s »", format=FORMAT)))
    if document.get("version") != VERSION:
        errors.append(str(_l("version %(found)s inconnue : ce site lit la version %(version)s",
                             found=document.get("version"), version=VERSION)))
    if document.get("edition", EDITION) != EDITION:
        errors.append(str(_l("édition %(found)s du Cerfa inconnue : ce site remplit la %(edition)s",
                             found=document.get("edition"), edition=EDITION)))
    raw = document.get("answers")
    if not isinstance(raw, dict):
        return {}, errors + [str(_l("« answers » doit être un objet"))]
    by_box = {box: q.name for box, q in questions_by_box().items()}
    known = {q.name: q for page in PAGES for q in page.questions}
    years = {q.year_answer for q in known.values() if q.year_answer}
    answers, file_years = {}, {}
    for key, value in raw.items():
        name = by_box.get(key, key)
        if name in years:  # the year an income amount was given for, kept as written
            if isinstance(value, str) and _YEAR.match(value):
                file_years[name] = value
            else:
                errors.append(str(_l("« %(key)s » : une année s'écrit avec 4 chiffres, par "
                                     "exemple 2024", key=key)))
        elif name not in known:
            errors.append(str(_l("« %(key)s » : question inconnue", key=key)))
        elif known[name].kind in LIST_KINDS:
            problem = _list_problem(known[name].kind, value)
            if problem:
                errors.append(f"« {key} » : {problem}")
            else:
                answers[name] = value
        elif not isinstance(value, str):
            errors.append(str(_l("« %(key)s » : la réponse doit être du texte", key=key)))
        elif known[name].kind == "date" and not _is_iso_date(value):
            errors.append(str(_l("« %(key)s » : une date s'écrit AAAA-MM-JJ et doit exister, "
                                 "par exemple 1985-03-27", key=key)))
        else:
            answers[name] = value
    checked = {}
    for page in PAGES:
        present = [q for q in page.questions if q.name in answers]
        if not present:
            continue
        if page.collection is not None or present[0].kind == "communes":
            checked.update((q.name, answers[q.name]) for q in present)
            continue
        form = form_class(page)(formdata=_formdata(page, answers))
        form.known_answers = answers
        form.validate()
        for question, field in form.question_fields():
            # A draft may be incomplete: only the answers given are judged.
            if question.name in answers:
                errors.extend(f"« {question.name} » : {message}" for message in field.errors)
        checked.update({k: v for k, v in form.answers().items()
                        if v not in (None, "") and k not in years})
    return checked | file_years, errors


LIST_KINDS = ("checkboxes", "communes", "collection")


def _list_problem(kind, value):
    """What is wrong with a list answer, or None."""
    if kind == "checkboxes":
        if isinstance(value, list) and all(isinstance(v, str) for v in value):
            return None
        return str(_l("la réponse est une liste de cases, par exemple [\"G7\", \"G8\"]"))
    if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
        return str(_l("la réponse est une liste d'objets, voir docs/dossier.md"))
    if kind == "communes":
        if len(value) > 8:
            return str(_l("8 communes au plus"))
        for place in value:
            if not all(isinstance(place.get(k), str) for k in ("code", "name", "postcode")):
                return str(_l("chaque commune a un « code » INSEE, un « name » et un "
                              "« postcode »"))
    elif not all(isinstance(v, str) for item in value for v in item.values()):
        return str(_l("chaque personne est un objet dont les réponses sont du texte"))
    return None


_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$", re.ASCII)
_YEAR = re.compile(r"^(?:19|20)\d\d$", re.ASCII)


def _is_iso_date(value):
    if not _ISO_DATE.match(value):
        return False
    try:
        dt.date.fromisoformat(value)
    except ValueError:
        return False
    return True


def _formdata(page, answers):
    """The answers as a browser would have posted them (dates in three boxes)."""
    data = MultiDict()
    for question in page.questions:
        value = answers.get(question.name, "")
        if question.kind == "date":
            date = dt.date.fromisoformat(value) if value else None
            for part, number in (("day", date and date.day), ("month", date and date.month),
                                 ("year", date and date.year)):
                data.add(f"{question.name}-{part}", str(number) if number else "")
        elif question.kind == "checkboxes":
            for choice in value or []:
                data.add(question.name, choice)
        else:
            data.add(question.name, value)
    return data


def box_paths() -> dict:
    """Where each Cerfa box code lives in a dossier file: {code: path}.

    `housing_type = "G1"` means box G1 is ticked when that answer is "G1";
    `coapplicants[].nir` is the answer of each co-applicant."""
    paths = {}

    def note(questions, prefix=""):
        for q in questions:
            where = f"{prefix}{q.name}"
            if q.box:
                paths.setdefault(q.box, where)
            if q.year_box:
                paths.setdefault(q.year_box, f"{prefix}{q.year_answer}")
            for value, _label in q.choices:
                if is_box_code(value):
                    paths.setdefault(value, f'{where} = "{value}"')

    for page in PAGES:
        note(page.questions)
        if page.collection is not None:
            note(page.collection.questions, prefix=f"{page.collection.name}[].")
    return dict(sorted(paths.items(), key=lambda item: (item[0][0], int(item[0][1:]))))
