"""Pure checks from the Cerfa's notice, independent of WTForms.

Each `parse_*` function takes what a person typed and returns the normalised
value, or raises `Invalid` with a French message saying what is wrong and how
to fix it.
"""

import bisect
import datetime as dt
import re
import unicodedata

from babel.lists import format_list
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l

from .printable import RANGES as PRINTABLE_RANGES


class Invalid(ValueError):
    """A value that breaks a rule; `message` is shown to the person."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


_SEPARATORS = re.compile(r"[\s.\-_/]+")
_ASCII_DIGITS = re.compile(r"^[0-9]+$")


# Digits as typed on an Arabic keyboard (٠١٢… and ۰۱۲…), read as 0 1 2…
_WESTERN_DIGITS = {**{0x0660 + n: str(n) for n in range(10)},
                   **{0x06F0 + n: str(n) for n in range(10)}, 0x066C: " "}


def western_digits(value: str) -> str:
    """Whatever the language of the page, numbers are kept in 0-9 for the Cerfa."""
    return (value or "").translate(_WESTERN_DIGITS)


def compact(value: str) -> str:
    """Drop the spaces, dots, dashes and slashes people type to group digits."""
    return _SEPARATORS.sub("", value or "")


# -- Social-security number (NIR), boxes A2 and B1 --------------------------

_NIR_SHAPE = re.compile(r"^[1-478]\d{4}(?:\d{2}|2A|2B)\d{6}\d{2}$", re.ASCII)


def nir_key(first13: str) -> int:
    """Control key of a NIR: 97 − (number mod 97); Corsica's 2A/2B count as 19/18."""
    number = first13.upper().replace("2A", "19").replace("2B", "18")
    return 97 - int(number) % 97


def parse_nir(raw: str) -> str:
    value = compact(raw).upper()
    if len(value) != 15:
        raise Invalid(_l(
            "Le numéro de sécurité sociale doit comporter 15 caractères "
            "(13 chiffres et une clé de 2 chiffres) ; vous en avez saisi %(count)s",
            count=len(value)))
    if not _NIR_SHAPE.match(value):
        raise Invalid(_l(
            "Le numéro de sécurité sociale ne contient que des chiffres (avec 2A ou 2B "
            "pour une naissance en Corse) et commence par 1, 2, 3, 4, 7 ou 8"))
    if nir_key(value[:13]) != int(value[13:]):
        raise Invalid(_l(
            "La clé du numéro de sécurité sociale (les 2 derniers chiffres) ne correspond "
            "pas aux 13 premiers : vérifiez le numéro sur votre carte Vitale"))
    return value


def format_nir(value: str) -> str:
    """Group a NIR the way the carte Vitale prints it: 1 85 05 78 006 084 36."""
    if len(value) != 15:
        return value
    parts = (value[0], value[1:3], value[3:5], value[5:7], value[7:10], value[10:13], value[13:])
    return " ".join(parts)


# -- Unique registration number (numéro unique d'enregistrement), box A1 ---

_A1_SHAPE = re.compile(r"^[0-9A-Z]{18}$")


def parse_registration_number(raw: str) -> str:
    value = compact(raw).upper()
    if not _A1_SHAPE.match(value):
        if len(value) != 18:
            raise Invalid(_l(
                "Le numéro unique d'enregistrement comporte 18 caractères ; "
                "vous en avez saisi %(count)s. Recopiez-le depuis votre attestation "
                "d'enregistrement", count=len(value)))
        raise Invalid(_l(
            "Le numéro unique d'enregistrement ne contient que des chiffres et des "
            "lettres : recopiez-le depuis votre attestation d'enregistrement"))
    return value


# -- Dates -------------------------------------------------------------------


_DATE_SEPARATORS = re.compile(r"\s*[\s./\-]\s*")


def parse_date_parts(day: str, month: str, year: str, *, label, today: dt.date,
                     past_only: bool = False, earliest_year: int = 1900) -> dt.date:
    parts = [western_digits(p).strip() for p in (day, month, year)]
    whole = _DATE_SEPARATORS.split(parts[0])
    if not parts[1] and not parts[2] and len(whole) == 3:  # 01/02/2024 typed in one box
        parts = whole
    label = str(label)
    names = [_l("un jour"), _l("un mois"), _l("une année")]
    missing = [str(name) for name, part in zip(names, parts) if not part]
    if missing:
        raise Invalid(_l("%(label)s doit comporter %(parts)s",
                         label=label, parts=join_list(missing)))
    if not all(_ASCII_DIGITS.match(part) and len(part) <= 4 for part in parts):
        raise Invalid(_l("%(label)s ne contient que des chiffres, par exemple 27 3 1985",
                         label=label))
    d, m, y = (int(part) for part in parts)
    if len(parts[2]) != 4:
        raise Invalid(_l("L'année doit comporter 4 chiffres, par exemple 1985"))
    try:
        value = dt.date(y, m, d)
    except ValueError:
        raise Invalid(_l("%(label)s doit être une vraie date (jour de 1 à 31, mois de 1 à 12)",
                         label=label)) from None
    if past_only and value > today:
        raise Invalid(_l("%(label)s doit être dans le passé", label=label))
    if y < earliest_year:
        raise Invalid(_l("%(label)s doit être après %(year)s", label=label, year=earliest_year))
    return value


def join_list(items):
    """'a, b et c' in the language of the page."""
    return format_list(items, locale=str(get_locale() or "fr"))


# -- Postal codes and countries ---------------------------------------------

# Metropolitan départements 01–95 (Corsica is 20xxx), overseas 97x and 98x.
_FRENCH_POSTCODE = re.compile(r"^(?:0[1-9]|[1-8]\d|9[0-5]|97|98)\d{3}$", re.ASCII)
_FOREIGN_POSTCODE = re.compile(r"^[0-9A-Z][0-9A-Z \-]{1,10}$")
_FRANCE_NAMES = {"france", "fr", "fra", "france metropolitaine", "republique francaise"}


def plain(text: str) -> str:
    """Lower case, without accents or extra spaces: for comparing names."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(stripped.casefold().replace("-", " ").split())


def is_france(country: str) -> bool:
    return not (country or "").strip() or plain(country) in _FRANCE_NAMES


def parse_postcode(raw: str, *, country: str = "") -> str:
    value = (raw or "").strip()
    if is_france(country):
        value = compact(value)
        if not (_ASCII_DIGITS.match(value) and len(value) == 5):
            raise Invalid(_l("Le code postal doit comporter 5 chiffres, par exemple 71000. "
                             "Pour une adresse à l'étranger, indiquez aussi le pays"))
        if not _FRENCH_POSTCODE.match(value):
            raise Invalid(_l("Ce code postal n'existe pas en France : vérifiez les "
                             "2 premiers chiffres (numéro du département)"))
        return value
    value = " ".join(value.upper().split())
    if not _FOREIGN_POSTCODE.match(value):
        raise Invalid(_l("Le code postal étranger comporte au plus 11 chiffres ou lettres. "
                         "S'il est plus long, écrivez-le dans le complément d'adresse"))
    return value


# -- Phone numbers ------------------------------------------------------------

_FRENCH_NATIONAL = re.compile(r"^0[1-9]\d{8}$", re.ASCII)
_INTERNATIONAL = re.compile(r"^\+[1-9]\d{8,14}$", re.ASCII)


def parse_phone(raw: str) -> str:
    """Accept 06 12 34 56 78, 06.12.34.56.78, +33 6 12 34 56 78, +33 (0)6…, 0033…,
    overseas (+262, +590…) and other international numbers written with +."""
    value = re.sub(r"[\s.\-()/]+", "", raw or "")
    value = re.sub(r"^00", "+", value)
    if value.startswith("+33"):
        rest = value[3:]
        rest = rest[1:] if rest.startswith("0") and len(rest) == 10 else rest
        value = "0" + rest
    if _FRENCH_NATIONAL.match(value):
        return value
    if value.startswith("+") and _INTERNATIONAL.match(value):
        return value
    raise Invalid(_l("Le numéro de téléphone doit comporter 10 chiffres, par exemple "
                     "06 12 34 56 78, ou commencer par + suivi de l'indicatif du pays, "
                     "par exemple +33 6 12 34 56 78"))


def format_phone(value: str) -> str:
    if _FRENCH_NATIONAL.match(value or ""):
        return " ".join(value[i:i + 2] for i in range(0, 10, 2))
    return value


# -- Whole numbers, SIREN and SIRET -------------------------------------------


def parse_whole_number(raw: str, *, label, maximum: int) -> str:
    """Whole euros, m², people: digits only (spaces between thousands allowed)."""
    value = re.sub(r"[\s\u202f\u00a0]", "", raw or "")
    if value.endswith("€"):
        value = value[:-1]
    if not _ASCII_DIGITS.match(value):
        raise Invalid(_l("« %(label)s » : indiquez un nombre entier, sans centimes ni signe, "
                         "par exemple 450", label=label))
    if int(value) > maximum:
        raise Invalid(_l("« %(label)s » : le nombre doit être au plus %(max)s",
                         label=label, max=maximum))
    return str(int(value))


def luhn_valid(digits: str) -> bool:
    total = 0
    for index, char in enumerate(reversed(digits)):
        n = int(char) * (2 if index % 2 else 1)
        total += n - 9 if n > 9 else n
    return total % 10 == 0


LA_POSTE_SIREN = "356000000"
LA_POSTE_HEAD_OFFICE = "35600000000048"  # the head office uses the Luhn check


def parse_siren(raw: str) -> str:
    value = compact(raw)
    if not (_ASCII_DIGITS.match(value) and len(value) == 9):
        raise Invalid(_l("Le SIREN comporte 9 chiffres ; vous en avez saisi %(count)s. Il figure "
                         "sur votre quittance de loyer", count=len(value)))
    if not luhn_valid(value):
        raise Invalid(_l("Ce numéro SIREN n'existe pas (le dernier chiffre ne correspond pas) : "
                         "vérifiez-le sur votre quittance"))
    return value


def parse_siret(raw: str) -> str:
    """14 digits: the SIREN of the company (9 digits with their own Luhn check), then
    the establishment, the whole under a Luhn check. La Poste's establishments follow
    their own rule (sum of the digits a multiple of 5)."""
    value = compact(raw)
    if not (_ASCII_DIGITS.match(value) and len(value) == 14):
        raise Invalid(_l("Le numéro SIRET comporte 14 chiffres ; vous en avez saisi %(count)s. "
                         "Il figure sur votre bulletin de salaire", count=len(value)))
    if value.startswith(LA_POSTE_SIREN) and value != LA_POSTE_HEAD_OFFICE:
        valid = sum(int(c) for c in value) % 5 == 0
    else:
        valid = luhn_valid(value) and luhn_valid(value[:9])
    if not valid:
        raise Invalid(_l("Ce numéro SIRET n'existe pas (les chiffres ne concordent pas) : "
                         "vérifiez-le sur votre bulletin de salaire"))
    return value


# -- Desired locations (page 8) -------------------------------------------------

ILE_DE_FRANCE = {"75", "77", "78", "91", "92", "93", "94", "95"}
MAX_LOCATIONS = 8


def location_conflict(chosen_departements, new_departement) -> bool:
    """True when a commune cannot join the others: outside Île-de-France, one
    application is made per département."""
    all_departements = set(chosen_departements) | {new_departement}
    return len(all_departements) > 1 and not all_departements <= ILE_DE_FRANCE


# -- E-mail -----------------------------------------------------------------

_EMAIL = re.compile(r"^[^@\s]+@[^@\s.]+(?:\.[^@\s.]+)+$")


def parse_email(raw: str) -> str:
    value = (raw or "").strip()
    if not _EMAIL.match(value):
        raise Invalid(_l("L'adresse e-mail doit être de la forme nom@exemple.fr"))
    return value


# -- Free text ------------------------------------------------------------------

# Letters of any alphabet, joined by spaces, apostrophes (straight or curly) or hyphens.
_NAME = re.compile(r"^[^\W\d_]+(?:[ '’‘ʼ\-‐–][^\W\d_]+)*$")


def parse_name(raw: str, *, label) -> str:
    value = " ".join(unicodedata.normalize("NFC", raw or "").split())
    if not _NAME.match(value):
        raise Invalid(_l("« %(label)s » : utilisez seulement des lettres, des espaces, "
                         "des traits d'union et des apostrophes", label=label))
    return value


_RANGE_STARTS = [first for first, _last in PRINTABLE_RANGES]


def printable_by_font(char: str) -> bool:
    index = bisect.bisect_right(_RANGE_STARTS, ord(char)) - 1
    return index >= 0 and ord(char) <= PRINTABLE_RANGES[index][1]


def check_printable(value: str, *, label) -> str:
    """Refuse what cannot be printed on the form: control characters, and
    characters the PDF font has no drawing for (they would print as boxes)."""
    if any(unicodedata.category(c) in ("Cc", "Cf", "Co", "Cs") for c in value):
        raise Invalid(_l("« %(label)s » contient des caractères invisibles ou non "
                         "imprimables : retapez votre réponse", label=label))
    missing = [c for c in unicodedata.normalize("NFC", value) if not printable_by_font(c)]
    if missing:
        raise Invalid(_l("« %(label)s » : le caractère « %(char)s » ne peut pas être imprimé "
                         "sur le formulaire. Écrivez-le en lettres latines",
                         label=label, char=missing[0]))
    return value


# -- NIR and the person it belongs to (a soft check) ------------------------------

NIR_SEX = {"1": "monsieur", "2": "madame"}
PROVISIONAL_NIR = ("7", "8")  # temporary numbers: their digits need not follow the person


def nir_mismatches(nir: str, civility: str | None, birth_date: str | None) -> list[str]:
    """What in a valid NIR does not match its holder: "sex", "year", "month".

    Never a refusal, only something to check (two people's numbers swapped): a number
    may legitimately differ. Provisional numbers (7, 8) are not read; 3 and 4 (people
    born abroad, being registered) say nothing of sex, nor 1/2 after a change of sex
    at the civil registry, which is why this is only a warning. A month of 20 or more
    means unknown or special (people born abroad); the year is compared modulo 100 so
    the century never matters."""
    if len(nir or "") != 15 or nir[0] in PROVISIONAL_NIR:
        return []
    found = []
    if civility and nir[0] in NIR_SEX and NIR_SEX[nir[0]] != civility:
        found.append("sex")
    try:
        born = dt.date.fromisoformat(birth_date or "")
    except ValueError:
        return found
    if int(nir[1:3]) != born.year % 100:
        found.append("year")
    month = int(nir[3:5])
    if 1 <= month <= 12 and month != born.month:
        found.append("month")
    return found
