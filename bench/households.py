"""Realistic households as dossier files (docs/dossier.md), for the benches.

One person; a family of 5 (a couple and three children); the largest household the
list caps allow (Collection.max_items in forms/cerfa.py; where a list has no cap yet,
FALLBACK_CAPS: the caps proposed for the hardening issue).
"""

from forms.cerfa import COAPPLICANTS, DEPENDANTS, FLATMATES, OTHER_CHILDREN

# Used only for a list without max_items: dependants 16, other children 8, co-applicants 6.
FALLBACK_CAPS = {"dependants": 16, "other_children": 8, "coapplicants": 6, "flatmates": 3}
SIRET = "73282932000074"
FIRST_NAMES = ("Awa", "Moussa", "Léa", "Yanis", "Inès", "Mohamed", "Chloé", "Noah",
               "Fatoumata", "Lucas", "Aya", "Hugo", "Sofia", "Adam", "Lina", "Nathan")


def cap(collection):
    return collection.max_items or FALLBACK_CAPS[collection.name]


def applicant():
    return {
        "request_kind": "premiere", "civility": "madame", "birth_name": "Ndiaye",
        "usage_name": "Martin", "first_names": "Aïssatou Marie", "birth_date": "1985-03-27",
        "nationality": "francaise", "nir_unknown": "oui", "phone_mobile": "06 12 34 56 78",
        "email": "aissatou@example.fr", "consent_email": "oui", "consent_sms": "non",
        "living_situation": "logement", "address_number": "257",
        "address_street": "rue de Paris", "address_postcode": "71000",
        "address_city": "Mâcon", "mail_elsewhere": "non", "work_status": "D1",
        "work_city": "Mâcon", "work_postcode": "71000", "employer_siret": SIRET,
        "income_n2": "18500",
        "receives_monthly": "E7", "monthly_applicant_salary": "1450",
        "monthly_applicant_family": "290", "housing_status": "F5", "current_rooms": "F23",
        "current_surface": "62", "current_rent": "780", "current_housing_aid": "120",
        "reasons": ["F35", "F37"], "other_property": "F51", "housing_type": "G1",
        "rooms_sought": ["G8", "G9"],
    }


def coapplicant(n):
    return {"civility": "monsieur", "birth_name": "Ndiaye",
            "first_names": f"Ousmane {FIRST_NAMES[n % len(FIRST_NAMES)]}",
            "birth_date": "1982-11-09", "nationality": "francaise", "nir_unknown": "oui",
            "link": "B2" if n == 1 else "B7", "phone_mobile": "07 11 22 33 44",
            "consent_email": "non", "work_status": "D11", "work_city": "Chalon-sur-Saône",
            "work_postcode": "71100", "siret": SIRET, "income_n2": "21300",
            "monthly_coapplicant_salary": "1620"}


def child(n, **more):
    return {"last_name": "Ndiaye", "first_names": FIRST_NAMES[n % len(FIRST_NAMES)],
            "birth_date": f"{2008 + n % 16}-0{1 + n % 9}-1{n % 10}", "sex": "fm"[n % 2],
            **more}


def flatmate(n):
    return {"civility": "madame", "birth_name": "Durand",
            "first_names": f"Claire {FIRST_NAMES[n]}",
            "birth_date": "1990-05-14"}


def household(kind, locations):
    """A dossier document; kind: "one person", "family of 5" or "largest".
    `locations`: [(INSEE code, name, postcode)…], as many as that household chooses."""
    answers = applicant()
    if kind == "family of 5":
        answers["coapplicants"] = [coapplicant(1)]
        answers["dependants"] = [child(n, link="enfant") for n in range(3)]
    elif kind == "largest":
        answers["coapplicants"] = [coapplicant(n + 1) for n in range(cap(COAPPLICANTS))]
        answers["dependants"] = [child(n, link="enfant") for n in range(cap(DEPENDANTS))]
        answers["other_children"] = [child(n, custody="garde_alternee")
                                     for n in range(cap(OTHER_CHILDREN))]
        answers["flatmates"] = [flatmate(n + 1) for n in range(cap(FLATMATES))]
    answers["locations"] = [{"code": code, "name": name, "postcode": postcode}
                            for code, name, postcode in locations]
    return {"format": "demande-logement-social", "version": 1, "edition": "14069*04",
            "answers": answers}


def sizes(document):
    """How many people each list holds, for the printed labels."""
    return {k: len(v) for k, v in document["answers"].items()
            if k in ("coapplicants", "dependants", "other_children", "flatmates")}
