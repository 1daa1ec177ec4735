"""What to bring: the supporting documents an application's answers call for.

The rules are data: (who, condition, document). Each document names the line of the
source it comes from, in the sources listed in docs/pieces.md:
  SP  service-public.fr, "Demande d'un logement social (HLM)" (checked 12/06/2019)
  NO  notice n°51423*04 of the Cerfa n°14069*04, "Informations générales"
  FO  the Cerfa n°14069*04 itself
  ML  a landlord's list of photocopies printed after the form (MACONhabitat)
Only registering the application needs nothing but an identity document (FO);
the others let the landlords examine it.
"""

import datetime as dt
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l

from .cerfa import MONTHLY_RESOURCES, AllOf, When, person_name

# Who a rule is about. The applicant's group also holds the household's documents
# (current housing, reasons): the applicant answers for the household on the form.
APPLICANT, COAPPLICANT, DEPENDANT, OTHER_CHILD, FLATMATE, DEPENDANTS_INCOME = (
    "applicant", "coapplicant", "dependant", "other_child", "flatmate", "dependants_income")
ADULTS = (APPLICANT, COAPPLICANT)


@dataclass(frozen=True)
class Document:
    key: str
    title: object
    detail: object = None  # what else is accepted, or a word of explanation
    source: str = ""  # e.g. "SP 149": source and line (module docstring)
    # No source lists a document for this case: the counter may ask for one. Says why.
    may_be_asked: object = None


@dataclass(frozen=True)
class Positive:
    """An amount was entered and is more than zero."""

    name: str

    def holds(self, person: dict) -> bool:
        value = person.get(self.name)
        return str(value or "").isdigit() and int(value) > 0


@dataclass(frozen=True)
class Answered:
    name: str

    def holds(self, person: dict) -> bool:
        return person.get(self.name) not in (None, "", [])


@dataclass(frozen=True)
class AdultOn:
    """Born at least 18 years before `today` (a dependant may be an adult up to 25)."""

    today: object = None

    def holds(self, person: dict) -> bool:
        try:
            born = dt.date.fromisoformat(person.get("birth_date") or "")
        except ValueError:
            return False
        today = self.today or dt.date.today()
        return (today.year - born.year - ((today.month, today.day) < (born.month, born.day))) >= 18


@dataclass(frozen=True)
class Not:
    condition: object

    def holds(self, person: dict) -> bool:
        return not self.condition.holds(person)


@dataclass(frozen=True)
class Always:
    def holds(self, _person: dict) -> bool:
        return True


@dataclass(frozen=True)
class AnyOf:
    conditions: tuple

    def holds(self, person: dict) -> bool:
        return any(c.holds(person) for c in self.conditions)


@dataclass(frozen=True)
class Rule:
    who: tuple
    when: object  # has .holds(person)
    document: Document


def income(*kinds):
    """One of these monthly resources is more than zero."""
    return AnyOf(tuple(Positive(f"income_{kind}") for kind in kinds))


IDENTITY = Document(
    "identity", _l("Carte d'identité ou passeport en cours de validité"),
    source="NO 517")
RESIDENCE_PERMIT = Document(
    "residence_permit", _l("Titre de séjour en cours de validité"),
    _l("Ou bien : le récépissé de la demande de renouvellement du titre de séjour ; le "
       "récépissé de demande d'asile (1 mois renouvelable) ; pour une personne qui a obtenu "
       "l'asile mais pas encore son titre, le récépissé portant la mention « a obtenu le "
       "statut de réfugié », « a obtenu le bénéfice de la protection subsidiaire » ou "
       "« reconnu apatride ». Ressortissants de l'Espace économique européen ou de la Suisse : "
       "la carte d'identité ou le passeport suffit."), "NO 518-527")
IDENTITY_OR_PERMIT = Document(
    "identity_or_permit", _l("Pièce d'identité ou titre de séjour en cours de validité"),
    _l("Carte d'identité, passeport, titre de séjour ou l'un des récépissés acceptés "
       "(demande de renouvellement, demande d'asile, statut de réfugié, protection "
       "subsidiaire, apatride)."), "NO 517-527")
CHILD_IDENTITY = Document(
    "child_identity", _l("Livret de famille ou pièce d'identité de l'enfant"),
    source="ML 473")
TAX_NOTICE = Document(
    "tax_notice", _l("Avis d'imposition de l'avant-dernière année"),
    _l("À défaut, l'avis de situation déclarative à l'impôt sur le revenu. Ajoutez le dernier "
       "avis reçu s'il est disponible."), "SP 14, 122")
OWN_APPLICATION = Document(
    "own_application", _l("Sa propre demande de logement social"),
    _l("Chaque colocataire remplit une demande à son nom, avec sa pièce d'identité."),
    "NO 533-535")
MARRIAGE = Document(
    "marriage", _l("Livret de famille ou autre document qui prouve le mariage"),
    source="SP 110")
PACS = Document("pacs", _l("Attestation d'enregistrement du Pacs"), source="SP 111")
PREGNANCY = Document(
    "pregnancy", _l("Certificat de grossesse"),
    _l("Il doit attester une grossesse de plus de 12 semaines."), "SP 112")
STUDENT_CARD = Document(
    "student_card", _l("Carte d'étudiant, ou contrat de travail pour un apprenti"),
    source="SP 116-117")
OTHER_WORK = Document(
    "other_work", _l("Un document qui prouve la situation professionnelle indiquée"),
    _l("Par exemple : notification de retraite, inscription comme indépendant."), "SP 118")
CHILDMINDER_APPROVAL = Document(
    "childminder_approval", _l("Agrément d'assistant maternel ou familial"), source="SP 157")
PAYSLIPS = Document(
    "payslips", _l("Bulletins de salaire des 3 derniers mois"),
    _l("Ou une attestation de l'employeur."), "SP 123")
EARNINGS = Document(
    "earnings", _l("Bulletins de salaire des 3 derniers mois, ou dernier bilan"),
    _l("Salarié : les bulletins de salaire ou une attestation de l'employeur. Non salarié : "
       "le dernier bilan, une attestation du comptable sur le revenu mensuel, ou tout "
       "document comptable remis à l'administration."), "SP 123-124")
PENSION_NOTICE = Document(
    "pension_notice", _l("Notification de pension (retraite ou invalidité)"), source="SP 125")
UNEMPLOYMENT_NOTICE = Document(
    "unemployment_notice", _l("Avis de paiement de l'allocation chômage"),
    _l("Pour des indemnités journalières : le bulletin de la Sécurité sociale."), "SP 126-127")
ALIMONY_NOTICE = Document(
    "alimony_notice", _l("Extrait du jugement sur la pension alimentaire reçue"),
    _l("Ou un autre document qui prouve que vous la recevez."), "SP 128")
BENEFITS_NOTICE = Document(
    "benefits_notice", _l("Attestation de la CAF ou de la MSA"),
    _l("Elle liste les prestations versées : allocations familiales, AAH, AEEH, RSA, PAJE, "
       "prime d'activité…"), "SP 129")
GRANT_NOTICE = Document(
    "grant_notice", _l("Avis d'attribution de bourse"), source="SP 130")
OTHER_INCOME = Document(
    "other_income", _l("Un justificatif de l'ASPA ou des autres ressources déclarées"),
    _l("Par exemple la notification de l'ASPA par la caisse de retraite."), "SP 106",
    may_be_asked=_l("Nos sources ne nomment aucun document pour ces ressources : le guichet "
                    "peut vous en demander un pour vérifier le montant déclaré."))

TENANT = Document(
    "tenant", _l("Bail et dernière quittance de loyer"),
    _l("Sans quittance : une attestation du bailleur disant que vous êtes à jour de vos "
       "loyers et charges, ou toute preuve des paiements."), "SP 134")
HOSTED = Document(
    "hosted", _l("Attestation de la personne qui vous héberge"), source="SP 135")
SHELTER = Document(
    "shelter", _l("Attestation de la structure d'hébergement ou du gestionnaire du "
                  "logement-foyer"), source="SP 136")
HOTEL_OR_CAMPSITE = Document(
    "hotel_or_campsite", _l("Reçu de l'hôtel ou du camping"),
    _l("Ou une attestation d'un travailleur social, d'une association, ou votre certificat "
       "de domiciliation."), "SP 137")
HOMELESS = Document(
    "homeless", _l("Attestation d'un travailleur social, d'une association ou certificat de "
                   "domiciliation"),
    _l("Le CCAS ou l'association qui reçoit votre courrier vous délivre le certificat de "
       "domiciliation."), "SP 138, 143")
OWNER = Document(
    "owner", _l("Acte de propriété et plan de financement"), source="SP 139")
SERVICE_HOUSING = Document(
    "service_housing", _l("Un justificatif de votre logement de fonction"),
    _l("Par exemple une attestation de l'employeur qui vous loge."), "SP 106",
    may_be_asked=_l("Nos sources ne nomment aucun document pour un logement de fonction : le "
                    "guichet peut vous en demander un pour vérifier votre situation actuelle."))
PATRIMONY = Document(
    "patrimony", _l("Déclaration sur l'honneur concernant votre patrimoine"),
    _l("Elle permet d'estimer les aides personnelles au logement que vous pourriez obtenir."),
    "SP 162-164")

NOT_DECENT = Document(
    "not_decent", _l("Un document qui montre que le logement n'est pas décent"),
    _l("Établi par un service public, un travailleur social, un professionnel du bâtiment ou "
       "une association ; ou des photos, un jugement, une attestation de la CAF ou de la "
       "MSA."), "SP 144")
UNFIT = Document(
    "unfit", _l("Un document qui montre que le logement est insalubre ou dangereux"),
    _l("Arrêté ou mise en demeure de la mairie ou de la préfecture, jugement, attestation "
       "de la CAF ou de la MSA, document d'un service public, d'un travailleur social ou "
       "d'un professionnel du bâtiment, photos."), "SP 145-146")
LANDLORD_NOTICE = Document(
    "landlord_notice", _l("Lettre de congé du propriétaire"),
    _l("Ou le jugement qui résilie le bail."), "SP 147")
DISABILITY = Document(
    "disability", _l("Carte d'invalidité ou carte mobilité inclusion, ou décision de la "
                     "commission des droits et de l'autonomie (CDAPH)"),
    _l("Ou la décision d'un organisme de sécurité sociale."), "SP 151, 22")
HOUSING_COST = Document(
    "housing_cost", _l("Quittance de loyer ou autre preuve de ce que vous coûte le logement"),
    source="SP 150")
WORKPLACE = Document(
    "workplace", _l("Un document qui montre où se trouve votre emploi, actuel ou futur"),
    source="SP 160")
EVICTION = Document(
    "eviction", _l("Jugement d'expulsion ou commandement de quitter les lieux"),
    _l("Ou le commandement de payer, ou l'assignation à comparaître."), "SP 148")
VIOLENCE = Document(
    "violence", _l("Ordonnance de protection du juge aux affaires familiales, ou récépissé de "
                   "dépôt de plainte"),
    _l("Si vous ne les avez pas, déposez quand même votre demande : seule la pièce "
       "d'identité est obligatoire. Avec l'un de ces documents, seules vos propres ressources "
       "comptent, même si votre avis d'imposition est commun."), "SP 149, 28-34")
SEPARATION = Document(
    "separation", _l("Jugement de divorce ou convention de divorce homologuée"),
    _l("Divorce en cours : ordonnance de non-conciliation, copie de la saisine du juge aux "
       "affaires familiales ou attestation de l'avocat. Pacs dissous : acte de naissance "
       "portant la mention de la dissolution."), "SP 153-155")
JOB_CHANGE = Document(
    "job_change", _l("Attestation de l'employeur actuel ou futur"), source="SP 158")

HOUSING_DOCUMENTS = (
    (("F1",), OWNER), (("F2", "F5"), TENANT), (("F9", "F10"), HOSTED),
    (("F6", "F7", "F8", "F12", "F13", "F15", "F16"), SHELTER), (("F11", "F19"), HOTEL_OR_CAMPSITE),
    (("F14",), SERVICE_HOUSING), (("F17", "F18"), HOMELESS), (("F20",), HOTEL_OR_CAMPSITE),
)
REASON_DOCUMENTS = (
    ("F31", NOT_DECENT), ("F32", UNFIT), ("F33", LANDLORD_NOTICE), ("F35", HOUSING_COST),
    ("F39", WORKPLACE), ("F42", EVICTION), ("F45", VIOLENCE), ("F48", SEPARATION),
    ("F49", JOB_CHANGE),
)

FRENCH_OR_EU = When("nationality", ("francaise", "union_europeenne"))
OUTSIDE_EU = When("nationality", ("hors_union_europeenne",))
NATIONALITY_UNKNOWN = When("nationality", (None, ""))
CHILD = When("link", ("enfant",))
ADULT_DEPENDANT = When("link", ("parent", "autre"))
SALARIED = When("work_status", ("D1", "D2", "D3", "D4", "D5"))
SELF_EMPLOYED_OR_OTHER = When("work_status", ("D6",))

ADULT = AnyOf((ADULT_DEPENDANT, AdultOn()))

RULES = (
    Rule(ADULTS, FRENCH_OR_EU, IDENTITY),
    Rule(ADULTS, OUTSIDE_EU, RESIDENCE_PERMIT),
    Rule(ADULTS, NATIONALITY_UNKNOWN, IDENTITY_OR_PERMIT),
    Rule((DEPENDANT,), ADULT, IDENTITY_OR_PERMIT),
    Rule((DEPENDANT,), AllOf((CHILD, Not(AdultOn()))), CHILD_IDENTITY),
    Rule((OTHER_CHILD,), Always(), CHILD_IDENTITY),
    Rule((FLATMATE,), Always(), IDENTITY_OR_PERMIT),
    Rule((FLATMATE,), Always(), OWN_APPLICATION),
    Rule(ADULTS, Always(), TAX_NOTICE),
    Rule((APPLICANT,), Always(), PATRIMONY),
    # Family situation: the link of the co-applicant (B2, B3), a child expected.
    Rule((COAPPLICANT,), When("link", ("B2",)), MARRIAGE),
    Rule((COAPPLICANT,), When("link", ("B3",)), PACS),
    Rule((APPLICANT,), AnyOf((Positive("expected_children"), Answered("expected_birth_date"))),
         PREGNANCY),
    # Work (D1–D6; a co-applicant's D11–D16 are read as D1–D6).
    Rule(ADULTS, When("work_status", ("D3",)), STUDENT_CARD),
    Rule(ADULTS, When("work_status", ("D4",)), CHILDMINDER_APPROVAL),
    Rule(ADULTS, SELF_EMPLOYED_OR_OTHER, OTHER_WORK),
    # Monthly resources, per column of the table (E9–E56).
    Rule(ADULTS, AllOf((income("salary"), SALARIED)), PAYSLIPS),
    # D6 holds the self-employed and salaried civil servants of towns and hospitals alike.
    Rule(ADULTS, AllOf((income("salary"), SELF_EMPLOYED_OR_OTHER)), EARNINGS),
    Rule((DEPENDANTS_INCOME,), income("salary"), PAYSLIPS),
    Rule(ADULTS + (DEPENDANTS_INCOME,), income("pension", "invalidity"), PENSION_NOTICE),
    Rule(ADULTS + (DEPENDANTS_INCOME,), income("unemployment"), UNEMPLOYMENT_NOTICE),
    Rule(ADULTS + (DEPENDANTS_INCOME,), income("alimony_received"), ALIMONY_NOTICE),
    Rule(ADULTS + (DEPENDANTS_INCOME,),
         income("family", "aah", "aeeh", "ajpp", "rsa", "paje", "activity_bonus"),
         BENEFITS_NOTICE),
    Rule(ADULTS + (DEPENDANTS_INCOME,), income("grant"), GRANT_NOTICE),
    Rule(ADULTS + (DEPENDANTS_INCOME,), income("aspa", "other"), OTHER_INCOME),
    # Current housing (F1–F20), the mail address of a homeless applicant.
    *(Rule((APPLICANT,), When("housing_status", codes), document)
      for codes, document in HOUSING_DOCUMENTS),
    Rule((APPLICANT,), When("living_situation", ("domicilie",)), HOMELESS),
    # Disability: people with a disability in the household (C1), or the reason F34.
    Rule((APPLICANT,), AnyOf((Positive("disabled_people"), When("reasons", ("F34",)))),
         DISABILITY),
    # Reasons for the request (F31–F49).
    *(Rule((APPLICANT,), When("reasons", (code,)), document)
      for code, document in REASON_DOCUMENTS),
)


@dataclass(frozen=True)
class Person:
    who: str
    answers: dict  # the answers the rules read, incomes as income_<kind>
    name: str = ""


@dataclass(frozen=True)
class Group:
    person: Person
    documents: tuple


def _incomes(answers: dict, column: str) -> dict:
    return {f"income_{kind}": answers.get(f"monthly_{column}_{kind}")
            for kind, _label in MONTHLY_RESOURCES}


def people(answers: dict):
    """Everyone the documents are about, in the order of the form."""
    found = [Person(APPLICANT, {**answers, **_incomes(answers, "applicant")},
                    person_name(answers))]
    for item in answers.get("coapplicants") or []:
        status = item.get("work_status") or ""
        work_status = f"D{int(status[1:]) - 10}" if status[1:].isdigit() else status
        found.append(Person(COAPPLICANT, {**item, **_incomes(item, "coapplicant"),
                                          "work_status": work_status}, person_name(item)))
    found += [Person(DEPENDANT, item, person_name(item))
              for item in answers.get("dependants") or []]
    found += [Person(OTHER_CHILD, item, person_name(item))
              for item in answers.get("other_children") or []]
    found += [Person(FLATMATE, item, person_name(item))
              for item in answers.get("flatmates") or []]
    found.append(Person(DEPENDANTS_INCOME, _incomes(answers, "dependants")))
    return found


def checklist(answers: dict):
    """The documents the answers call for, grouped by person; each document once a person.

    `answers` are the answers of the pages asked (cerfa.active_answers)."""
    groups = []
    for person in people(answers):
        documents = []
        for rule in RULES:
            if (person.who in rule.who and rule.when.holds(person.answers)
                    and rule.document not in documents):
                documents.append(rule.document)
        if documents:
            groups.append(Group(person, tuple(documents)))
    return groups


def _describe(condition) -> str:
    if isinstance(condition, When):
        values = dict.fromkeys(value or "(vide)" for value in condition.values)
        return f"`{condition.name}` = {' ou '.join(values)}"
    if isinstance(condition, Positive):
        return f"`{condition.name}` > 0"
    if isinstance(condition, Answered):
        return f"`{condition.name}` renseigné"
    if isinstance(condition, AdultOn):
        return "18 ans ou plus (`birth_date`)"
    if isinstance(condition, Not):
        return f"non {_describe(condition.condition)}"
    if isinstance(condition, AllOf):
        return " et ".join(_describe(c) for c in condition.conditions)
    if isinstance(condition, AnyOf):
        return "(" + " ou ".join(_describe(c) for c in condition.conditions) + ")"
    return "toujours"


def rules_table() -> str:
    """The rules as a Markdown table, for docs/pieces.md (kept current by a test)."""
    lines = ["| Qui | Quand | Document | Source |", "|---|---|---|---|"]
    for rule in RULES:
        asked = " (peut être demandé)" if rule.document.may_be_asked else ""
        lines.append(f"| {', '.join(rule.who)} | {_describe(rule.when)} | "
                     f"{rule.document.key} : {rule.document.title}{asked} | "
                     f"{rule.document.source} |")
    return "\n".join(lines)
