"""Hostile and extreme dossier files, shared by tests/test_dossier.py and
bench/dossier_import.py: every malformed shape a file can take, and the largest
household the list caps allow (every list full, every answer at its longest)."""

import json

from forms import PAGES
from forms.rules import MAX_LOCATIONS, nir_key


def _nested(depth):
    return ('{"format": "demande-logement-social", "version": 1, "answers": {"birth_name": '
            + "[" * depth + "]" * depth + "}}").encode()


def _dossier(answers, **extra):
    return json.dumps({"format": "demande-logement-social", "version": 1, **extra,
                       "answers": answers}).encode()


MALFORMED = {
    "empty file": b"",
    "spaces only": b" \n\t ",
    "binary": bytes(range(256)) * 64,
    "gzip": b"\x1f\x8b\x08\x00" + b"\x00" * 200,
    "utf-16 with BOM": '{"format": "demande-logement-social"}'.encode("utf-16"),
    "latin-1": '{"format": "demande-logement-social", "answers": {"birth_name": "Léa"}}'
               .encode("latin-1"),
    "truncated": b'{"format": "demande-logement-social", "answers": {"birth_na',
    "not an object: list": b"[1, 2, 3]",
    "not an object: string": b'"demande"',
    "not an object: null": b"null",
    "not an object: number": b"12",
    "nested 100 deep": _nested(100),
    "nested 1,000 deep": _nested(1_000),
    "nested 100,000 deep": _nested(100_000),
    "lone surrogate in a value": b'{"format": "demande-logement-social", "version": 1, '
                                 b'"answers": {"birth_name": "\\ud800"}}',
    "lone surrogate in a key": b'{"format": "demande-logement-social", "version": 1, '
                               b'"answers": {"\\udfff": "x"}}',
    "lone surrogate in a person": b'{"format": "demande-logement-social", "version": 1, '
                                  b'"answers": {"dependants": [{"last_name": "\\ud800"}]}}',
    "NaN": b'{"format": "demande-logement-social", "version": NaN, "answers": {}}',
    "Infinity": b'{"format": "demande-logement-social", "version": 1, '
                b'"answers": {"current_rent": -Infinity}}',
    "huge integer": b'{"format": "demande-logement-social", "version": 1, '
                    b'"answers": {"current_rent": ' + b"9" * 200_000 + b"}}",
    "huge float": b'{"format": "demande-logement-social", "version": 1e999999, '
                  b'"answers": {}}',
    "answers is a list": _dossier([]),
    "wrong types everywhere": _dossier(
        {"birth_name": 1, "reasons": "F31", "rooms_sought": [1, 2], "dependants": {"a": 1},
         "coapplicants": [[]], "flatmates": ["Awa"], "locations": "71270",
         "other_children": [{"last_name": None, "sex": ["f"]}]},
        version="1", edition=["14069*04"]),
    "unknown keys at every level": _dossier(
        {"couleur": "bleu", "dependants": [{"last_name": "Ndiaye", "first_names": "Awa",
                                            "birth_date": "2015-06-04", "sex": "f",
                                            "link": "enfant", "pointure": "32"}],
         "locations": [{"code": "71270", "postcode": "71000", "name": "Mâcon",
                        "population": "33000"}]},
        signature="x"),
    "repeated keys": b'{"format": "demande-logement-social", "version": 1, '
                     b'"answers": {"birth_name": "A", "birth_name": "B"}}',
    "60,000 empty dependants": _dossier({"dependants": [{}] * 60_000}),
    "12,000 co-applicants": _dossier({"coapplicants": [{"birth_name": "X"}] * 12_000}),
    "one 250 KB name": _dossier({"birth_name": "A" * 250_000}),
    "15,000 unknown keys": _dossier({f"k{n}": "" for n in range(15_000)}),
    "control characters": _dossier({"birth_name": "A\x00\x1b[31m", "\x07bell": "x"}),
    "over the size limit": b" " * (300 * 1024) + b"{}",
}


def valid_nir(sex="1", year="82", number=0):
    first13 = f"{sex}{year}0571270{number:03d}"
    return first13 + f"{nir_key(first13):02d}"


def valid_value(question, n):
    """A valid answer of this kind, as long as the question allows (worst case)."""
    kind = question.kind
    if kind == "name":
        return (chr(ord("A") + n % 26) + "ïssatou-Marie " * 10)[:question.max_length].strip(" -")
    if kind == "date":
        return "1980-05-17"
    if kind == "radios":
        return question.choices[0][0]
    if kind == "nir":
        return valid_nir(number=n)
    if kind == "phone":
        return "06 12 34 56 78"
    if kind == "email":
        return "awa.ndiaye@example.fr"
    if kind == "postcode":
        return "71000"
    if kind == "siret":
        return "73282932000074"
    if kind in ("integer", "euros"):
        return str(min(1234, question.maximum))
    if kind == "textarea":
        return ("Précisions utiles " * 200)[:question.max_length].strip()
    if kind in ("text",):
        return ("Mâcon " * 40)[:question.max_length].strip()
    return None


SKIPPED = {"nir_unknown", "country", "work_country", "fixed_term"}


def person(collection, n):
    item = {}
    for question in collection.questions:
        value = valid_value(question, n)
        if value is not None and question.name not in SKIPPED \
                and not question.name.endswith("_country"):
            item[question.name] = value
    if "long_unemployment" in item or any(q.name == "long_unemployment"
                                          for q in collection.questions):
        item.pop("unemployment_end", None)
    return item


def largest_household(communes):
    """A dossier with every list at its cap; `communes` are (code, postcode) pairs."""
    answers = {}
    for page in PAGES:
        if page.collection is not None:
            answers[page.collection.name] = [person(page.collection, n)
                                             for n in range(page.collection.max_items)]
    answers["locations"] = [{"code": code, "postcode": postcode}
                            for code, postcode in communes[:MAX_LOCATIONS]]
    answers.update({
        "request_kind": "premiere", "civility": "madame", "birth_name": "Ndiaye",
        "first_names": "Aïssatou Marie", "birth_date": "1985-03-27",
        "nationality": "hors_union_europeenne", "nir": valid_nir("2", "85", 5),
        "phone_mobile": "06 12 34 56 78", "email": "awa@example.fr",
        "consent_email": "oui", "consent_sms": "non", "living_situation": "domicilie",
        "mail_recipient": "CCAS de Mâcon", "mail_street": "rue de la Barre",
        "mail_postcode": "71000", "mail_city": "Mâcon",
        "disabled_people": "3", "expected_birth_date": "2027-05-20", "expected_children": "2",
        "work_status": "D1", "work_city": "Mâcon", "work_postcode": "71000",
        "employer_siret": "73282932000074", "income_n2": "18500", "income_n1": "19000",
        "receives_monthly": "E7", "monthly_applicant_salary": "1450",
        "housing_status": "F5", "reasons": [v for v, _l in _choices("reasons")][:49],
        "other_property": "F51", "housing_type": "G1", "rooms_sought": ["G10", "G11"],
        "parking": "G5", "refuse_ground_floor": "G14", "refuse_no_lift": "G15",
        "flatshare": "oui", "ownership_information": "oui",
        "additional_information": ("Nous sommes une grande famille. " * 80)[:2000].strip(),
        "online_renewal": "H2",
    })
    return {"format": "demande-logement-social", "version": 1, "answers": answers}


def _choices(name):
    return next(q.choices for page in PAGES for q in page.questions if q.name == name)


# Two applications that, between them, ask every page of the Cerfa: one hosted
# (address, host, mail elsewhere), one with no fixed address (domiciliation); both
# with a tenant landlord, an eviction, another property, monthly resources and one
# person in each list, every page of that person answered.
ROUTE_HOSTED = {
    "request_kind": "renouvellement", "registration_number": "071012300012345678",
    "civility": "madame", "birth_name": "Ndiaye", "first_names": "Awa",
    "birth_date": "1985-03-27", "nationality": "francaise", "nir": valid_nir("2", "85", 5),
    "consent_email": "oui", "consent_sms": "non", "living_situation": "heberge",
    "address_street": "rue de Paris", "address_postcode": "71000", "address_city": "Mâcon",
    "host_name": "Famille Diallo", "mail_elsewhere": "oui", "mail_street": "rue Rambuteau",
    "mail_postcode": "71000", "mail_city": "Mâcon", "disabled_people": "1",
    "work_status": "D1", "work_city": "Mâcon", "work_postcode": "71000",
    "long_unemployment": "oui", "unemployment_end": "2023-01-31", "income_n2": "18500",
    "receives_monthly": "E7", "monthly_applicant_salary": "1450",
    "monthly_dependants_family": "120", "housing_status": "F2", "landlord_name": "OPAC",
    "current_rooms": "F23", "reasons": ["F42"], "eviction_judgment_date": "2024-02-01",
    "other_property": "F50", "property_city": "Dakar", "property_country": "Sénégal",
    "housing_type": "G1", "rooms_sought": ["G8"], "parking": "G5",
    "refuse_ground_floor": "G14", "refuse_no_lift": "G15", "flatshare": "oui",
    "additional_information": "Précisions", "online_renewal": "H3",
}
ROUTE_DOMICILED = {
    **{k: v for k, v in ROUTE_HOSTED.items()
       if not k.startswith(("address_", "mail_", "host_"))},
    "living_situation": "domicilie", "mail_recipient": "CCAS de Mâcon",
    "mail_street": "rue de la Barre", "mail_postcode": "71000", "mail_city": "Mâcon",
    # Separating (F48) with a partner listed: the separation page is asked.
    "reasons": ["F42", "F48"], "separating_from_partner": "non",
}


def route_dossier(route):
    answers = dict(route)
    for page in PAGES:
        if page.collection is not None:
            answers[page.collection.name] = [person(page.collection, 1)]
    if "F48" in route["reasons"]:
        answers["coapplicants"][0]["link"] = "B2"
    return {"format": "demande-logement-social", "version": 1, "answers": answers}
