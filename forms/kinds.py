"""The kinds of question, one registered unit each: this module is their list.

A `Question(kind="date")` names its kind; the kind owns everything that depends on it:

- `form_field` the WTForms field that keeps what was typed, `is_empty(field)`, `raw(field)`
  (what page rules read before checking) and `clean(question, field, form)`: the
  normalised answer, or `rules.Invalid` with the message shown under the field;
- `text(question, answer, translate)`: the answer as read on the answers page
  (`translate` turns a lazy string into text: the web app passes its cached one);
- `stored`: the shape of its answer in a dossier file ("text", "date", "boxes",
  "people", "communes": forms/dossier.py checks each shape), `posted(question, answer)`:
  the answer as a browser posts it (a dossier file is checked through the page's form);
- `printed(question, answer, page)`: (slots, value, label) handed to the PDF drawing,
  `printed_value(answer)` for an answer of a list's person;
- `macro`: the macro of templates/components/macros.html that draws it (None for the
  kinds answered on a page of their own), and for a text input its `input_type` and
  `attributes`; `first_input(question)` is the id that error and change links point to.

A new kind is one more `register(…)` below (then `make docs`), and a macro if it
needs a new widget.
"""

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Callable

from babel import Locale
from babel.dates import format_date
from babel.numbers import format_currency
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from wtforms import Field, StringField

from . import rules

CHECKED = "oui"
YES, NO = _l("Oui"), _l("Non")
ARRONDISSEMENT = re.compile(r"^(?P<city>.+?) (?P<district>\d+(?:er|e) Arrondissement)$")


class DatePartsField(Field):
    """A date typed in three boxes (day, month, year), kept as typed."""

    PARTS = ("day", "month", "year")

    def process(self, formdata, data=None, extra_filters=None):
        self.process_errors = []
        self.data = data
        if formdata is not None and any(f"{self.name}-{p}" in formdata for p in self.PARTS):
            self.parts = {p: formdata.get(f"{self.name}-{p}", "") for p in self.PARTS}
            self.raw_data = [self.parts[p] for p in self.PARTS]
        else:
            self.raw_data = None
            self.parts = dict(zip(self.PARTS, _iso_to_parts(data)))

    def is_empty(self):
        return not any((v or "").strip() for v in self.parts.values())


def _iso_to_parts(value):
    try:
        date = dt.date.fromisoformat(value)
    except (TypeError, ValueError):
        return ("", "", "")
    return (str(date.day), str(date.month), str(date.year))


class ChoicesField(Field):
    """Several boxes under one name: the values ticked, in the order of the choices."""

    def process(self, formdata, data=None, extra_filters=None):
        self.process_errors = []
        if formdata is not None and self.name in formdata:
            self.raw_data = formdata.getlist(self.name)
            self.data = self.raw_data
        elif formdata is not None:
            self.raw_data, self.data = [], []
        else:
            self.raw_data, self.data = None, list(data or [])


NO_SPELLCHECK = {"spellcheck": "false"}
DIGITS = {"spellcheck": "false", "inputmode": "numeric"}
CODE = {"spellcheck": "false", "autocapitalize": "characters"}


@dataclass(frozen=True)
class Kind:
    """A line of text (the plain kind, and the base of the others): spaces folded.

    `parser(value, question)` checks and normalises a typed value; `shown(answer)` is
    the answer on the answers page."""

    name: str
    parser: Callable | None = None
    shown: Callable = str
    input_type: str = "text"
    attributes: dict = field(default_factory=dict)
    macro: str | None = "text_input"  # None: answered on a page of its own
    form_field: type = StringField
    stored: str = "text"
    tick_box: bool = False  # left empty, it reads "Non" and is listed as not ticked
    about: str = ""  # what it takes, for docs/maintaining.md (else its class's first line)

    @property
    def summary(self) -> str:
        return self.about or type(self).__doc__.split("\n")[0].rstrip(".")

    # -- The form field ------------------------------------------------------------

    def is_empty(self, field) -> bool:
        return not (field.data or "").strip()

    def raw(self, field):
        return field.data

    def clean(self, question, field, form):
        """The answer of a field that is not empty: length, printable, then the rule."""
        value = self.typed(field.data)
        if len(value) > question.max_length:
            raise rules.Invalid(_l(
                "« %(label)s » : %(max)s caractères au plus ; vous en avez saisi %(count)s",
                label=question.label, max=question.max_length, count=len(value)))
        rules.check_printable(self.printable(value), label=question.label)
        return self.parse(question, unicodedata.normalize("NFC", value.strip()), form)

    def typed(self, value: str) -> str:
        return rules.western_digits(value)

    def printable(self, value: str) -> str:
        """What must be printable: all of it."""
        return value

    def parse(self, question, value, form):
        if self.parser is None:
            return " ".join(value.split())
        return self.parser(value, question)

    # -- The answers page and the page's inputs ------------------------------------

    def text(self, question, answer, translate=str) -> str:
        return self.shown(answer)

    def input_attributes(self, question) -> dict:
        """The attributes of its text input."""
        attributes = {"type": self.input_type}
        if question.autocomplete:
            attributes["autocomplete"] = question.autocomplete
        return attributes | self.attributes

    def first_input(self, question) -> str:
        """The id of its first input: where error and change links point."""
        return question.name

    def anchor(self, question, answer) -> str:
        """Where the change link of this answer points."""
        return self.first_input(question)

    # -- The dossier file and the PDF ----------------------------------------------

    def posted(self, question, answer) -> list:
        """(name, value) pairs, as a browser would post this answer."""
        return [(question.name, "" if answer is None else answer)]

    def printed(self, question, answer, page):
        """(slots, value, label) to draw: its box code, else its name, as a template knows it."""
        yield _slots(question), self.printed_value(answer), str(question.label)

    def printed_value(self, answer):
        return answer


def _slots(question):
    return tuple(s for s in (question.box, question.name) if s)


class TextArea(Kind):
    """Several lines: each line's spaces folded, the line breaks kept."""

    def typed(self, value):
        return value

    def printable(self, value):  # line breaks are welcome in a text area, nowhere else
        return value.replace("\r", "").replace("\n", " ")

    def parse(self, question, value, form):
        return "\n".join(" ".join(line.split()) for line in value.splitlines()).strip()


class Postcode(Kind):
    """Five digits in France; abroad, as the country writes it (the address's country)."""

    def parse(self, question, value, form):
        country = form.raw_values().get(question.name.replace("postcode", "country"), "")
        return rules.parse_postcode(value, country=country)


def money(value, deduction: bool = False) -> str:
    """Whole euros in the reader's language: 1 450 € in French, €1,450 in English."""
    locale = get_locale() or Locale.parse("fr")
    pattern = locale.currency_formats["standard"].pattern
    pattern = re.sub(r"\.0+", "", pattern.split(";")[0])  # whole euros: no decimals
    text = format_currency(int(value), "EUR", format=pattern, locale=locale,
                           currency_digits=False)
    return f"− {text}" if deduction else text


class Euros(Kind):
    """An amount in whole euros; one taken off the others (`deduction`) reads − 150 €."""

    def text(self, question, answer, translate=str):
        return money(answer, question.deduction)


class Radios(Kind):
    """One of the question's choices; a choice that is a box code is ticked on the PDF."""

    def parse(self, question, value, form):
        if value not in dict(question.choices):
            raise rules.Invalid(question.required_message
                                or _l("Choisissez une des réponses proposées"))
        return value

    def text(self, question, answer, translate=str):
        return translate(question.choice_label(answer))

    def first_input(self, question):
        return f"{question.name}-{question.choices[0][0]}"

    def anchor(self, question, answer):
        return f"{question.name}-{answer}"

    def printed(self, question, answer, page):
        # A choice that is a box code (G1…) is ticked in its own box.
        for choice in answer if isinstance(answer, list) else [answer]:
            yield (choice,) + _slots(question), choice, str(question.label)


class Checkboxes(Radios):
    """Any of the question's choices (at most `max_choices`), in the order of the choices."""

    def is_empty(self, field):
        return not field.data

    def clean(self, question, field, form):
        allowed = [value for value, _label in question.choices]
        if any(value not in allowed for value in field.data):
            raise rules.Invalid(_l("Cochez seulement les cases proposées"))
        chosen = [value for value in allowed if value in field.data]
        if question.max_choices and len(chosen) > question.max_choices:
            raise rules.Invalid(_l("Cochez %(max)s cases au plus ; vous en avez coché %(count)s",
                                   max=question.max_choices, count=len(chosen)))
        return chosen

    def text(self, question, answer, translate=str):
        return ", ".join(translate(question.choice_label(v)) for v in answer)

    def anchor(self, question, answer):
        return self.first_input(question)

    def posted(self, question, answer):
        return [(question.name, choice) for choice in answer or []]


class Checkbox(Kind):
    """One box, ticked ("oui") or not (no answer)."""

    def parse(self, question, value, form):
        if value != CHECKED:
            raise rules.Invalid(_l("Cochez la case ou laissez-la vide"))
        return value

    def text(self, question, answer, translate=str):
        return translate(YES if answer else NO)


def long_date(date: dt.date) -> str:
    """1 mars 2027, 1 March 2027… in the language of the page."""
    return format_date(date, format="long", locale=str(get_locale() or "fr"))


class Date(Kind):
    """A date typed in three boxes, saved as 2015-06-04, printed as 04062015."""

    def is_empty(self, field):
        return field.is_empty()

    def raw(self, field):
        return field.parts

    def clean(self, question, field, form):
        today = dt.date.today()
        value = rules.parse_date_parts(
            field.parts["day"], field.parts["month"], field.parts["year"],
            label=_l("La date"), today=today, past_only=question.past_only)
        if question.earliest_days is not None:  # a window around today, said with its dates
            first, last = (today + dt.timedelta(days=days)
                           for days in (question.earliest_days, question.latest_days))
            if not first <= value <= last:
                raise rules.Invalid(_l(
                    "La date doit être comprise entre le %(first)s et le %(last)s",
                    first=long_date(first), last=long_date(last)))
        return value.isoformat()

    def text(self, question, answer, translate=str):
        """In words; a date saved before dates were checked (31 February) is shown as
        stored, flagged to correct."""
        try:
            return long_date(dt.date.fromisoformat(answer))
        except (TypeError, ValueError):
            return str(_l("%(value)s (date impossible, à corriger)", value=answer))

    def first_input(self, question):
        return f"{question.name}-day"

    def posted(self, question, answer):
        date = dt.date.fromisoformat(answer) if answer else None
        return [(f"{question.name}-{part}", str(number) if number else "")
                for part, number in (("day", date and date.day), ("month", date and date.month),
                                     ("year", date and date.year))]

    def printed_value(self, answer):
        """As the Cerfa's boxes take it; a date saved before dates were checked
        (2015-02-31) is printed as stored, never refused."""
        return "".join(reversed(str(answer).split("-")))


class Communes(Kind):
    """The communes wished, chosen on a page of their own (search and pick)."""

    def text(self, question, answer, translate=str):
        return "\n".join(
            f"{n}. {c['name']} ({_l('toute la ville') if c.get('whole_city') else c['postcode']})"
            for n, c in enumerate(answer, 1))

    def first_input(self, question):
        return "q"

    def printed(self, question, answer, page):
        for n, place in enumerate(answer, 1):
            yield from _location_slots(n, place, str(question.label))


def _location_slots(n, place, label):
    """A commune chosen on page 8: Paris, Lyon, Marseille by arrondissement or whole."""
    name, postcode, district = place["name"], place["postcode"], None
    match = ARRONDISSEMENT.match(name)
    if match:
        name, district = match["city"], match["district"]
    elif place.get("whole_city"):
        postcode, district = "", "Toute la ville"
    for suffix, value in (("city", name), ("postcode", postcode), ("district", district)):
        yield (f"location{n}_{suffix}",), value, label


class People(Kind):
    """A list of people (the page's `collection`), each answered over its own pages."""

    def text(self, question, answer, translate=str):
        from .cerfa import person_name

        return "\n".join(f"{n}. {person_name(item)}" for n, item in enumerate(answer, 1))

    def printed(self, question, answer, page):
        """Item n on row ((n-1) % rows) + 1 of copy ((n-1) // rows) + 1 of the page."""
        collection = page.collection
        kinds = {q.name: KINDS[q.kind] for q in collection.questions}
        for index, item in enumerate(answer):
            row, copy = index % collection.rows + 1, index // collection.rows + 1
            shown = {name: (kinds[name].printed_value(v) if name in kinds else v)
                     for name, v in item.items()}
            for slot, source in collection.pdf_fields:
                if "{" in source:
                    value = " ".join(source.format_map(_Blank(shown)).split())
                else:
                    value = shown.get(source)
                if slot == "@":  # the answer is a box code (B2…, D11…): tick it
                    slot = value or ""
                slot = slot.format(row=row) + (f"#{copy}" if copy > 1 else "")
                yield (slot,), value, str(collection.item_title)


class _Blank(dict):
    def __missing__(self, key):
        return ""


KINDS: dict[str, Kind] = {}


def register(kind: Kind) -> Kind:
    KINDS[kind.name] = kind
    return kind


def _whole_number(value, question):
    return rules.parse_whole_number(value, label=question.label, maximum=question.maximum)


register(Kind("text", about="A line of text, spaces folded"))
register(Kind("country", about="A country, as typed (left empty: France)"))
register(TextArea("textarea", macro="textarea"))
register(Kind("name", parser=lambda value, q: rules.parse_name(value, label=q.label),
              attributes=NO_SPELLCHECK, about="A name: letters, spaces, hyphens, apostrophes"))
register(Kind("nir", parser=lambda value, q: rules.parse_nir(value), shown=rules.format_nir,
              attributes=CODE, about="A social security number (NIR), its key checked"))
register(Kind("registration_number",
              parser=lambda value, q: rules.parse_registration_number(value), attributes=CODE,
              about="The registration number of a demand in progress (A1)"))
register(Kind("phone", parser=lambda value, q: rules.parse_phone(value),
              shown=rules.format_phone, input_type="tel", attributes=NO_SPELLCHECK,
              about="A phone number, French or international"))
register(Kind("email", parser=lambda value, q: rules.parse_email(value), input_type="email",
              attributes=NO_SPELLCHECK, about="An e-mail address"))
register(Postcode("postcode", attributes=NO_SPELLCHECK))
register(Kind("siren", parser=lambda value, q: rules.parse_siren(value), attributes=DIGITS,
              about="A SIREN (9 digits, Luhn key)"))
register(Kind("siret", parser=lambda value, q: rules.parse_siret(value), attributes=DIGITS,
              about="A SIRET (14 digits, Luhn keys)"))
register(Kind("integer", parser=_whole_number, attributes=DIGITS,
              about="A whole number up to the question's `maximum` (people, m²)"))
register(Euros("euros", parser=_whole_number, attributes=DIGITS))
register(Radios("radios", macro="radios"))
register(Checkboxes("checkboxes", macro="checkboxes", form_field=ChoicesField, stored="boxes"))
register(Checkbox("checkbox", macro="checkbox", tick_box=True))
register(Date("date", macro="date_input", form_field=DatePartsField, stored="date"))
register(Communes("communes", macro=None, stored="communes"))
register(People("collection", macro=None, stored="people"))
