"""The dossier file: a whole application as JSON, versioned (docs/dossier.md).

    {"format": "demande-logement-social", "version": 1, "edition": "14069*04",
     "answers": {"birth_name": "Ndiaye", "A2": "285037127000520", …}}

Answers are keyed by question name or, where the Cerfa prints one, by box code.
`parse` reads the bytes of a file (upload page, `render-pdf`) and `load` checks
every answer, every person of every list and every commune with the same rules
as the web pages. Both return the list of everything that is wrong instead of
failing on the first problem, whatever the file holds.
"""

import datetime as dt
import json
import re
import unicodedata

from flask_babel import lazy_gettext as _l
from werkzeug.datastructures import MultiDict

from . import editions, versions
from .build import form_class
from .cerfa import PAGES, is_box_code, questions_by_box
from .rules import MAX_LOCATIONS, location_conflict

FORMAT = "demande-logement-social"
VERSION = 1
# The largest household the list caps allow is about 20 KB; the web page refuses
# requests over 256 KiB.
MAX_BYTES = 256 * 1024
# document > answers > list > person > answer > boxes ticked: nothing deeper is asked.
MAX_DEPTH = 6
MAX_PROBLEMS = 50  # a list anyone can read; the rest is summed up in one line
# "schema": the version of the answers' names, written and read by forms/versions.py.
TOP_KEYS = ("format", "version", "edition", "schema", "answers")
# A commune as the communes page saves it (forms/… never reads the database:
# `find_commune(code)` is passed in by the caller and returns the row or None).
COMMUNE_KEYS = ("code", "name", "postcode", "departement", "whole_city")


class _Malformed(ValueError):
    """Something JSON allows but no dossier file holds (NaN, a 30-digit number)."""


def _no_constant(name):
    raise _Malformed(_l("« %(value)s » n'est pas un nombre", value=name))


def _small_int(digits):
    if len(digits.lstrip("-")) > 15:
        raise _Malformed(_l("un nombre de plus de 15 chiffres"))
    return int(digits)


def parse(data: bytes, find_commune=None) -> tuple[dict, list[str]]:
    """(answers, problems) from the bytes of a dossier file, whatever they are."""
    try:
        text = _text(data)
        document = _decode(text)
    except _Malformed as reason:
        return {}, _limited([_l("Ce fichier n'est pas un fichier de demande (JSON) : "
                                "choisissez le fichier téléchargé depuis ce site (%(reason)s)",
                                reason=reason.args[0])])
    # "\ud800" alone is valid JSON but no text: UTF-8 cannot hold it (database, PDF).
    if _SURROGATE_ESCAPE.search(text):
        unreadable = list(_unreadable_text(document))
        if unreadable:
            return {}, _limited(unreadable)
    return load(document, find_commune=find_commune)


_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F][0-9a-fA-F]{2}")


def _text(data: bytes) -> str:
    if not isinstance(data, (bytes, bytearray)):
        raise _Malformed(_l("ce n'est pas un fichier"))
    if len(data) > MAX_BYTES:
        raise _Malformed(_l("plus de %(size)s Ko", size=MAX_BYTES // 1024))
    if not data.strip():
        raise _Malformed(_l("il est vide"))
    try:  # UTF-8, with or without the mark some editors put first (BOM)
        return bytes(data).decode("utf-8-sig")
    except UnicodeDecodeError:
        raise _Malformed(_l("il n'est pas enregistré en UTF-8")) from None


def _decode(text: str):
    try:
        return json.loads(text, parse_constant=_no_constant, parse_int=_small_int,
                          object_pairs_hook=_object)
    except json.JSONDecodeError as error:
        raise _Malformed(_l("JSON illisible ligne %(line)s, colonne %(column)s",
                            line=error.lineno, column=error.colno)) from None
    except RecursionError:
        raise _Malformed(_l("trop de niveaux imbriqués")) from None
    except ValueError as error:  # ours, or a number Python will not read
        raise _Malformed(error.args[0] if isinstance(error, _Malformed)
                         else _l("un nombre illisible")) from None


class _Object(dict):
    """A JSON object, with the keys it gave more than once."""

    repeated = ()


def _object(pairs):
    result = _Object(pairs)
    if len(result) < len(pairs):
        seen = set()
        result.repeated = [k for k, _v in pairs if k in seen or seen.add(k)]
    return result


def _unreadable_text(value, path="", depth=0):
    """Text no page could hold (lone surrogates), where it is; nothing deeper than a
    dossier goes is walked (the answers of a deeper list are refused by `load`)."""
    if depth > MAX_DEPTH:
        yield _l("« %(key)s » : trop de niveaux imbriqués", key=_shown(path or "/"))
        return
    if isinstance(value, str):
        if _has_surrogate(value):
            yield _l("« %(key)s » : texte illisible (caractère UTF-16 isolé)",
                     key=_shown(path or "/"))
        return
    items = value.items() if isinstance(value, dict) else \
        enumerate(value) if isinstance(value, list) else ()
    for key, child in items:
        where = f"{path}.{key}" if isinstance(key, str) else f"{path}[{key + 1}]"
        if isinstance(key, str) and _has_surrogate(key):
            yield _l("« %(key)s » : texte illisible (caractère UTF-16 isolé)",
                     key=_shown(where))
            continue
        yield from _unreadable_text(child, where.lstrip("."), depth + 1)


def _has_surrogate(text):
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def _shown(key) -> str:
    """A key or value from the file, safe to print: text and numbers only (a list
    may nest a thousand levels), control characters spelled out, cut at 60."""
    if isinstance(key, (list, dict)):
        return "[…]" if isinstance(key, list) else "{…}"
    if not isinstance(key, str):
        key = json.dumps(key)
    if len(key) <= 60 and key.isprintable():
        return key
    text = "".join(f"\\u{ord(c):04x}" if unicodedata.category(c) in ("Cc", "Cf", "Cs", "Co")
                   else c for c in str(key)[:61])
    return text[:60] + "…" if len(text) > 60 else text


def _limited(problems) -> list[str]:
    """The problems as text; past MAX_PROBLEMS, one line says how many more (messages
    stay lazy until then: 15,000 unknown keys are counted, not all translated)."""
    if len(problems) > MAX_PROBLEMS:
        rest = len(problems) - MAX_PROBLEMS + 1
        problems = problems[:MAX_PROBLEMS - 1] + [_l("et %(num)s autres problèmes", num=rest)]
    return [str(problem) for problem in problems]


def dump(answers: dict) -> dict:
    return {"format": FORMAT, "version": VERSION, "edition": editions.CURRENT.code,
            "schema": versions.SCHEMA_VERSION, "answers": dict(answers)}


def load(document, find_commune=None) -> tuple[dict, list[str]]:
    """(answers, problems) from a parsed JSON document; answers are normalised.

    `find_commune(code)` gives a commune of the commune data (a mapping with
    "code", "name", "postcodes", "departement_code", "whole_city") or None.
    Files written with an older schema are upgraded first (forms/versions.py)."""
    document = versions.upgrade_document(document)
    if not isinstance(document, dict):
        return {}, [str(_l("le fichier doit contenir un objet JSON"))]
    errors = _repeated(document, "")
    if document.get("format") != FORMAT:
        errors.append(_l("« format » doit valoir « %(format)s »", format=FORMAT))
    if document.get("version") != VERSION:
        errors.append(_l("version %(found)s inconnue : ce site lit la version %(version)s",
                         found=_shown(document.get("version")), version=VERSION))
    if not editions.is_registered(document.get("edition", editions.CURRENT.code)):
        errors.append(_l("édition %(found)s du Cerfa inconnue : ce site remplit la %(edition)s",
                         found=_shown(document.get("edition")),
                         edition=editions.CURRENT.code))
    errors += [_l("« %(key)s » : inconnu ici (format, version, edition, answers)",
                  key=_shown(key)) for key in document if key not in TOP_KEYS]
    raw = document.get("answers")
    if not isinstance(raw, dict):
        return {}, _limited(errors + [_l("« answers » doit être un objet")])
    errors += _repeated(raw, "answers.")
    questions, by_box, years = _questions()
    answers, file_years = {}, {}
    for key, value in raw.items():
        name = by_box.get(key, key)
        question = questions.get(name)
        if name in years:  # the year an income amount was given for, kept as written
            if _is_year(value):
                file_years[name] = value
            else:
                errors.append(_year_problem(key))
        elif question is None:
            errors.append(_l("« %(key)s » : question inconnue", key=_shown(key)))
        elif question.answer_kind.stored in LISTS:
            item_type, problem = LISTS[question.answer_kind.stored]
            if isinstance(value, list) and all(isinstance(v, item_type) for v in value):
                answers[name] = value
            else:
                errors.append(f"« {key} » : {problem}")
        elif not isinstance(value, str):
            errors.append(_l("« %(key)s » : la réponse doit être du texte", key=key))
        elif question.answer_kind.stored == "date" and not _is_iso_date(value):
            errors.append(_date_problem(key))
        else:
            answers[name] = value
    checked = {}
    for page in PAGES:
        present = [q for q in page.questions if q.name in answers]
        if not present:
            continue
        if page.collection is not None:
            items, problems = _load_items(page.collection, answers[page.collection.name],
                                          answers)
            errors += problems
            if items:
                checked[page.collection.name] = items
            continue
        if present[0].answer_kind.stored == "communes":
            places, problems = _load_communes(answers[present[0].name], find_commune)
            errors += problems
            if places:
                checked[present[0].name] = places
            continue
        form = form_class(page)(formdata=_formdata(page.questions, answers))
        form.known_answers = answers
        form.validate()
        for question, field in form.question_fields():
            # A draft may be incomplete: only the answers given are judged.
            if question.name in answers:
                errors.extend(f"« {question.name} » : {message}" for message in field.errors)
        checked.update({k: v for k, v in form.answers().items()
                        if v not in (None, "") and k not in years})
    return checked | file_years, _limited(errors)


# The answers that are lists, by the shape their kind stores (forms/kinds.py): the type
# of their items, and what is said of one that is not such a list.
_OBJECTS = _l("la réponse est une liste d'objets, voir docs/dossier.md")
LISTS = {"boxes": (str, _l("la réponse est une liste de cases, par exemple [\"G7\", \"G8\"]")),
         "communes": (dict, _OBJECTS), "people": (dict, _OBJECTS)}


def _questions():
    """(questions by name, names by box code, year answers), read from the Cerfa's
    description at each load, so an upgraded release's names are the ones checked."""
    questions = {q.name: q for page in PAGES for q in page.questions}
    by_box = {box: q.name for box, q in questions_by_box().items()}
    return questions, by_box, {q.year_answer for q in questions.values() if q.year_answer}


def _repeated(mapping, prefix):
    return [_l("« %(key)s » : donné deux fois", key=_shown(prefix + key))
            for key in getattr(mapping, "repeated", ())]


def _date_problem(key):
    return _l("« %(key)s » : une date s'écrit AAAA-MM-JJ et doit exister, "
              "par exemple 1985-03-27", key=key)


def _load_items(collection, items, answers):
    """The people of one list, each checked page by page as the site asks them."""
    name = collection.name
    if collection.max_items is not None and len(items) > collection.max_items:
        return [], [_l("« %(key)s » : %(max)s personnes au plus ; le fichier en a "
                       "%(count)s", key=name, max=collection.max_items,
                       count=len(items))]
    known = {q.name: q for q in collection.questions}
    years = {q.year_answer for q in collection.questions if q.year_answer}
    loaded, errors = [], []
    for number, item in enumerate(items, 1):
        def where(key, number=number):
            return _l("« %(list)s » n°%(number)s, « %(key)s »", list=name, number=number,
                      key=_shown(key))

        errors += [_l("%(where)s : donné deux fois", where=where(k))
                   for k in getattr(item, "repeated", ())]
        values, item_years = {}, {}
        for key, value in item.items():
            question = known.get(key)
            if key in years:
                if _is_year(value):
                    item_years[key] = value
                else:
                    errors.append(f"{where(key)} : {_year_problem(key)}")
            elif question is None:
                errors.append(_l("%(where)s : question inconnue", where=where(key)))
            elif not isinstance(value, str):
                errors.append(_l("%(where)s : la réponse doit être du texte",
                                 where=where(key)))
            elif question.answer_kind.stored == "date" and not _is_iso_date(value):
                errors.append(_l("%(where)s : une date s'écrit AAAA-MM-JJ et doit "
                                 "exister, par exemple 2016-09-14", where=where(key)))
            else:
                values[key] = value
        entry = {}
        for step_number, step in enumerate(collection.steps, 1):
            # Like the site: a person's first page is always complete; a later page
            # is saved whole or not at all (a draft may stop between two pages).
            if step_number > 1 and not any(q.name in item for q in step.questions):
                continue
            form = form_class(step)(formdata=_formdata(step.questions, values))
            form.known_answers = answers
            form.validate()
            for question, field in form.question_fields():
                if question.name in values or question.name not in item:
                    errors += [f"{where(question.name)} : {message}" for message in field.errors]
            entry.update((k, v) for k, v in form.answers().items()
                         if v not in (None, "") and k not in years)
        loaded.append(entry | item_years)
    return loaded, errors


def _load_communes(places, find_commune):
    """The communes wished, as the communes page would have saved them."""
    if len(places) > MAX_LOCATIONS:
        return [], [_l("« locations » : %(max)s communes au plus ; le fichier en a "
                       "%(count)s", max=MAX_LOCATIONS, count=len(places))]
    loaded, errors = [], []
    for number, place in enumerate(places, 1):
        where = _l("« locations » n°%(number)s", number=number)
        errors += [_l("%(where)s : « %(key)s » inconnu ici (code, name, postcode)",
                      where=where, key=_shown(key)) for key in place
                   if key not in COMMUNE_KEYS]
        code, postcode = place.get("code"), place.get("postcode")
        found = find_commune(code) if find_commune and isinstance(code, str) \
            and len(code) == 5 else None
        if found is None or not isinstance(postcode, str) \
                or postcode not in found["postcodes"].split():
            errors.append(_l("%(where)s : aucune commune de code INSEE « %(code)s » avec "
                             "le code postal « %(postcode)s »", where=where,
                             code=_shown(code), postcode=_shown(postcode)))
            continue
        entry = {"code": found["code"], "name": found["name"], "postcode": postcode,
                 "departement": found["departement_code"]}
        if found["whole_city"]:
            entry["whole_city"] = True
        if any(c["code"] == entry["code"] and c["postcode"] == postcode for c in loaded):
            errors.append(_l("%(where)s : %(name)s est déjà dans la liste", where=where,
                             name=entry["name"]))
        elif location_conflict([c["departement"] for c in loaded], entry["departement"]):
            errors.append(_l("%(where)s : %(name)s est dans un autre département ; hors "
                             "Île-de-France, on fait une demande par département",
                             where=where, name=entry["name"]))
        else:
            loaded.append(entry)
    return loaded, errors


_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$", re.ASCII)
_YEAR = re.compile(r"^(?:19|20)\d\d$", re.ASCII)


def _is_year(value):
    return isinstance(value, str) and bool(_YEAR.match(value))


def _year_problem(key):
    return _l("« %(key)s » : une année s'écrit avec 4 chiffres, par exemple 2024",
              key=_shown(key))


def _is_iso_date(value):
    if not _ISO_DATE.match(value):
        return False
    try:
        dt.date.fromisoformat(value)
    except ValueError:
        return False
    return True


def _formdata(questions, answers):
    """The answers as a browser would have posted them (dates in three boxes)."""
    data = MultiDict()
    for question in questions:
        for name, value in question.answer_kind.posted(question, answers.get(question.name)):
            data.add(name, value)
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
