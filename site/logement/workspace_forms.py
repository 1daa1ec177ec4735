"""Forms of the structures' workspace. Questions are written as data like the Cerfa's
(forms/cerfa.py), so they get the same checks, messages and markup; secrets (passwords,
codes) are plain fields drawn with the `secret_input` macro."""

import re
from dataclasses import replace

from flask_babel import lazy_gettext as _l
from wtforms import PasswordField, StringField
from wtforms.validators import ValidationError

from forms import form_class
from forms.cerfa import MAIL_ADDRESS, YES_NO, Page, Question, address_check

from .app_forms import CheckedPageForm, ResumeForm, SiteForm

STRUCTURE_KINDS = (
    ("ccas", _l("CCAS ou CIAS")),
    ("association", _l("Association agréée pour la domiciliation")),
    ("service", _l("Service social (département, hôpital, mission locale…)")),
    ("autre", _l("Autre structure")),
)
CONSENT_MONTHS = (("6", _l("6 mois")), ("12", _l("1 an")), ("24", _l("2 ans")))
CONSENT_PURPOSE = "preparer-imprimer-renouveler"
CLOSING_CHOICES = (
    ("rendre", _l("Rendre les demandes aux personnes : elles restent accessibles avec leur code "
                  "de reprise, jusqu'à la suppression automatique habituelle")),
    ("supprimer", _l("Supprimer les demandes partagées avec la structure, et toutes leurs "
                     "réponses")),
)


def _not_on_form(question):
    """The workspace's questions are the site's own, never the Cerfa's boxes."""
    return replace(question, on_form=False)


STRUCTURE_PAGE = Page(
    "structure", _l("Votre structure"),
    hint=_l("L'adresse est celle où vous recevez le courrier des personnes domiciliées chez "
            "vous : elle sera préremplie dans leur demande."),
    questions=(
        Question("structure_name", _l("Nom de la structure"), required=True, max_length=80,
                 required_message=_l("Saisissez le nom de la structure"), on_form=False,
                 hint=_l("Tel qu'il sera écrit sur le Cerfa, par exemple : CCAS de Mâcon")),
        Question("structure_kind", _l("Type de structure"), kind="radios",
                 choices=STRUCTURE_KINDS, required=True, on_form=False,
                 required_message=_l("Choisissez le type de structure")),
        Question("siret", _l("Numéro SIRET"), kind="siret", max_length=20, width="w-20",
                 on_form=False, hint=_l("14 chiffres")),
    ) + tuple(_not_on_form(q) for q in MAIL_ADDRESS),
    checks=(address_check("mail_"),),
)

ACCOUNT_PAGE = Page("compte", _l("Votre compte"), questions=(
    Question("display_name", _l("Vos nom et prénom"), kind="name", required=True,
             max_length=80, autocomplete="name", on_form=False,
             required_message=_l("Saisissez vos nom et prénom"),
             hint=_l("Vos collègues et le journal de la structure les afficheront")),
    Question("login", _l("Identifiant"), required=True, max_length=40, width="w-20",
             autocomplete="username", on_form=False,
             required_message=_l("Choisissez un identifiant"),
             hint=_l("De 3 à 40 lettres sans accent, chiffres, points ou tirets, par exemple "
                     "m.dupont")),
    Question("email", _l("Adresse e-mail professionnelle"), kind="email", max_length=254,
             on_form=False, hint=_l("Pour vous connecter avec elle à la place de "
                                    "l'identifiant. Aucun e-mail ne vous sera envoyé.")),
))

CONSENT_PAGE = Page("accord", _l("L'accord de la personne"), questions=(
    Question("person_name", _l("Nom et prénom de la personne"), kind="name", required=True,
             max_length=80, on_form=False,
             required_message=_l("Saisissez le nom et le prénom de la personne"),
             hint=_l("Seuls les membres de votre structure le verront, dans votre liste")),
    Question("domiciled", _l("La personne est-elle domiciliée dans votre structure ?"),
             kind="radios", choices=YES_NO, required=True, on_form=False,
             required_message=_l("Indiquez si la personne est domiciliée chez vous"),
             hint=_l("Si oui, l'adresse de la structure est préremplie comme adresse de "
                     "courrier")),
    Question("existing_code", _l("Son code de reprise, si elle a déjà commencé sa demande"),
             max_length=30, width="w-20", on_form=False,
             hint=_l("Laissez vide pour commencer une nouvelle demande")),
    Question("consent_months", _l("Pour combien de temps ?"), kind="radios",
             choices=CONSENT_MONTHS, required=True, on_form=False,
             required_message=_l("Choisissez la durée de l'accord"),
             hint=_l("L'accord se renouvelle avec la personne avant la fin")),
    Question("agreed", _l("La personne est d'accord, aujourd'hui, pour que la structure "
                          "prépare, imprime et renouvelle avec elle cette demande de logement "
                          "social"), kind="checkbox", required=True, on_form=False,
             required_message=_l("Cochez la case seulement si la personne a donné son accord"),
             hint=_l("Elle peut continuer seule et arrêter le partage à tout moment avec son "
                     "code.")),
))

RENEW_CONSENT_PAGE = Page("renouveler-accord", _l("Renouveler l'accord"),
                          questions=CONSENT_PAGE.questions[3:])

FOLLOW_UP_PAGE = Page("suivi", _l("Suivi de la demande"), questions=(
    Question("registration_number", _l("Numéro unique d'enregistrement"),
             kind="registration_number", max_length=30, width="w-20", on_form=False,
             hint=_l("18 caractères, sur l'attestation d'enregistrement")),
    Question("filed_on", _l("Date de dépôt ou du dernier renouvellement"), kind="date",
             past_only=True, on_form=False, hint=_l("Par exemple : 29 2 2024")),
    Question("domiciled_since", _l("Début de la domiciliation"), kind="date", past_only=True,
             on_form=False, hint=_l("Elle dure un an")),
    Question("last_contact_on", _l("Dernier contact avec la personne"), kind="date",
             past_only=True, on_form=False,
             hint=_l("Sans contact pendant trois mois, la domiciliation peut prendre fin")),
))

CLOSING_PAGE = Page("fermer", _l("Fermer la structure"), questions=(
    Question("closing", _l("Que faire des demandes partagées avec la structure ?"),
             kind="radios", choices=CLOSING_CHOICES, required=True, on_form=False,
             required_message=_l("Choisissez ce que deviennent les demandes")),
    Question("confirm", _l("Je comprends que les comptes des membres, la liste et le journal "
                           "seront supprimés"), kind="checkbox", required=True, on_form=False,
             required_message=_l("Cochez la case pour confirmer")),
))

StructureForm = form_class(STRUCTURE_PAGE, base=CheckedPageForm)
RenewConsentForm = form_class(RENEW_CONSENT_PAGE, base=CheckedPageForm)
FollowUpForm = form_class(FOLLOW_UP_PAGE, base=CheckedPageForm)
ClosingForm = form_class(CLOSING_PAGE, base=CheckedPageForm)

LOGIN = re.compile(r"^[a-z0-9][a-z0-9._-]{2,39}$")
PASSWORD_MIN, PASSWORD_MAX = 12, 128


class AccountForm(form_class(ACCOUNT_PAGE, base=CheckedPageForm)):
    password = PasswordField(_l("Mot de passe"))
    password_again = PasswordField(_l("Le même mot de passe, une seconde fois"))

    def validate_login(self, field):
        if field.data and not LOGIN.match(field.data.strip().lower()):
            raise ValidationError(_l("L'identifiant comporte de 3 à 40 lettres sans accent, "
                                     "chiffres, points ou tirets, et commence par une lettre "
                                     "ou un chiffre"))

    def validate_password(self, field):
        password = field.data or ""
        if len(password) < PASSWORD_MIN:
            raise ValidationError(_l("Le mot de passe doit comporter au moins %(min)s "
                                     "caractères, par exemple quatre mots au hasard",
                                     min=PASSWORD_MIN))
        if len(password) > PASSWORD_MAX:
            raise ValidationError(_l("Le mot de passe doit comporter au plus %(max)s caractères",
                                     max=PASSWORD_MAX))
        if password.strip().lower() == (self.login.data or "").strip().lower():
            raise ValidationError(_l("Le mot de passe doit être différent de l'identifiant"))

    def validate_password_again(self, field):
        if self.password.data and field.data != self.password.data:
            raise ValidationError(_l("Les deux mots de passe sont différents : saisissez-les "
                                     "à nouveau"))

    def account(self) -> dict:
        answers = self.answers()
        return {"display_name": answers["display_name"], "login": answers["login"].lower(),
                "email": (answers["email"] or "").lower() or None}


class ConsentForm(form_class(CONSENT_PAGE, base=CheckedPageForm)):
    """The consent, and the person's resume code when they started alone."""

    code_kind = None

    def validate_existing_code(self, field):
        if (field.data or "").strip():  # optional here; checked as on the resume page
            ResumeForm.validate_code(self, field)


class SignInForm(SiteForm):
    identifier = StringField(_l("Identifiant ou adresse e-mail"))
    password = PasswordField(_l("Mot de passe"))

    def validate_identifier(self, field):
        if not (field.data or "").strip():
            raise ValidationError(_l("Saisissez votre identifiant ou votre adresse e-mail"))
        if len(field.data) > 254:
            raise ValidationError(_l("Votre identifiant ou adresse e-mail est trop long"))

    def validate_password(self, field):
        if not field.data:
            raise ValidationError(_l("Saisissez votre mot de passe"))

    @property
    def normalised_identifier(self) -> str:
        return self.identifier.data.strip().lower()


class CodeForm(SiteForm):
    code = StringField(_l("Code à 6 chiffres"))

    def validate_code(self, field):
        if not (field.data or "").strip():
            raise ValidationError(_l("Saisissez le code à 6 chiffres affiché par votre "
                                     "application"))


class SecondFactorForm(SiteForm):
    code = StringField(_l("Code à 6 chiffres, ou un code de secours"))

    def validate_code(self, field):
        if not (field.data or "").strip():
            raise ValidationError(_l("Saisissez le code de votre application, ou un code de "
                                     "secours"))
