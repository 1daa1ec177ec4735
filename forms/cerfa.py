"""The Cerfa n°14069*04 as data: sections, tasks, question pages and questions.

Written once, used by the web forms, the task list, the review page and the PDF.
Each question has a stable `name` (its key in the saved answers and in the
dossier file) and, where the paper form prints one, its box code (A1, A2…).
"""

import datetime as dt
import re
from dataclasses import dataclass, field, replace

from flask_babel import lazy_gettext as _l

from .kinds import KINDS


@dataclass(frozen=True)
class When:
    """A page or requirement applies when the answer to `name` is one of `values`."""

    name: str
    values: tuple

    def holds(self, answers: dict) -> bool:
        answer = answers.get(self.name)
        if isinstance(answer, list):  # boxes ticked: holds when one of them is wanted
            return any(value in self.values for value in answer)
        return answer in self.values


@dataclass(frozen=True)
class AllOf:
    """Holds when all of `conditions` hold."""

    conditions: tuple

    def holds(self, answers: dict) -> bool:
        return all(c.holds(answers) for c in self.conditions)


@dataclass(frozen=True)
class InFrance:
    """The country answered in `name` is France (or left empty, which means France)."""

    name: str

    def holds(self, answers: dict) -> bool:
        from .rules import is_france

        return is_france(answers.get(self.name))


@dataclass(frozen=True)
class Unanswered:
    """None of `names` has an answer (a check box not ticked, a field left empty)."""

    names: tuple

    def holds(self, answers: dict) -> bool:
        return not any(answers.get(name) for name in self.names)


COUPLE_LINKS = ("B2", "B3", "B4")  # married, PACS, concubin


@dataclass(frozen=True)
class PartnerListed:
    """A co-applicant is listed as the applicant's spouse, PACS partner or concubin."""

    def holds(self, answers: dict) -> bool:
        return any(isinstance(item, dict) and item.get("link") in COUPLE_LINKS
                   for item in answers.get("coapplicants") or [])


@dataclass(frozen=True)
class Question:
    name: str
    label: object
    # A name of forms/kinds.py. Choices may be Cerfa box codes (G1, G2…): the PDF then
    # ticks the box of the value chosen.
    kind: str = "text"
    box: str | None = None
    required: bool = False
    required_message: object = None
    required_when: When | None = None
    only_when: When | None = None  # otherwise the answer does not apply and is not kept
    hint: object = None
    choices: tuple = ()
    # The Cerfa's own words, printed on our template (pdf_templates/14069-04/build.py),
    # where they differ from the site's: official French, never translated. `printed`
    # is the box's wording ("" when the form prints none); `printed_choices` gives
    # (value, wording) pairs, `printed_parts` (slot suffix, wording) pairs for a question
    # printed in several boxes. The Cerfa's star (*) of a box to fill is the template's.
    printed: str | None = None
    printed_choices: tuple = ()
    printed_parts: tuple = ()
    autocomplete: str | None = None
    max_length: int = 100
    width: str | None = None  # CSS width class, sized to the expected answer
    past_only: bool = False  # dates: must not be in the future
    max_choices: int | None = None  # checkboxes: how many boxes at most
    maximum: int = 99999  # whole numbers (euros, m², people)
    deduction: bool = False  # an amount taken off the others (pensions paid)
    year_box: str | None = None  # the box where the form wants the year of this amount
    years_back: int = 0  # an amount of year N-2 or N-1: the year is saved beside it
    on_form: bool = True  # False for the site's own questions (renewal dates)
    # Required in some cases by a page check (a French address needs its postcode):
    # then never shown as optional.
    required_by_check: bool = False
    # Dates: the earliest and latest accepted, in days from today (None: no bound).
    earliest_days: int | None = None
    latest_days: int | None = None

    def __post_init__(self):
        if self.kind not in KINDS:
            raise ValueError(f"question {self.name}: no kind {self.kind!r} in forms/kinds.py")

    @property
    def answer_kind(self):
        """What its kind does: field, check, answers page, dossier, PDF (forms/kinds.py)."""
        return KINDS[self.kind]

    @property
    def optional(self) -> bool:
        """Shown "(facultatif)": it may always be left empty."""
        return not (self.required or self.required_when or self.required_by_check)

    def choice_label(self, value):
        return dict(self.choices).get(value, value)

    @property
    def printed_label(self) -> str:
        """The box's wording on the Cerfa: `printed`, else the French label (str() of a
        lazy string outside a request is its French source text)."""
        return str(self.label) if self.printed is None else self.printed

    def printed_choice(self, value) -> str:
        return dict(self.printed_choices).get(value) or str(self.choice_label(value))

    @property
    def year_answer(self):
        """The answer holding the year this amount was given for (income_n2_year)."""
        return f"{self.name}_year" if self.years_back else None


@dataclass(frozen=True)
class Page:
    slug: str
    title: object
    questions: tuple
    hint: object = None
    when: tuple = ()  # the page is asked when any of these holds (always if empty)
    checks: tuple = ()  # page rules: f(values, other answers) -> {question name: message}
    collection: "Collection | None" = None  # a list of people, added one by one

    def applies(self, answers: dict) -> bool:
        return not self.when or any(w.holds(answers) for w in self.when)

    @property
    def single_question(self):
        """One question per page: its label or legend is the page heading."""
        return self.questions[0] if len(self.questions) == 1 else None


@dataclass(frozen=True)
class Collection:
    """People listed on the form, any number of them ("add another" pattern).

    The answer is a list of items (dicts of the item questions), each entered over
    one or more pages (`steps`). On paper, item n goes to row ((n-1) % rows) + 1 of
    copy ((n-1) // rows) + 1 of its pages. `pdf_fields` are (slot, source) pairs: the
    slot may hold `{row}`, or be "@" when the answer is itself a box code to tick; the
    source is a question name or a "{question} {question}" template.
    """

    name: str
    add_question: object  # asked under the list
    first_question: object  # asked while the list is empty
    steps: tuple  # the pages of one item
    rows: int
    pdf_fields: tuple
    max_items: int | None = None

    @property
    def questions(self):
        return tuple(q for step in self.steps for q in step.questions)

    @property
    def item_title(self):
        return self.steps[0].title


@dataclass(frozen=True)
class Task:
    slug: str
    title: object
    pages: tuple


@dataclass(frozen=True)
class Section:
    title: object
    cerfa_page: int
    tasks: tuple = field(default_factory=tuple)


YES_NO = (("oui", _l("Oui")), ("non", _l("Non")))
CIVILITY = (("monsieur", _l("Monsieur")), ("madame", _l("Madame")))
NATIONALITY = (
    ("francaise", _l("Française")),
    ("union_europeenne", _l("Union européenne")),
    ("hors_union_europeenne", _l("Hors Union européenne")),
)
REQUEST_KINDS = (
    ("premiere", _l("Une première demande")),
    ("renouvellement", _l("Le renouvellement d'une demande en cours")),
    ("modification", _l("La modification d'une demande en cours")),
)
LIVING_SITUATIONS = (
    ("logement", _l("Dans mon propre logement, comme propriétaire ou locataire")),
    ("heberge", _l("Hébergé : chez une personne, dans un foyer, un centre d'hébergement ou à l'hôtel")),
    ("domicilie", _l("Sans domicile fixe : je reçois mon courrier dans un CCAS ou une association "
                     "(domiciliation)")),
)
# The Cerfa's words for a number of rooms (F21…, F52…, G6…).
PRINTED_ROOMS = "Nombre de pièces principales (hors cuisine et salle de bain)"


def printed_rooms(first_box: int, letter: str = "F", studio: str = " (studio)"):
    words = ("1" + studio, "2", "3", "4", "5", "6 et +")
    return tuple((f"{letter}{first_box + i}", text) for i, text in enumerate(words))


def address_questions(prefix: str, autocomplete_section: str = ""):
    """The address block printed twice on page 1 (where you live, where to send mail)."""
    section = f"section-{autocomplete_section} " if autocomplete_section else ""
    return (
        Question(f"{prefix}number", _l("Numéro"), max_length=10, width="w-4",
                 hint=_l("Avec bis ou ter s'il y a lieu")),
        Question(f"{prefix}street", _l("Voie"), autocomplete=f"{section}address-line1",
                 required_by_check=True, max_length=80,
                 hint=_l("Par exemple : rue de Paris. Sans voie, laissez vide et indiquez le "
                         "lieu-dit.")),
        Question(f"{prefix}locality", _l("Lieu-dit"), autocomplete=f"{section}address-line2",
                 max_length=60),
        Question(f"{prefix}building", _l("Bâtiment"), max_length=20, width="w-10"),
        Question(f"{prefix}staircase", _l("Escalier"), max_length=10, width="w-4"),
        Question(f"{prefix}floor", _l("Étage"), max_length=10, width="w-4"),
        Question(f"{prefix}apartment", _l("Appartement"), max_length=10, width="w-4"),
        Question(f"{prefix}complement", _l("Complément d'adresse"),
                 autocomplete=f"{section}address-line3", max_length=80,
                 hint=_l("Par exemple : nom de la résidence, numéro de porte, boîte aux lettres")),
        Question(f"{prefix}postcode", _l("Code postal"), kind="postcode",
                 autocomplete=f"{section}postal-code", max_length=12, width="w-10",
                 required_by_check=True, hint=_l("Sauf pour une adresse à l'étranger")),
        Question(f"{prefix}city", _l("Ville"), required=True,
                 required_message=_l("Saisissez la ville"),
                 autocomplete=f"{section}address-level2", max_length=60),
        Question(f"{prefix}country", _l("Pays"), kind="country",
                 autocomplete=f"{section}country-name", max_length=60,
                 hint=_l("Laissez vide pour la France")),
    )


def address_check(prefix: str, street: bool = True):
    """Street or lieu-dit, and a postal code for a French address."""
    from .rules import is_france

    def check(values, _known):
        errors = {}
        if street and not values.get(f"{prefix}street") and not values.get(f"{prefix}locality"):
            errors[f"{prefix}street"] = _l("Saisissez la voie (rue, avenue…) ou le lieu-dit")
        if is_france(values.get(f"{prefix}country")) and not values.get(f"{prefix}postcode") \
                and (street or values.get(f"{prefix}city")):
            errors[f"{prefix}postcode"] = _l("Saisissez le code postal, par exemple 71000")
        return errors

    return check


MAIL_ADDRESS = address_questions("mail_", "courrier")
WORK_POSTCODE_HINT = _l("Si vous indiquez la ville d'un lieu de travail en France")

REQUEST_PAGE = Page(
    "votre-demande", _l("Votre demande"),
    questions=(
        Question("request_kind", _l("Quelle demande faites-vous ?"), kind="radios",
                 choices=REQUEST_KINDS, required=True, printed="Il s'agit :",
                 printed_choices=(("premiere", "D'une première demande"),
                                  ("renouvellement", "Du renouvellement d'une demande en cours"),
                                  ("modification", "D'une modification d'une demande en "
                                                   "cours")),
                 required_message=_l("Indiquez s'il s'agit d'une première demande, "
                                     "d'un renouvellement ou d'une modification")),
        Question("registration_number", _l("Numéro unique d'enregistrement"),
                 kind="registration_number", box="A1", max_length=40, width="w-20",
                 printed="Si vous avez déjà une demande en cours, indiquez votre numéro "
                         "unique d'enregistrement",
                 required_when=When("request_kind", ("renouvellement", "modification")),
                 only_when=When("request_kind", ("renouvellement", "modification")),
                 required_message=_l("Pour un renouvellement ou une modification, saisissez "
                                     "le numéro unique d'enregistrement de votre demande"),
                 hint=_l("Seulement pour un renouvellement ou une modification : les 18 "
                         "caractères indiqués sur votre attestation d'enregistrement")),
    ),
)

NIR_KNOWN = When("nir_unknown", (None, ""))


def number_or_unknown(number: str, unknown: str, message):
    """A number and the box saying it is not known: not both."""

    def check(values, _known):
        if values.get(number) and values.get(unknown):
            return {unknown: message}
        return {}

    return check


nir_or_none = number_or_unknown("nir", "nir_unknown", _l(
    "Vous avez saisi un numéro : effacez-le, ou décochez la case « Je n'ai pas encore de "
    "numéro »"))


IDENTITY_PAGES = (
    Page("identite", _l("Votre identité"),
         hint=_l("Écrivez comme sur votre pièce d'identité ou votre titre de séjour."),
         questions=(
             Question("civility", _l("Civilité"), kind="radios", choices=CIVILITY,
                      required=True, printed="",
                      required_message=_l("Indiquez Monsieur ou Madame")),
             Question("birth_name", _l("Nom de naissance"), kind="name", required=True,
                      required_message=_l("Saisissez votre nom de naissance"),
                      autocomplete="family-name", max_length=50),
             Question("usage_name", _l("Nom d'usage"), kind="name", max_length=50,
                      printed="Nom d'usage (si différent)",
                      hint=_l("Seulement s'il est différent du nom de naissance, "
                              "par exemple le nom d'époux")),
             Question("first_names", _l("Prénoms"), kind="name", required=True,
                      required_message=_l("Saisissez votre prénom ou vos prénoms"),
                      autocomplete="given-name", max_length=80,
                      hint=_l("Tous vos prénoms, dans l'ordre de votre pièce d'identité")),
         )),
    Page("date-de-naissance", _l("Date de naissance"), questions=(
        Question("birth_date", _l("Quelle est votre date de naissance ?"), kind="date",
                 required=True, past_only=True, autocomplete="bday",
                 printed="Date de naissance",
                 required_message=_l("Saisissez votre date de naissance"),
                 hint=_l("Par exemple : 27 3 1985")),
    )),
    Page("nationalite", _l("Nationalité"), questions=(
        Question("nationality", _l("Quelle est votre nationalité ?"), kind="radios",
                 choices=NATIONALITY, required=True, printed="Nationalité",
                 required_message=_l("Indiquez votre nationalité"),
                 hint=_l("Hors Union européenne : vous joindrez une copie de votre titre de "
                         "séjour ou du récépissé de votre demande")),
    )),
    Page("securite-sociale", _l("Votre numéro de sécurité sociale"), questions=(
        Question("nir", _l("Numéro de sécurité sociale"), kind="nir", box="A2",
                 printed="Votre numéro de sécurité sociale",
                 required_when=NIR_KNOWN, max_length=30, width="w-20",
                 required_message=_l("Saisissez votre numéro de sécurité sociale, ou cochez "
                                     "la case si vous n'en avez pas encore"),
                 hint=_l("15 chiffres, inscrits sur votre carte Vitale ou votre attestation "
                         "de droits, par exemple 2 85 05 78 006 084 41")),
        Question("nir_unknown", _l("Je n'ai pas encore de numéro de sécurité sociale"),
                 kind="checkbox",
                 hint=_l("Le guichet vous dira comment compléter votre demande, par exemple "
                         "avec un numéro provisoire.")),
    ), checks=(nir_or_none,)),
)

def phone_or_none(values, _known):
    if values.get("no_phone") and (values.get("phone_home") or values.get("phone_mobile")):
        return {"no_phone": _l("Vous avez saisi un numéro de téléphone : effacez-le, ou "
                               "décochez la case « Je n'ai pas de téléphone »")}
    return {}


ONLINE_RENEWAL = "H2"
EMAILS = ("email", "helper_email")


def email_for_online_renewal(values, known):
    """H2: the alert is sent to an e-mail address of page 1 (yours or your helper's)."""
    if known.get("online_renewal") == ONLINE_RENEWAL and not any(values.get(e) for e in EMAILS):
        return {"email": _l("Vous avez choisi de renouveler votre demande en ligne : l'e-mail "
                            "d'alerte est envoyé à l'une de ces adresses. Saisissez-en une, ou "
                            "répondez « Non » à la question « Renouvellement en ligne »")}
    return {}


def online_renewal_needs_an_email(values, known):
    if values.get("online_renewal") == ONLINE_RENEWAL and not any(known.get(e) for e in EMAILS):
        return {"online_renewal": _l(
            "Le renouvellement en ligne se fait avec un e-mail d'alerte, envoyé à l'adresse "
            "indiquée dans « Vos coordonnées » : vous n'en avez pas donné. Répondez « Non » "
            "(vous renouvellerez au guichet), ou ajoutez d'abord votre adresse e-mail ou celle "
            "de la personne qui vous aide")}
    return {}


CONTACT_PAGES = (
    Page("coordonnees", _l("Vos coordonnées"),
         hint=_l("Donnez au moins un numéro de téléphone pour être prévenu quand votre "
                 "demande devra être renouvelée, et un e-mail pour recevoir les "
                 "propositions de logement."),
         questions=(
             Question("phone_home", _l("Téléphone domicile ou professionnel"), kind="phone",
                      autocomplete="home tel", max_length=25, width="w-20"),
             # Notice: "Indiquez au moins un numéro de téléphone" (docs/rules.md).
             Question("phone_mobile", _l("Téléphone portable"), kind="phone",
                      autocomplete="mobile tel", max_length=25, width="w-20",
                      required_when=Unanswered(("phone_home", "no_phone")),
                      required_message=_l("Saisissez au moins un numéro de téléphone, portable "
                                          "ou fixe, ou cochez « Je n'ai pas de téléphone »"),
                      hint=_l("Si vous n'avez qu'un téléphone fixe, laissez vide.")),
             Question("no_phone", _l("Je n'ai pas de téléphone"), kind="checkbox",
                      on_form=False,
                      hint=_l("Le guichet vous écrira à l'adresse indiquée pour le courrier.")),
             Question("email", _l("Adresse e-mail personnelle"), kind="email",
                      autocomplete="email", max_length=254, printed="Mail personnel"),
             Question("helper_email",
                      _l("Adresse e-mail d'une personne ou d'une structure qui vous aide "
                         "dans vos démarches"),
                      kind="email", max_length=254,
                      printed="Mail d'une personne ou d'une structure vous aidant dans les "
                              "démarches",
                      hint=_l("Par exemple votre travailleur social ou une association")),
         ), checks=(phone_or_none, email_for_online_renewal)),
    Page("informations", _l("Recevoir des informations"),
         hint=_l("Vous recevrez dans tous les cas les messages indispensables à votre demande : "
                 "attestations, propositions de logement, rappels de renouvellement. Ici, il "
                 "s'agit d'informations en plus, par exemple sur l'accession à la propriété."),
         questions=(
             Question("consent_email", _l("Acceptez-vous de recevoir des informations par e-mail ?"),
                      kind="radios", choices=YES_NO, required=True,
                      printed="Acceptez-vous de recevoir des informations : par mail ?",
                      required_message=_l("Indiquez si vous acceptez de recevoir des "
                                          "informations par e-mail")),
             Question("consent_sms", _l("Acceptez-vous de recevoir des informations par SMS ?"),
                      kind="radios", choices=YES_NO, required=True, printed="par SMS ?",
                      required_message=_l("Indiquez si vous acceptez de recevoir des "
                                          "informations par SMS")),
         )),
)

HOUSED_OR_HOSTED = When("living_situation", ("logement", "heberge"))
DOMICILED = When("living_situation", ("domicilie",))

ADDRESS_PAGES = (
    Page("ou-vivez-vous", _l("Où vivez-vous ?"), questions=(
        Question("living_situation", _l("Où vivez-vous en ce moment ?"), kind="radios",
                 choices=LIVING_SITUATIONS, required=True,
                 required_message=_l("Indiquez où vous vivez en ce moment"),
                 hint=_l("Cette réponse sert à vous poser les bonnes questions sur "
                         "votre adresse.")),
    )),
    Page("adresse", _l("Adresse du logement où vous vivez actuellement"),
         hint=_l("Indiquez-la très précisément : c'est là que vous recevrez l'attestation "
                 "et les propositions de logement."),
         when=(HOUSED_OR_HOSTED,),
         questions=address_questions("address_"),
         checks=(address_check("address_"),)),
    Page("hebergement", _l("Qui vous héberge ?"), when=(When("living_situation", ("heberge",)),),
         questions=(
             Question("host_name", _l("Nom de la personne ou de la structure qui vous héberge"),
                      required=True, max_length=80,
                      printed="Si vous êtes hébergé, personne ou structure hébergeante",
                      required_message=_l("Saisissez le nom de la personne ou de la structure "
                                          "qui vous héberge"),
                      hint=_l("Par exemple « chez Madame Martin » ou le nom du foyer")),
         )),
    Page("courrier", _l("Adresse pour le courrier"), when=(HOUSED_OR_HOSTED,), questions=(
        Question("mail_elsewhere",
                 _l("Voulez-vous recevoir votre courrier à une autre adresse ?"),
                 kind="radios", choices=YES_NO, required=True,
                 required_message=_l("Indiquez si le courrier doit être envoyé à une autre adresse")),
    )),
    Page("adresse-courrier", _l("Adresse à laquelle envoyer votre courrier"),
         when=(When("mail_elsewhere", ("oui",)),),
         questions=MAIL_ADDRESS + (
             Question("mail_recipient",
                      _l("Personne ou structure à qui envoyer le courrier"), max_length=80,
                      printed="Si vous êtes hébergé ou domicilié, personne ou structure à qui "
                              "envoyer un courrier",
                      hint=_l("Si vous êtes hébergé : « chez Monsieur… » ou le nom de la structure")),
         ),
         checks=(address_check("mail_"),)),
    Page("domiciliation", _l("Votre adresse de domiciliation"),
         hint=_l("C'est l'adresse du CCAS ou de l'association agréée qui reçoit votre courrier. "
                 "Elle figure sur votre attestation d'élection de domicile. Si vous n'en avez "
                 "pas encore, le CCAS de votre commune peut vous en donner une."),
         when=(DOMICILED,),
         questions=(
             Question("mail_recipient", _l("Nom du CCAS ou de l'association"), required=True,
                      max_length=80,
                      required_message=_l("Saisissez le nom du CCAS ou de l'association qui "
                                          "reçoit votre courrier"),
                      hint=_l("Par exemple : CCAS de Mâcon")),
         ) + MAIL_ADDRESS,
         checks=(address_check("mail_"),)),
)

def flatshare_with_flatmates(values, known):
    """G12 (colocation) goes with at least one flatmate, and flatmates with G12."""
    if values.get("flatshare") and not known.get("flatmates"):
        return {"flatshare": _l("Pour une colocation, ajoutez d'abord vos colocataires "
                                "(rubrique « Vos colocataires »), ou décochez cette case")}
    if known.get("flatmates") and not values.get("flatshare"):
        return {"flatshare": _l("Vous avez indiqué des colocataires : cochez cette case, ou "
                                "retirez-les de la rubrique « Vos colocataires »")}
    return {}


HOME_SOUGHT_PAGES = (
    Page("type-de-logement", _l("Type de logement"), questions=(
        Question("housing_type", _l("Quel type de logement recherchez-vous ?"), kind="radios",
                 choices=(("G1", _l("Un appartement")), ("G2", _l("Une maison")),
                          ("G3", _l("Indifférent"))), printed="",
                 printed_choices=(("G1", "Appartement"), ("G2", "Maison")),
                 required=True, required_message=_l("Indiquez le type de logement recherché")),
    )),
    Page("pieces", _l("Nombre de pièces"), questions=(
        Question("rooms_sought", _l("Combien de pièces principales recherchez-vous ?"),
                 kind="checkboxes", max_choices=2, required=True,
                 choices=(("G6", _l("1 pièce")), ("G7", _l("2 pièces")), ("G8", _l("3 pièces")),
                          ("G9", _l("4 pièces")), ("G10", _l("5 pièces")),
                          ("G11", _l("6 pièces et plus"))),
                 printed=f"{PRINTED_ROOMS}. Cochez maximum 2 cases",
                 printed_choices=printed_rooms(6, "G", studio=""),
                 required_message=_l("Cochez 1 ou 2 tailles de logement"),
                 hint=_l("Hors cuisine et salle de bain. Cochez 1 ou 2 cases.")),
    )),
    Page("parking-etage", _l("Parking, étage et ascenseur"), questions=(
        Question("parking", _l("Souhaitez-vous un parking ?"), kind="radios",
                 choices=(("G4", _l("Oui")), ("G5", _l("Non"))), required=True,
                 required_message=_l("Indiquez si vous souhaitez un parking")),
        Question("refuse_ground_floor",
                 _l("Refuserez-vous absolument un logement en rez-de-chaussée ?"),
                 kind="radios", choices=(("G13", _l("Oui")), ("G14", _l("Non"))), required=True,
                 required_message=_l("Indiquez si vous refuserez un logement en rez-de-chaussée")),
        Question("refuse_no_lift", _l("Refuserez-vous absolument un logement sans ascenseur ?"),
                 kind="radios", choices=(("G15", _l("Oui")), ("G16", _l("Non"))), required=True,
                 required_message=_l("Indiquez si vous refuserez un logement sans ascenseur")),
    )),
    Page("autres-souhaits", _l("Autres souhaits"),
         hint=_l("Cochez ce qui vous concerne, ou continuez sans rien cocher."),
         questions=(
             Question("flatshare", _l("Je cherche une chambre en colocation"), kind="checkbox",
                      box="G12", printed="Chambre en colocation",
                      hint=_l("La chambre est privée, la pièce de vie est partagée. Chaque "
                              "colocataire fait sa propre demande et coche aussi cette case.")),
             Question("ownership_information",
                      _l("Je souhaite être informé sur la possibilité de devenir propriétaire"),
                      kind="checkbox", box="G17"),
         ), checks=(flatshare_with_flatmates,)),
)

SEX = (("f", _l("Féminin")), ("m", _l("Masculin")))
PERSON_QUESTIONS = (
    Question("last_name", _l("Nom"), kind="name", required=True, max_length=50,
             printed="Nom Prénom",  # one box for both names: "{last_name} {first_names}"
             required_message=_l("Saisissez le nom de cette personne")),
    Question("first_names", _l("Prénoms"), kind="name", required=True, max_length=80,
             required_message=_l("Saisissez le prénom de cette personne")),
    Question("birth_date", _l("Date de naissance"), kind="date", required=True,
             past_only=True, required_message=_l("Saisissez sa date de naissance"),
             hint=_l("Par exemple : 14 9 2016"), printed="Né(e) le"),
    Question("sex", _l("Sexe"), kind="radios", choices=SEX, required=True,
             printed_choices=(("f", "F"), ("m", "M")),
             required_message=_l("Indiquez le sexe de cette personne")),
)
DEPENDANTS = Collection(
    name="dependants",
    first_question=_l("Avez-vous des personnes à charge qui vivront dans le logement ?"),
    add_question=_l("Voulez-vous ajouter une autre personne à charge ?"),
    steps=(Page("dependant", _l("Personne à charge"), PERSON_QUESTIONS + (
        Question("link", _l("Lien de parenté"), kind="radios", required=True,
                 choices=(("enfant", _l("Enfant")), ("parent", _l("Parent")),
                          ("autre", _l("Autre"))),
                 printed_choices=(("enfant", "enfant"), ("parent", "parent"),
                                  ("autre", "autre")),
                 required_message=_l("Indiquez son lien de parenté avec vous")),
    )),),
    rows=8,
    # Two copies of page 3: the largest families (ten children, grandparents) fit, and a
    # dossier file cannot make the review, checklist and PDF grow without end.
    max_items=16,
    pdf_fields=(("dependant{row}_name", "{last_name} {first_names}"),
                ("dependant{row}_birth_date", "birth_date"), ("dependant{row}_sex", "sex"),
                ("dependant{row}_link", "link")),
)

CUSTODY = (("garde_alternee", _l("Garde alternée")),
           ("droit_de_visite", _l("Droit de visite et d'hébergement")))
OTHER_CHILDREN = Collection(
    name="other_children",
    first_question=_l("Des enfants viennent-ils chez vous en garde alternée ou en droit de "
                      "visite, sans être fiscalement à votre charge ?"),
    add_question=_l("Voulez-vous ajouter un autre enfant ?"),
    steps=(Page("other-child", _l("Autre enfant"), PERSON_QUESTIONS + (
        Question("custody", _l("Cet enfant vient chez vous"), kind="radios", choices=CUSTODY,
                 required=True, printed="",
                 printed_choices=(("droit_de_visite", "Droit de visite"),),
                 required_message=_l("Indiquez garde alternée ou droit de visite")),
    )),),
    rows=4,
    max_items=8,  # two copies of the 4 rows: children of both parents' earlier unions
    pdf_fields=(("other_child{row}_name", "{last_name} {first_names}"),
                ("other_child{row}_birth_date", "birth_date"), ("other_child{row}_sex", "sex"),
                ("other_child{row}_custody", "custody")),
)
# Another adult on the form (flatmate, co-applicant): as on their identity papers.
OTHER_ADULT_IDENTITY = (
    Question("civility", _l("Civilité"), kind="radios", choices=CIVILITY, required=True,
             printed="",
             required_message=_l("Indiquez Monsieur ou Madame")),
    Question("birth_name", _l("Nom de naissance"), kind="name", required=True,
             max_length=50, required_message=_l("Saisissez son nom de naissance")),
    Question("usage_name", _l("Nom d'usage"), kind="name", max_length=50,
             printed="Nom d'usage (si différent)"),
    Question("first_names", _l("Prénoms"), kind="name", required=True, max_length=80,
             required_message=_l("Saisissez son prénom ou ses prénoms")),
    Question("birth_date", _l("Date de naissance"), kind="date", required=True,
             past_only=True, required_message=_l("Saisissez sa date de naissance")),
)
FLATMATES = Collection(
    name="flatmates",
    first_question=_l("Voulez-vous partager un logement avec des colocataires que vous "
                      "connaissez ?"),
    add_question=_l("Voulez-vous ajouter un autre colocataire ?"),
    steps=(Page("flatmate", _l("Colocataire"), tuple(
        replace(q, printed="Sa date de naissance") if q.name == "birth_date" else q
        for q in OTHER_ADULT_IDENTITY)),),
    rows=3, max_items=3,  # the 3 rows of page 2: a flat shared by four at most
    pdf_fields=tuple((f"flatmate{{row}}_{name}", name) for name in (
        "civility", "birth_name", "usage_name", "first_names", "birth_date")),
)

HOUSEHOLD_PAGES = (
    Page("personnes-a-charge", _l("Personnes à charge"),
         hint=_l("Les personnes fiscalement à votre charge, ou à celle de votre conjoint ou "
                 "codemandeur, qui vivront dans le logement."),
         questions=(Question("dependants", _l("Personnes à charge"), kind="collection"),),
         collection=DEPENDANTS),
    Page("naissance-attendue", _l("Naissance attendue"),
         hint=_l("Seulement si une naissance est attendue ; sinon, continuez."),
         questions=(
             Question("expected_birth_date", _l("Date de naissance prévue"), kind="date",
                      earliest_days=0, latest_days=300,
                      printed="Si naissance attendue, date de naissance prévue",
                      hint=_l("Dans les 10 mois qui viennent. Un enfant déjà né s'ajoute aux "
                              "personnes à charge.")),
             Question("expected_children", _l("Nombre d'enfants à naître"), kind="integer",
                      maximum=9, width="w-4", max_length=5),
         )),
    Page("autres-enfants", _l("Autres enfants"),
         hint=_l("Les enfants en droit de visite et d'hébergement, et ceux en garde alternée "
                 "qui ne sont pas encore fiscalement à votre charge."),
         questions=(Question("other_children", _l("Autres enfants"), kind="collection"),),
         collection=OTHER_CHILDREN),
)

FLATMATE_PAGES = (
    Page("colocataires", _l("Vos colocataires"),
         hint=_l("Seulement pour une colocation avec des personnes précises (3 au plus). "
                 "Chacune devra aussi faire sa propre demande."),
         questions=(Question("flatmates", _l("Vos colocataires"), kind="collection"),),
         collection=FLATMATES),
    Page("handicap", _l("Handicap"), questions=(
        Question("disabled_people",
                 _l("Combien de personnes en situation de handicap vivront dans le logement ?"),
                 kind="integer", box="C1", maximum=99, width="w-4", max_length=5,
                 printed="Nombre de personnes en situation de handicap",
                 hint=_l("Vous comprise, s'il y a lieu. Laissez vide s'il n'y en a pas.")),
    )),
)

WORK_STATUSES = (
    ("D1", _l("Salarié du privé")),
    ("D2", _l("Agent de l'État (fonctionnaire ou contractuel de l'État)")),
    ("D3", _l("Étudiant ou apprenti")),
    ("D4", _l("Assistant familial ou maternel")),
    ("D5", _l("Au chômage, inscrit à France Travail")),
    ("D6", _l("Autre situation (retraité, indépendant, fonction publique territoriale ou "
              "hospitalière…)")),
)
PRINTED_WORK_STATUSES = (("D2", "Agent de l'État"), ("D5", "Chômage"),
                         ("D6", "Autres situations"))
WORKING = When("work_status", ("D1", "D2", "D3", "D4"))
PRIVATE_EMPLOYEE_OR_APPRENTICE = When("work_status", ("D1", "D3"))
# Notice, D6: "if none of the situations offered applies to you".
NO_JOB_HINT = _l("Sans emploi et pas inscrit à France Travail : choisissez « Autre situation ». "
                 "Vous pourrez l'expliquer dans les précisions complémentaires.")
UNEMPLOYED_OVER_A_YEAR = When("long_unemployment", ("oui",))
UNEMPLOYMENT_END = "Elle s'est terminée le :"


def cdd_only_for_private_employees(values, known):
    """D8 (CDD or interim) requires D1 (private-sector employee)."""
    if values.get("fixed_term") and known.get("work_status") != "D1":
        return {"fixed_term": _l("CDD ou intérim : cette case va avec « Salarié du privé ». "
                                 "Changez votre situation professionnelle, ou décochez-la")}
    return {}


WORK_PAGES = (
    Page("situation-professionnelle", _l("Votre situation professionnelle"), questions=(
        Question("work_status", _l("Quelle est votre situation professionnelle ?"),
                 kind="radios", choices=WORK_STATUSES, required=True, hint=NO_JOB_HINT,
                 printed="", printed_choices=PRINTED_WORK_STATUSES,
                 required_message=_l("Indiquez votre situation professionnelle")),
    )),
    Page("lieu-de-travail", _l("Votre lieu de travail"), when=(WORKING,),
         hint=_l("Celui de votre employeur principal, ou de l'entreprise qui vous forme."),
         questions=(
             Question("work_city", _l("Ville du lieu de travail principal"), max_length=60),
             Question("work_postcode", _l("Code postal"), kind="postcode", max_length=12,
                      width="w-10", required_by_check=True, hint=WORK_POSTCODE_HINT),
             Question("work_country", _l("Pays du lieu de travail"), kind="country",
                      max_length=60, hint=_l("Laissez vide pour la France")),
         ), checks=(address_check("work_", street=False),)),
    # Notice: D1 "vous devez renseigner l'adresse et le SIRET de votre entreprise"; an
    # apprentice (D3) gives the SIRET of the company that trains them (docs/rules.md).
    Page("employeur", _l("Le numéro SIRET de votre employeur"),
         when=(AllOf((PRIVATE_EMPLOYEE_OR_APPRENTICE, InFrance("work_country"))),),
         questions=(
             Question("employer_siret", _l("Numéro SIRET de votre employeur"), kind="siret",
                      box="D7", max_length=25, width="w-20",
                      printed="Si vous êtes salarié ou apprenti dans une entreprise privée et "
                              "que vous travaillez dans un établissement situé en France, "
                              "précisez le numéro SIRET de votre employeur principal.",
                      required_when=When("employer_siret_unknown", (None, "")),
                      required_message=_l("Saisissez le numéro SIRET de votre employeur, ou "
                                          "cochez la case si vous ne le connaissez pas"),
                      hint=_l("14 chiffres, sur votre bulletin de salaire ; le service du "
                              "personnel peut aussi vous le donner. Apprenti : celui de "
                              "l'entreprise qui vous forme. Il permet à Action Logement de "
                              "traiter votre demande.")),
             Question("employer_siret_unknown",
                      _l("Je ne connais pas ce numéro, ou il n'y en a pas"), kind="checkbox",
                      on_form=False,
                      hint=_l("Par exemple si vous êtes employé par un particulier, ou étudiant "
                              "sans entreprise qui vous forme. Vous pourrez le donner plus tard "
                              "au guichet.")),
         ), checks=(number_or_unknown("employer_siret", "employer_siret_unknown", _l(
             "Vous avez saisi un numéro SIRET : effacez-le, ou décochez la case « Je ne "
             "connais pas ce numéro »")),)),
    Page("contrat-et-chomage", _l("Contrat et chômage"),
         hint=_l("Cochez ce qui vous concerne, ou continuez sans rien cocher."),
         questions=(
             Question("fixed_term", _l("Je suis en CDD ou en intérim"), kind="checkbox",
                      box="D8", printed="Vous êtes en CDD ou en intérim"),
             Question("long_unemployment",
                      _l("J'ai vécu une période de chômage de plus d'un an"), kind="checkbox",
                      box="D9",
                      printed="Vous avez vécu une période de chômage de plus d'un an."),
             Question("unemployment_end", _l("Date de fin de cette période de chômage"),
                      kind="date", box="D10", past_only=True, printed=UNEMPLOYMENT_END,
                      required_when=UNEMPLOYED_OVER_A_YEAR, only_when=UNEMPLOYED_OVER_A_YEAR,
                      required_message=_l("Indiquez quand votre période de chômage s'est "
                                          "terminée"),
                      hint=_l("La date de reprise d'un emploi. Seulement si vous avez coché "
                              "la case au-dessus.")),
         ), checks=(cdd_only_for_private_employees,)),
)

def today() -> dt.date:
    """Today's date, for the years of the income questions (tests set it)."""
    return dt.date.today()


def demand_date(answers: dict) -> dt.date:
    """The date of the demand: the signature date (H4) when given, else today."""
    try:
        return dt.date.fromisoformat(answers.get("signature_date") or "")
    except (TypeError, ValueError):
        return today()


def income_years(page, values: dict) -> dict:
    """The year each amount of N-2 or N-1 was given for, kept beside it when its page is
    saved: the year shown in the question then (None when there is no amount)."""
    return {q.year_answer: (str(today().year - q.years_back)
                            if values.get(q.name) not in (None, "") else None)
            for q in page.questions if q.year_answer}


class YearsAgo:
    """This year minus n, worked out when shown (the form asks for N-2 and N-1)."""

    def __init__(self, years):
        self.years = years

    def value(self):
        return today().year - self.years

    def __str__(self):
        return str(self.value())


MONTHLY_RESOURCES = (
    ("salary", _l("Salaire ou revenu d'activité")), ("pension", _l("Retraite")),
    ("unemployment", _l("Allocation chômage / indemnités")),
    ("alimony_received", _l("Pension alimentaire reçue")),
    ("invalidity", _l("Pension d'invalidité")), ("family", _l("Allocations familiales")),
    ("aah", _l("Allocation aux adultes handicapés (AAH)")),
    ("aeeh", _l("Allocation d'éducation de l'enfant handicapé (AEEH)")),
    ("ajpp", _l("Allocation journalière de présence parentale")),
    ("rsa", _l("Revenu de solidarité active (RSA)")),
    ("paje", _l("Prestation d'accueil du jeune enfant (PAJE)")),
    ("aspa", _l("ASPA (ex-minimum vieillesse)")), ("grant", _l("Bourse d'étudiant")),
    ("activity_bonus", _l("Prime d'activité")),
    ("other", _l("Autres ressources (hors APL, ALS ou ALF)")),
    ("alimony_paid", _l("Pensions alimentaires que vous versez (déduites)")),
)
# The rows of the Cerfa's table worded otherwise.
PRINTED_MONTHLY_RESOURCES = {
    "unemployment": "Allocation chômage / Indemnités",
    "aah": "Allocation d'adulte handicapé (AAH)",
    "aeeh": "Allocation d'éducation d'enfant handicapé",
    "paje": "Allocation jeune enfant (PAJE)", "aspa": "ASPA (ex minimum vieillesse)",
    "grant": "Bourse étudiant", "other": "Autres (hors APL ou ALS ou ALF)",
    "alimony_paid": "Pensions alimentaires que vous versez",
}
RECEIVES_MONTHLY = When("receives_monthly", ("E7",))
# The Cerfa's rows of the annual incomes: yours and a co-applicant's (E2 and E3, E5 and E6).
PRINTED_INCOME_N2 = ("Sur les revenus de l'année : année en cours moins 2 (par exemple en 2019 "
                     "c'est sur 2017)")
PRINTED_INCOME_N1 = ("Sur les revenus de l'année : année en cours moins 1 (par exemple en 2019 "
                     "c'est sur 2018). Si vous avez reçu votre Avis d'impôt ou votre Avis de "
                     "situation déclarative à l'impôt sur le revenu (ASDIR)")


def monthly_questions(column: int, owner: str):
    """One column of the monthly resources table: E9+column, E12+column… E54+column."""
    return tuple(
        Question(f"monthly_{owner}_{key}", label, kind="euros", box=f"E{9 + 3 * row + column}",
                 maximum=99999, width="w-10", max_length=12,
                 deduction=key == "alimony_paid", printed=PRINTED_MONTHLY_RESOURCES.get(key))
        for row, (key, label) in enumerate(MONTHLY_RESOURCES))


def some_monthly_amount(values, known):
    """E7 "Oui": the monthly resources must be filled in, for someone in the household.
    Checked on the last of the monthly pages, with what the others already hold."""
    household = [v for k, v in known.items() if k.startswith("monthly_applicant_")]
    household += [v for person in known.get("coapplicants", [])
                  for k, v in person.items() if k.startswith("monthly_")]
    if not any(values.values()) and not any(household):
        first = next(iter(values))
        return {first: _l("Vous avez indiqué percevoir des ressources mensuelles, mais aucun "
                          "montant n'est rempli, ni pour vous, ni pour votre conjoint ou "
                          "codemandeur, ni ici : indiquez au moins un montant en euros par "
                          "mois, ou revenez répondre « Non » à la question précédente")}
    return {}


INCOME_PAGES = (
    Page("revenus-annuels", _l("Revenus annuels"),
         hint=_l("Le revenu fiscal de référence figure sur votre avis d'impôt sur le revenu "
                 "ou votre avis de situation déclarative (ASDIR), même si vous n'êtes pas "
                 "imposable. Vous les trouvez sur impots.gouv.fr. Si vous n'en avez pas reçu, "
                 "dites-le dans les précisions complémentaires."),
         questions=(
             Question("income_n2",
                      _l("Revenu fiscal de référence %(year)s, de vous et votre conjoint (€)",
                         year=YearsAgo(2)),
                      kind="euros", box="E2", year_box="E1", years_back=2, maximum=9999999,
                      width="w-10", max_length=12,
                      printed=PRINTED_INCOME_N2,
                      hint=_l("Sur l'avis reçu en %(year)s", year=YearsAgo(1))),
             Question("income_n1",
                      _l("Revenu fiscal de référence %(year)s, de vous et votre conjoint (€)",
                         year=YearsAgo(1)),
                      kind="euros", box="E5", year_box="E4", years_back=1, maximum=9999999,
                      width="w-10", max_length=12,
                      printed=PRINTED_INCOME_N1,
                      hint=_l("Seulement si vous avez déjà reçu l'avis de %(year)s",
                              year=YearsAgo(0))),
         )),
    Page("ressources-mensuelles", _l("Ressources mensuelles"), questions=(
        Question("receives_monthly",
                 _l("Percevez-vous des ressources chaque mois, vous ou les personnes à votre "
                    "charge ?"),
                 kind="radios", choices=(("E7", _l("Oui")), ("E8", _l("Non"))), required=True,
                 printed="Percevez-vous des ressources mensuelles ?",
                 required_message=_l("Indiquez si vous percevez des ressources mensuelles"),
                 hint=_l("Salaires, allocations, pensions… Les aides au logement (APL, ALS, "
                         "ALF) ne comptent pas ici.")),
    )),
    Page("vos-ressources", _l("Vos ressources mensuelles"), when=(RECEIVES_MONTHLY,),
         hint=_l("Montants nets en euros par mois, sans les centimes, avant l'impôt prélevé à "
                 "la source. S'ils changent d'un mois à l'autre, divisez le total de l'année "
                 "par 12. Laissez vide ce que vous ne touchez pas."),
         questions=monthly_questions(0, "applicant")),
    Page("ressources-personnes-a-charge",
         _l("Ressources mensuelles des personnes à votre charge"), when=(RECEIVES_MONTHLY,),
         hint=_l("Le total pour toutes les personnes à votre charge qui vivront dans le "
                 "logement. Laissez vide si elles n'ont pas de ressources."),
         questions=monthly_questions(2, "dependants"), checks=(some_monthly_amount,)),
)

HOUSING_STATUSES = (
    ("F1", _l("Propriétaire occupant")),
    ("F2", _l("Locataire d'un logement social (HLM)")),
    ("F5", _l("Locataire ou sous-locataire d'un logement privé")),
    ("F6", _l("Hébergé en résidence hôtelière à vocation sociale (RHVS)")),
    ("F7", _l("Hébergé en structure d'hébergement (CHRS, CHU, CADA…)")),
    ("F8", _l("Hébergé en centre départemental de l'enfance et de la famille ou centre "
              "maternel")),
    ("F9", _l("Hébergé chez vos parents ou chez vos enfants")),
    ("F10", _l("Hébergé chez un particulier")),
    ("F11", _l("À l'hôtel")),
    ("F12", _l("En logement temporaire")),
    ("F13", _l("En appartement de coordination thérapeutique")),
    ("F14", _l("En logement de fonction")),
    ("F15", _l("En logement-foyer (FJT, FTM, FPA, FPH), résidence sociale ou pension de "
               "famille")),
    ("F16", _l("En résidence étudiante ou universitaire")),
    ("F17", _l("Sans abri, habitat de fortune, bidonville")),
    ("F18", _l("Occupant sans titre, squat")),
    ("F19", _l("En camping")),
    ("F20", _l("En habitat mobile")),
)
PRINTED_HOUSING_STATUSES = (
    ("F2", "Locataire d'un logement social (Hlm)"),
    ("F6", "Résidence hôtelière à vocation sociale (RHVS)"),
    ("F7", "Structure d'hébergement (CHRS, CHU, CADA…)"),
    ("F8", "Centre départemental de l'enfance et de la famille ou centre maternel"),
    ("F9", "Chez vos parents ou chez vos enfants"), ("F10", "Chez un particulier"),
    ("F12", "Logement temporaire"), ("F14", "Logement de fonction"),
    ("F15", "Logé en logement-foyer (FJT, FTM, FPA, FPH), en résidence sociale ou en pension "
            "de famille (maison-relais)"),
    ("F16", "Résidence étudiante ou universitaire"), ("F19", "Camping"),
    ("F20", "Habitat mobile"),
)
REASONS = (
    ("F31", _l("Logement non décent")), ("F32", _l("Logement indigne")),
    ("F33", _l("Logement repris ou mis en vente par son propriétaire")),
    ("F34", _l("Logement inadapté au handicap ou à la perte d'autonomie")),
    ("F35", _l("Logement trop cher")), ("F36", _l("Logement trop grand")),
    ("F37", _l("Logement trop petit")), ("F38", _l("Logement bientôt démoli")),
    ("F39", _l("Logement éloigné du lieu de travail")),
    ("F40", _l("Logement éloigné des équipements et services")),
    ("F41", _l("Logement éloigné de la famille")),
    ("F42", _l("En procédure d'expulsion")),
    ("F45", _l("Violences au sein du couple ou menace de mariage forcé")),
    ("F46", _l("Rapprochement familial")),
    ("F47", _l("Départ de personne(s) à charge du foyer")),
    ("F48", _l("Divorce ou séparation")),
    ("F49", _l("Changement de lieu de travail")),
)
PRINTED_REASONS = (("F40", "… des équipements et services"), ("F41", "… de la famille"))


def rooms(first_box: int):
    labels = (_l("1 pièce (studio)"), _l("2 pièces"), _l("3 pièces"), _l("4 pièces"),
              _l("5 pièces"), _l("6 pièces et plus"))
    return tuple((f"F{first_box + i}", label) for i, label in enumerate(labels))



OWNS_OTHER = When("other_property", ("F50",))


def not_the_partner_being_left(values, _known):
    if values.get("separating_from_partner") == "oui":
        return {"separating_from_partner": _l(
            "Dans ce cas, la notice demande de ne pas inscrire cette personne dans votre "
            "demande : ses revenus ne seront pas comptés avec les vôtres. Retirez-la de la "
            "rubrique « Conjoint ou codemandeurs », puis revenez ici ; ou, si vous ne vous "
            "séparez pas, décochez « Divorce ou séparation » dans les motifs")}
    return {}

CURRENT_HOUSING_PAGES = (
    Page("logement-actuel", _l("Votre logement actuel"), questions=(
        Question("housing_status", _l("Quelle est votre situation de logement actuelle ?"),
                 kind="radios", choices=HOUSING_STATUSES, required=True,
                 printed="", printed_choices=PRINTED_HOUSING_STATUSES,
                 required_message=_l("Indiquez votre situation de logement actuelle"),
                 hint=_l("Une seule réponse : celle qui décrit le mieux où vous dormez "
                         "aujourd'hui. Le Cerfa pose cette question à part de l'adresse : "
                         "même si votre courrier va à un CCAS ou une association, dites ici "
                         "où vous dormez.")),
    )),
    Page("bailleur", _l("Votre bailleur"), when=(When("housing_status", ("F2",)),),
         hint=_l("Ces informations figurent sur votre quittance de loyer."),
         questions=(
             Question("landlord_name", _l("Nom du bailleur"), box="F3", max_length=80,
                      required=True, printed="Nom du bailleur figurant sur la quittance",
                      required_message=_l("Saisissez le nom de votre bailleur, tel qu'il figure "
                                          "sur votre quittance de loyer")),
             Question("landlord_siren", _l("Numéro SIREN du bailleur"), kind="siren",
                      box="F4", max_length=20, width="w-10",
                      printed="SIREN du bailleur figurant sur la quittance",
                      required_when=When("landlord_siren_unknown", (None, "")),
                      required_message=_l("Saisissez le numéro SIREN de votre bailleur, ou "
                                          "cochez la case si vous ne le trouvez pas"),
                      hint=_l("9 chiffres")),
             Question("landlord_siren_unknown",
                      _l("Je ne trouve pas ce numéro sur ma quittance"), kind="checkbox",
                      on_form=False,
                      hint=_l("Le guichet le retrouvera avec le nom du bailleur.")),
         ), checks=(number_or_unknown("landlord_siren", "landlord_siren_unknown", _l(
             "Vous avez saisi un numéro SIREN : effacez-le, ou décochez la case « Je ne trouve "
             "pas ce numéro sur ma quittance »")),)),
    # Rooms, m², rent and aid mean nothing to someone sleeping rough (F17): not asked.
    Page("logement-actuel-details", _l("Votre logement actuel en chiffres"),
         when=(When("housing_status", (None, "") + tuple(
             code for code, _label in HOUSING_STATUSES if code != "F17")),),
         hint=_l("Répondez à ce que vous savez ; les montants sont en euros par mois, sans "
                 "les centimes."),
         questions=(
             Question("current_rooms", _l("Nombre de pièces principales"), kind="radios",
                      choices=rooms(21), hint=_l("Hors cuisine et salle de bain"),
                      printed=PRINTED_ROOMS, printed_choices=printed_rooms(21)),
             Question("current_surface", _l("Surface en m²"), kind="integer", box="F27",
                      maximum=999, width="w-4", max_length=10, printed="Surface (m²)"),
             Question("current_occupants", _l("Nombre de personnes habitant dans le logement"),
                      kind="integer", box="F28", maximum=99, width="w-4", max_length=10,
                      printed="Nombre de personnes habitant dans le logement actuel"),
             Question("current_rent", _l("Loyer ou redevance, charges comprises (€ par mois)"),
                      kind="euros", box="F29", maximum=99999, width="w-10", max_length=12,
                      printed="Si vous payez un loyer ou une redevance, montant mensuel "
                              "(loyer + charges) : €"),
             Question("current_housing_aid",
                      _l("Aide personnelle au logement reçue (APL, ALS, ALF), en € par mois"),
                      kind="euros", box="F30", maximum=99999, width="w-10", max_length=12,
                      printed="Si vous percevez une aide personnelle au logement, montant "
                              "mensuel : €"),
         )),
    Page("motifs", _l("Motifs de votre demande"), questions=(
        Question("reasons", _l("Pourquoi demandez-vous un logement social ?"),
                 kind="checkboxes", choices=REASONS, printed="",
                 printed_choices=PRINTED_REASONS,
                 hint=_l("Cochez tout ce qui vous concerne. En cas de violences, cette "
                         "information reste entre vous et le service qui enregistre la "
                         "demande.")),
    )),
    Page("expulsion", _l("Procédure d'expulsion"), when=(When("reasons", ("F42",)),),
         hint=_l("Indiquez les dates que vous connaissez ; elles figurent sur les courriers "
                 "du tribunal ou du commissaire de justice."),
         questions=(
             Question("eviction_judgment_date", _l("Date du jugement d'expulsion"),
                      kind="date", box="F43", past_only=True,
                      printed="Si jugement d'expulsion, date du jugement"),
             Question("eviction_notice_date",
                      _l("Date de notification du commandement de quitter les lieux"),
                      kind="date", box="F44", past_only=True,
                      printed="Si commandement de quitter les lieux, date de la notification"),
         )),
    # Notice: "Si vous êtes en cours de séparation vous n'écrivez rien dans la rubrique
    # « votre conjoint » et vous cochez la case « Divorce ou Séparation »" (docs/rules.md).
    Page("separation", _l("Divorce ou séparation"),
         when=(AllOf((When("reasons", ("F48",)), PartnerListed())),),
         questions=(
             Question("separating_from_partner",
                      _l("Vous séparez-vous de la personne inscrite comme votre conjoint ou "
                         "concubin ?"),
                      kind="radios", required=True, on_form=False,
                      choices=(("oui", _l("Oui, c'est de cette personne que je me sépare")),
                               ("non", _l("Non, la séparation concerne une autre personne"))),
                      required_message=_l("Indiquez si vous vous séparez de la personne "
                                          "inscrite comme votre conjoint ou concubin"),
                      hint=_l("Vous avez coché « Divorce ou séparation » et inscrit un conjoint "
                              "ou un concubin dans votre demande.")),
         ), checks=(not_the_partner_being_left,)),
    Page("autre-logement", _l("Autre logement"), questions=(
        Question("other_property",
                 _l("Êtes-vous, ou votre conjoint ou codemandeur, propriétaire d'un autre "
                    "logement que celui où vous vivez ?"),
                 kind="radios", choices=(("F50", _l("Oui")), ("F51", _l("Non"))),
                 required=True,
                 printed="Êtes-vous (ou votre conjoint ou votre codemandeur) propriétaire "
                         "d'un logement autre que celui que vous habitez ?",
                 required_message=_l("Indiquez si vous êtes propriétaire d'un autre logement")),
    )),
    Page("autre-logement-details", _l("L'autre logement dont vous êtes propriétaire"),
         when=(OWNS_OTHER,), questions=(
             Question("property_city", _l("Ville"), required=True, max_length=60,
                      printed="Si oui : Ville",
                      required_message=_l("Saisissez la ville de ce logement")),
             Question("property_postcode", _l("Code postal"), kind="postcode", max_length=12,
                      width="w-10"),
             Question("property_country", _l("Pays"), kind="country", max_length=60,
                      hint=_l("Laissez vide pour la France")),
             Question("property_rooms", _l("Nombre de pièces principales"), kind="radios",
                      choices=rooms(52), hint=_l("Hors cuisine et salle de bain"),
                      printed=PRINTED_ROOMS, printed_choices=printed_rooms(52)),
         )),
)

LOCATIONS_PAGE = Page("communes", _l("Localisation souhaitée"), questions=(
    Question("locations", _l("Dans quelles communes souhaitez-vous un logement ?"),
             kind="communes", required=True, printed="",
             printed_parts=(("city", "Commune"), ("postcode", "Code postal"),
                            ("district", "Arrondissement ou quartier")),
             required_message=_l("Ajoutez au moins une commune"),
             hint=_l("Jusqu'à 8 communes, par ordre de préférence. À Paris, Lyon et Marseille, "
                     "choisissez un arrondissement ou toute la ville.")),
))

ADDITIONAL_PAGES = (
    Page("precisions", _l("Précisions complémentaires"), questions=(
        Question("additional_information",
                 _l("Voulez-vous ajouter des précisions à votre demande ?"), kind="textarea",
                 box="H1", max_length=2000, printed="",
                 hint=_l("Par exemple : une situation qui rend votre demande prioritaire, "
                         "plusieurs naissances attendues, l'absence d'avis d'impôt, un besoin "
                         "de logement adapté aux gens du voyage.")),
    )),
    Page("renouvellement-en-ligne", _l("Renouvellement en ligne"), questions=(
        Question("online_renewal",
                 _l("Souhaitez-vous renouveler votre demande chaque année sur le site "
                    "demande-logement-social.gouv.fr ?"),
                 kind="radios", choices=(("H2", _l("Oui")), ("H3", _l("Non"))), required=True,
                 printed="Souhaitez-vous effectuer le renouvellement annuel de votre demande "
                         "sur le site internet www.demande-logement-social.gouv.fr ?",
                 required_message=_l("Indiquez si vous souhaitez renouveler votre demande en "
                                     "ligne"),
                 hint=_l("Si oui, vous recevrez un e-mail d'alerte à l'adresse indiquée dans vos "
                         "coordonnées.")),
    ), checks=(online_renewal_needs_an_email,)),
    Page("date-de-signature", _l("Date de signature"), questions=(
        Question("signature_date", _l("À quelle date signerez-vous le formulaire ?"),
                 kind="date", box="H4", earliest_days=-92, latest_days=92, printed="le",
                 hint=_l("Dans les 3 mois, avant ou après aujourd'hui : le formulaire décrit "
                         "votre situation du moment. Laissez vide pour l'écrire à la main le "
                         "jour où vous signez.")),
    )),
)

def cdd_only_with_d11(values, _known):
    """D18 (CDD or interim) requires D11 (private-sector employee)."""
    if values.get("fixed_term") and values.get("work_status") != "D11":
        return {"fixed_term": _l("CDD ou intérim : cette case va avec « Salarié du privé »")}
    return {}


COAPPLICANT_WORK_STATUSES = tuple((f"D{int(code[1:]) + 10}", label)
                                  for code, label in WORK_STATUSES)
COAPPLICANTS = Collection(
    name="coapplicants",
    first_question=_l("Faites-vous cette demande avec un conjoint ou un codemandeur ?"),
    add_question=_l("Voulez-vous ajouter un autre codemandeur ?"),
    steps=(
        Page("coapplicant-identity", _l("Conjoint ou codemandeur"),
             hint=_l("Comme sur sa pièce d'identité ou son titre de séjour."),
             questions=OTHER_ADULT_IDENTITY + (
                 Question("nationality", _l("Nationalité"), kind="radios",
                          choices=NATIONALITY, required=True,
                          required_message=_l("Indiquez sa nationalité")),
                 Question("nir", _l("Son numéro de sécurité sociale"), kind="nir", box="B1",
                          required_when=NIR_KNOWN, max_length=30, width="w-20",
                          required_message=_l("Saisissez son numéro de sécurité sociale, ou "
                                              "cochez la case s'il n'en a pas encore")),
                 Question("nir_unknown", _l("Il ou elle n'a pas encore de numéro"),
                          kind="checkbox"),
                 Question("link", _l("Lien avec vous"), kind="radios", required=True,
                          printed="Lien avec le demandeur",
                          printed_choices=(("B5", "Ascendant"), ("B6", "Descendant"),
                                           ("B7", "Fratrie")),
                          choices=(("B2", _l("Marié")), ("B3", _l("Pacsé")),
                                   ("B4", _l("Concubin")),
                                   ("B5", _l("Ascendant (parent, grand-parent)")),
                                   ("B6", _l("Descendant (enfant, petit-enfant)")),
                                   ("B7", _l("Fratrie (frère, sœur)"))),
                          required_message=_l("Indiquez son lien avec vous")),
             ), checks=(nir_or_none,)),
        Page("coapplicant-contact", _l("Ses coordonnées"), questions=(
            Question("phone_home", _l("Téléphone domicile ou professionnel"), kind="phone",
                     max_length=25, width="w-20"),
            Question("phone_mobile", _l("Téléphone portable"), kind="phone", max_length=25,
                     width="w-20"),
            Question("email", _l("Adresse e-mail"), kind="email", max_length=254,
                     printed="Mail personnel"),
            Question("consent_email", _l("Accepte-t-il de recevoir des informations par "
                                         "e-mail ?"), kind="radios", choices=YES_NO,
                     printed="Accepte-t-il de recevoir des informations : par mail ?"),
            Question("consent_sms", _l("Accepte-t-il de recevoir des informations par SMS ?"),
                     kind="radios", choices=YES_NO, printed="par SMS ?"),
        )),
        Page("coapplicant-work", _l("Sa situation professionnelle"), questions=(
            Question("work_status", _l("Sa situation professionnelle"), kind="radios",
                     choices=COAPPLICANT_WORK_STATUSES, required=True, hint=NO_JOB_HINT,
                     printed="", printed_choices=tuple((f"D{int(code[1:]) + 10}", words)
                                           for code, words in PRINTED_WORK_STATUSES),
                     required_message=_l("Indiquez sa situation professionnelle")),
            Question("work_city", _l("Ville du lieu de travail principal"), max_length=60),
            Question("work_postcode", _l("Code postal du lieu de travail"), kind="postcode",
                     max_length=12, width="w-10", required_by_check=True, printed="Code postal",
                     hint=WORK_POSTCODE_HINT),
            Question("work_country", _l("Pays du lieu de travail"), kind="country",
                     max_length=60, hint=_l("Laissez vide pour la France")),
            Question("siret", _l("Numéro SIRET de son employeur"), kind="siret", box="D17",
                     max_length=25, width="w-20",
                     printed="Si votre conjoint ou votre codemandeur est salarié ou apprenti "
                             "dans une entreprise privée et qu'il travaille dans un "
                             "établissement situé en France, précisez le numéro SIRET de son "
                             "employeur principal.",
                     required_when=AllOf((When("work_status", ("D11", "D13")),
                                          InFrance("work_country"),
                                          When("siret_unknown", (None, "")))),
                     required_message=_l("Salarié du privé ou apprenti travaillant en France : "
                                         "saisissez le numéro SIRET de son employeur, ou cochez "
                                         "la case s'il n'est pas connu"),
                     hint=_l("Salarié du privé ou apprenti travaillant en France : 14 chiffres, "
                             "sur son bulletin de salaire. Sinon, laissez vide.")),
            Question("siret_unknown", _l("Il ou elle ne connaît pas ce numéro, ou il n'y en a "
                                         "pas"), kind="checkbox", on_form=False),
            Question("fixed_term", _l("En CDD ou en intérim"), kind="checkbox", box="D18",
                     printed="Votre conjoint ou votre codemandeur est en CDD ou en intérim"),
            Question("long_unemployment", _l("A vécu une période de chômage de plus d'un an"),
                     kind="checkbox", box="D19",
                     printed="Votre conjoint ou votre codemandeur a vécu une période de "
                             "chômage de plus d'un an."),
            Question("unemployment_end", _l("Date de fin de cette période de chômage"),
                     kind="date", box="D20", past_only=True, printed=UNEMPLOYMENT_END,
                     required_when=UNEMPLOYED_OVER_A_YEAR, only_when=UNEMPLOYED_OVER_A_YEAR,
                     required_message=_l("Indiquez quand sa période de chômage s'est "
                                         "terminée")),
        ), checks=(cdd_only_with_d11, address_check("work_", street=False),
                   number_or_unknown("siret", "siret_unknown", _l(
                       "Vous avez saisi un numéro SIRET : effacez-le, ou décochez la case")))),
        Page("coapplicant-income", _l("Ses revenus"),
             hint=_l("Revenus fiscaux de référence de ses avis d'impôt, puis ses ressources "
                     "mensuelles nettes en euros, sans les centimes. Laissez vide ce qu'il ne "
                     "touche pas."),
             questions=(
                 Question("income_n2", _l("Revenu fiscal de référence %(year)s (€)",
                                          year=YearsAgo(2)),
                          kind="euros", box="E3", years_back=2, maximum=9999999,
                          width="w-10", max_length=12, printed=PRINTED_INCOME_N2),
                 Question("income_n1", _l("Revenu fiscal de référence %(year)s (€)",
                                          year=YearsAgo(1)),
                          kind="euros", box="E6", years_back=1, maximum=9999999,
                          width="w-10", max_length=12, printed=PRINTED_INCOME_N1),
             ) + monthly_questions(1, "coapplicant")),
    ),
    rows=1,
    # One column a copy of page 2: a spouse and, rarely, adult children, parents,
    # brothers or sisters who sign too. Six covers a three-generation household.
    max_items=6,
    pdf_fields=tuple((f"coapplicant_{name}", name) for name in (
        "civility", "birth_name", "usage_name", "first_names", "birth_date", "nationality",
        "phone_home", "phone_mobile", "email", "consent_email", "consent_sms", "work_city",
        "work_postcode", "work_country")) + (
        ("B1", "nir"), ("@", "link"), ("@", "work_status"), ("D17", "siret"),
        ("D18", "fixed_term"), ("D19", "long_unemployment"), ("D20", "unemployment_end"),
        ("E3", "income_n2"), ("E6", "income_n1")) + tuple(
        (f"E{10 + 3 * row}", f"monthly_coapplicant_{key}")
        for row, (key, _label) in enumerate(MONTHLY_RESOURCES)),
)

COAPPLICANT_PAGES = (
    Page("codemandeurs", _l("Conjoint ou codemandeurs"),
         hint=_l("Votre conjoint (marié ou pacsé), ou un codemandeur : concubin, parent, "
                 "enfant, frère ou sœur qui n'est pas à votre charge. Il n'a pas à faire sa "
                 "propre demande."),
         questions=(Question("coapplicants", _l("Conjoint ou codemandeurs"),
                             kind="collection"),),
         collection=COAPPLICANTS),
)

SECTIONS = (
    Section(_l("Vous et votre demande"), cerfa_page=1, tasks=(
        Task("demande", _l("Votre demande"), (REQUEST_PAGE,)),
        Task("identite", _l("Votre identité"), IDENTITY_PAGES),
        Task("coordonnees", _l("Vos coordonnées"), CONTACT_PAGES),
        Task("adresse", _l("Votre adresse"), ADDRESS_PAGES),
    )),
    Section(_l("Conjoint, codemandeurs et colocataires"), cerfa_page=2, tasks=(
        Task("codemandeurs", _l("Conjoint ou codemandeurs"), COAPPLICANT_PAGES),
        Task("colocataires", _l("Colocataires et handicap"), FLATMATE_PAGES),
    )),
    Section(_l("Personnes à charge"), cerfa_page=3, tasks=(
        Task("personnes-a-charge", _l("Personnes à charge et naissance attendue"),
             HOUSEHOLD_PAGES),
    )),
    Section(_l("Votre situation professionnelle"), cerfa_page=4, tasks=(
        Task("travail", _l("Votre situation professionnelle"), WORK_PAGES),
    )),
    Section(_l("Vos revenus"), cerfa_page=5, tasks=(
        Task("revenus", _l("Vos revenus annuels et mensuels"), INCOME_PAGES),
    )),
    Section(_l("Votre situation"), cerfa_page=6, tasks=(
        Task("logement-actuel", _l("Votre logement actuel et vos motifs"),
             CURRENT_HOUSING_PAGES),
    )),
    Section(_l("Le logement que vous recherchez"), cerfa_page=7, tasks=(
        Task("logement-recherche", _l("Le logement que vous recherchez"), HOME_SOUGHT_PAGES),
    )),
    Section(_l("Localisation souhaitée"), cerfa_page=8, tasks=(
        Task("communes", _l("Les communes où vous souhaitez un logement"), (LOCATIONS_PAGE,)),
    )),
    Section(_l("Précisions complémentaires"), cerfa_page=9, tasks=(
        Task("precisions", _l("Précisions et renouvellement"), ADDITIONAL_PAGES),
    )),
)

TASKS = tuple(task for section in SECTIONS for task in section.tasks)
PAGES = tuple(page for task in TASKS for page in task.pages)
PAGES_BY_SLUG = {page.slug: page for page in PAGES}
TASK_OF_PAGE = {page.slug: task for task in TASKS for page in task.pages}


def answer_names(page):
    """The names a page saves: its questions', and the year beside an income amount."""
    for q in page.questions:
        yield q.name
        if q.year_answer:
            yield q.year_answer


def active_pages(answers: dict):
    """The pages asked, in order. A page's condition reads only the answers of
    earlier pages that are asked themselves, so a changed route leaves no stale branch."""
    pages, seen = [], {}
    for page in PAGES:
        if page.applies(seen):
            pages.append(page)
            seen.update((name, answers[name]) for name in answer_names(page) if name in answers)
    return pages


def active_answers(answers: dict) -> dict:
    """Only the answers of the pages asked."""
    return {name: answers[name] for page in active_pages(answers)
            for name in answer_names(page) if name in answers}


def is_box_code(value) -> bool:
    """A box code of the Cerfa (A1 … H4): a choice with this value ticks that box."""
    return bool(re.fullmatch(r"[A-H]\d{1,2}", str(value)))


def person_name(item: dict) -> str:
    """First names, then the name the person goes by: usage name, else surname."""
    return " ".join(filter(None, (item.get("first_names"), item.get("usage_name")
                                  or item.get("last_name") or item.get("birth_name"))))


def questions_by_box():
    return {q.box: q for page in PAGES for q in page.questions if q.box}


def printed_question(name: str, within: str | None = None):
    """The question whose Cerfa words the box `name` prints, among the form's questions or
    those of the list of people `within` (a Collection's name). Questions of one name share
    their box (the mail recipient, asked on two pages): the one giving `printed` words it."""
    asked = [q for page in PAGES
             for q in (page.questions if within is None else
                       page.collection.questions if page.collection
                       and page.collection.name == within else ())]
    found = [q for q in asked if q.name == name]
    if not found:
        raise KeyError(f"no question {name!r} in {within or 'the form'} describes this box")
    worded = [q for q in found if q.printed is not None] or found
    if len({q.printed_label for q in worded}) > 1:
        raise ValueError(f"the questions {name!r} print different words: give `printed`")
    return worded[0]
