"""Builds template.pdf and fields.json for Cerfa n°14069*04 from its text
(source: the Cerfa with its box codes A1…H4, nine pages in the paper order).

    .venv/bin/python pdf_templates/14069-04/build.py

The official PDF cannot be downloaded here: this is a faithful reproduction of
its content and order, drawn with reportlab, not a facsimile of its artwork.
"""

import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from layout import MARGIN, FormLayout, covered_ranges  # noqa: E402

from forms.cerfa import MONTHLY_RESOURCES, printed_question  # noqa: E402

PRINTABLE = HERE.parents[1] / "forms" / "printable.py"

# The words of every box come from the questions (forms/cerfa.py: `printed`, else the
# French label); this file says where they go, and holds the form's other text.


def words(name, within=None):
    """The Cerfa's words for the box of question `name` (of the list `within`)."""
    return printed_question(name, within).printed_label


def starred(text):
    """The Cerfa's mark of a box to fill: a star after the words, before a final " ?"."""
    return text[:-2] + "* ?" if text.endswith(" ?") else text + "*"


def boxes(form, name, values=None, *, within=None, label=None, slot=None, step=None):
    """Tick boxes for the choices of question `name` (all, or `values` in the form's
    order) with the Cerfa's words. A choice that is a box code is its own slot; other
    choices are options of `slot`."""
    question = printed_question(name, within)
    values = values or [value for value, _label in question.choices]
    form.ticks([("", question.printed_choice(v), v) if slot else
                (v, question.printed_choice(v), "") for v in values],
               label=label, slot=slot, step=step)


def tick(form, name, within=None):
    """One box of its own (a check box question), with its code."""
    question = printed_question(name, within)
    form.ticks([(question.box, question.printed_label, "")])


def address(form, prefix):
    def field(name, width):
        return words(prefix + name), prefix + name, width

    form.row([field("number", 60), field("street", 400)])
    form.text(words(f"{prefix}locality"), f"{prefix}locality")
    form.row([field("building", 90), field("staircase", 70), field("floor", 60),
              field("apartment", 80)])
    form.text(words(f"{prefix}complement"), f"{prefix}complement")
    x = form.cells(words(f"{prefix}postcode"), f"{prefix}postcode", 5)
    form.text(words(f"{prefix}city"), f"{prefix}city", x=x + 8, newline=False)
    form.text(words(f"{prefix}country"), f"{prefix}country")


def person(form, prefix, within, nir_slot):
    """Civilité, names, birth date, nationality and social-security number."""
    boxes(form, "civility", within=within, slot=f"{prefix}civility")
    form.text(starred(words("birth_name", within)), f"{prefix}birth_name")
    form.text(words("usage_name", within), f"{prefix}usage_name")
    form.text(starred(words("first_names", within)), f"{prefix}first_names")
    form.date(starred(words("birth_date", within)), f"{prefix}birth_date")
    boxes(form, "nationality", within=within, label=starred(words("nationality", within)),
          slot=f"{prefix}nationality")
    nir = printed_question("nir", within)
    form.cells(starred(nir.printed_label), nir_slot, 15, code=nir.box,
               groups=[1, 2, 2, 2, 3, 3, 2])


def phones(form, prefix, within):
    form.cells(words("phone_home", within), f"{prefix}phone_home", 10)
    form.cells(words("phone_mobile", within), f"{prefix}phone_mobile", 10)
    form.text(words("email", within), f"{prefix}email")
    if within is None:
        form.text(words("helper_email"), "helper_email")
    for name in ("consent_email", "consent_sms"):
        boxes(form, name, within=within, label=words(name, within), slot=f"{prefix}{name}")


def page_1(form):
    form.new_page("Demande de logement social")
    form.para("Article R. 441-2-2 du code de la construction et de l'habitation. À remplir à "
              "l'encre noire et en lettres majuscules en s'aidant de la notice. L'enregistrement "
              "de votre demande est un droit. La seule condition est la fourniture de la copie "
              "d'une pièce d'identité ou d'un titre de séjour en cours de validité. Les champs "
              "suivis d'une étoile (*) doivent obligatoirement être remplis.")
    form.date("Cadre réservé au service – Date de dépôt au guichet", None)
    form.subheading("Votre demande")
    boxes(form, "request_kind", label=words("request_kind"), slot="request_kind")
    form.para(words("registration_number"), size=7.5)
    form.cells("", "registration_number", 18, code="A1")
    form.space(4)
    form.subheading("Vos coordonnées")
    person(form, "", None, nir_slot="nir")
    phones(form, "", None)
    form.subheading("Adresse du logement où vous vivez actuellement")
    address(form, "address_")
    form.text(words("host_name"), "host_name")
    form.subheading("Adresse à laquelle le courrier doit vous être envoyé "
                    "(si cette adresse est différente)")
    address(form, "mail_")
    form.text(words("mail_recipient"), "mail_recipient")


def page_2(form):
    form.new_page("Votre conjoint ou votre codemandeur")
    person(form, "coapplicant_", "coapplicants", nir_slot="B1")
    form.subheading("Ses coordonnées")
    phones(form, "coapplicant_", "coapplicants")
    boxes(form, "link", within="coapplicants", label=starred(words("link", "coapplicants")))
    form.para("(Vous remplissez autant de page 2 que nécessaire pour donner les informations "
              "sur le(s) codemandeur(s))")
    form.band("Vos colocataires")
    for n in (1, 2, 3):
        boxes(form, "civility", within="flatmates", label=str(n), slot=f"flatmate{n}_civility")
        form.row([(words("birth_name", "flatmates"), f"flatmate{n}_birth_name", 190),
                  (words("usage_name", "flatmates"), f"flatmate{n}_usage_name", 150)])
        x = form.text(words("first_names", "flatmates"), f"flatmate{n}_first_names",
                      width=250)
        form.date(words("birth_date", "flatmates"), f"flatmate{n}_birth_date", x=x + 8,
                  newline=False)
    form.band("Handicap")
    form.cells(words("disabled_people"), "C1", 2, code="C1", align="right")


def child_row(form, n, prefix, within, last, order=None):
    """One row of page 3: name and birth date, then sex and a last choice."""
    x = form.text(f"{n}  {words('last_name', within)}", f"{prefix}{n}_name", width=250)
    form.date(words("birth_date", within), f"{prefix}{n}_birth_date", x=x + 8, newline=False)
    boxes(form, "sex", ["m", "f"], within=within, label="      " + words("sex", within),
          slot=f"{prefix}{n}_sex")
    form.y += 16
    boxes(form, last, order, within=within, label=" " * 41 + words(last, within),
          slot=f"{prefix}{n}_{last}")


def page_3(form):
    form.new_page("Personnes à charge")
    form.para("Personnes fiscalement à votre charge ou à la charge de votre conjoint ou "
              "codemandeur qui vivront dans le logement")
    for n in range(1, 9):
        child_row(form, n, "dependant", "dependants", "link", ["parent", "enfant", "autre"])
    form.para("(s'il y a plus de 8 personnes à charge, donnez les informations sur une feuille "
              "complémentaire)")
    x = form.date(words("expected_birth_date"), "expected_birth_date")
    form.cells(words("expected_children"), "expected_children", 1, x=x + 8, newline=False)
    form.band("Autres enfants")
    form.para("Enfants en droit de visite et d'hébergement (et enfants en garde alternée qui ne "
              "sont pas encore fiscalement à charge)")
    for n in range(1, 5):
        child_row(form, n, "other_child", "other_children", "custody")


def work(form, within, siret, prefix):
    boxes(form, "work_status", within=within)
    form.text(words("work_city", within), f"{prefix}work_city")
    x = form.cells(words("work_postcode", within), f"{prefix}work_postcode", 5)
    form.text(words("work_country", within), f"{prefix}work_country", x=x + 8, newline=False)
    siret = printed_question(siret, within)
    form.para(siret.printed_label)
    form.cells("SIRET", siret.box, 14, code=siret.box, groups=[3, 3, 3, 5])
    tick(form, "fixed_term", within)
    tick(form, "long_unemployment", within)
    end = printed_question("unemployment_end", within)
    form.date(end.printed_label, end.box, code=end.box)


def page_4(form):
    form.new_page("Votre situation professionnelle")
    work(form, None, "employer_siret", "")
    form.band("Situation professionnelle de votre conjoint ou de votre codemandeur")
    work(form, "coapplicants", "siret", "coapplicant_")
    form.para("(Vous remplissez autant de page 4 que nécessaire pour donner les informations "
              "sur le(s) codemandeur(s))")


def page_5(form):
    form.new_page("Revenus annuels (revenu fiscal de référence)")
    form.para("Colonne 1 : Revenus du demandeur et de son conjoint. Colonne 2 : Revenus du "
              "codemandeur.")
    for name in ("income_n2", "income_n1"):
        ours, theirs = printed_question(name), printed_question(name, "coapplicants")
        form.para(ours.printed_label, bold=True)
        x = form.cells("Année", ours.year_box, 4, code=ours.year_box)
        x = form.cells("€", ours.box, 7, code=ours.box, x=x + 14, newline=False, align="right")
        form.cells("€", theirs.box, 7, code=theirs.box, x=x + 14, newline=False,
                   align="right")
    form.band("Revenus mensuels")
    form.para("Ressources du demandeur, du conjoint ou du codemandeur et des personnes "
              "fiscalement à leur charge qui vivent dans le logement (hors APL/ALS/ALF). "
              "Montant net en euros par mois (sans les centimes) avant impôts sur le revenu.")
    boxes(form, "receives_monthly", label=starred(words("receives_monthly")))
    form.para("Si vous avez coché oui, vous devez obligatoirement renseigner toutes vos "
              "ressources mensuelles. Colonnes : demandeur, conjoint ou codemandeur, autres "
              "personnes fiscalement à charge.")
    for key, _label in MONTHLY_RESOURCES:
        row = printed_question(f"monthly_applicant_{key}")  # the first column, E9, E12…
        form.y -= 16.5
        form.canvas.setFont("DejaVuSans", 7.2)
        form.canvas.drawString(MARGIN, form.y,
                               row.printed_label + (" (−)" if row.deduction else ""))
        x = 232
        code = int(row.box[1:])
        for column in range(3):
            box = f"E{code + column}"
            x = form.cells("", box, 5, code=box, x=x, newline=False, align="right") + 14
    form.para("(Vous remplissez autant de page 5 que nécessaire pour donner les informations "
              "sur le(s) codemandeur(s))")


def page_6(form):
    form.new_page("Votre situation* – Votre logement actuel")
    form.subheading("Vous êtes propriétaire")
    boxes(form, "housing_status", ["F1"])
    form.subheading("Vous êtes locataire (cochez une seule case)")
    boxes(form, "housing_status", ["F2"])
    form.text(words("landlord_name"), "F3", code="F3")
    form.cells(words("landlord_siren"), "F4", 9, code="F4", groups=[3, 3, 3])
    boxes(form, "housing_status", ["F5"])
    form.subheading("Vous êtes hébergé (cochez une seule case)")
    for n in range(6, 21):
        boxes(form, "housing_status", [f"F{n}"])
        form.y += 3
    boxes(form, "current_rooms", label=words("current_rooms"))
    x = form.cells(words("current_surface"), "F27", 3, code="F27", align="right")
    form.cells(words("current_occupants"), "F28", 2, code="F28", x=x + 14, newline=False,
               align="right")
    form.cells(words("current_rent"), "F29", 5, code="F29", align="right")
    form.cells(words("current_housing_aid"), "F30", 5, code="F30", align="right")
    form.subheading("Motif de votre demande")
    boxes(form, "reasons", [f"F{n}" for n in range(31, 43)], step=260)
    form.date(words("eviction_judgment_date"), "F43", code="F43")
    form.date(words("eviction_notice_date"), "F44", code="F44")


def page_7(form):
    form.new_page("Votre situation* (suite)")
    form.subheading("Famille")
    boxes(form, "reasons", ["F45", "F46", "F47", "F48"], step=260)
    form.subheading("Travail")
    boxes(form, "reasons", ["F49"])
    form.subheading(words("other_property"))
    boxes(form, "other_property")
    form.text(words("property_city"), "property_city")
    x = form.cells(words("property_postcode"), "property_postcode", 5)
    form.text(words("property_country"), "property_country", x=x + 8, newline=False)
    boxes(form, "property_rooms", label=words("property_rooms"))
    form.band("Le logement que vous recherchez")
    boxes(form, "housing_type")
    boxes(form, "parking", label=words("parking"))
    boxes(form, "rooms_sought", label=words("rooms_sought"))
    tick(form, "flatshare")
    boxes(form, "refuse_ground_floor", label=words("refuse_ground_floor"))
    boxes(form, "refuse_no_lift", label=words("refuse_no_lift"))
    tick(form, "ownership_information")
    form.para("Si vous recherchez un appartement adapté au handicap ou à la perte d'autonomie, "
              "remplissez autant de formulaires complémentaires qu'il y a de personnes "
              "concernées. (Remplissez autant de page 7 que nécessaire pour les logements "
              "supplémentaires dont vous êtes propriétaire.)")


def page_8(form):
    form.new_page("Localisation souhaitée")
    form.para("Indiquez par ordre de préférence les communes où vous souhaitez un logement "
              "(choix 1 = votre première préférence), 8 au maximum. À Paris, Lyon ou Marseille, "
              "vous pouvez choisir un ou plusieurs arrondissements, ou toute la ville. Le code "
              "postal est nécessaire car plusieurs villes portent le même nom.")
    part = dict(printed_question("locations").printed_parts)
    for n in range(1, 9):
        form.space(8)
        x = form.text(f"Choix {n} – {part['city']}", f"location{n}_city", width=300)
        form.cells(part["postcode"], f"location{n}_postcode", 5, x=x + 10, newline=False)
        form.text(part["district"], f"location{n}_district", width=300)


def page_9(form):
    form.new_page("Précisions complémentaires")
    form.para("Voir notice.")
    form.lines("H1", 14, code="H1")
    form.space(6)
    form.para(words("online_renewal"))
    boxes(form, "online_renewal")
    form.para("Si oui, vous recevrez un mail d'alerte à l'adresse que vous avez indiquée à la "
              "page 1.")
    form.space(4)
    form.para("En déposant votre demande, vous attestez que les informations ci-dessus sont "
              "exactes. Vous vous engagez à signaler tout changement de situation.", bold=True,
              size=8)
    form.date(words("signature_date"), "H4", code="H4")
    form.signature()
    form.para("Dans le cadre de la nationalisation de la demande de logement social, le présent "
              "document autorise l'administration à regrouper les demandes déposées sur "
              "plusieurs départements. Les données les plus récentes que vous avez communiquées "
              "sont intégrées dans la demande nationale. L'ensemble des localisations "
              "souhaitées sont maintenues.", size=6.5)
    form.para("Toute fausse déclaration est passible des peines mentionnées aux articles 441-6 "
              "et 441-7 du Code pénal.", size=6.5)
    form.para("Les informations figurant sur cet imprimé feront l'objet d'un traitement "
              "informatisé conformément au règlement (UE) 2016/679 (RGPD) et à la loi n°78-17 du "
              "6 janvier 1978 modifiée. Vous pouvez accéder aux informations vous concernant "
              "auprès du service qui a enregistré votre demande ou sur le site "
              "www.demande-logement-social.gouv.fr.", size=6.5)


PAGES = (page_1, page_2, page_3, page_4, page_5, page_6, page_7, page_8, page_9)


def build(directory: Path = HERE):
    form = FormLayout(directory / "template.pdf", title="Demande de logement social",
                      reference="Cerfa n°14069*04", pages=len(PAGES))
    for page in PAGES:
        page(form)
    fields = form.save()
    (directory / "fields.json").write_text(
        json.dumps({"edition": "14069*04", "pages": len(PAGES), "fields": fields},
                   ensure_ascii=False, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    return fields


def write_printable(path: Path = PRINTABLE):
    """The characters the embedded font can print, for the forms to check answers."""
    ranges = covered_ranges()
    body = ",\n".join(f"    (0x{a:04X}, 0x{b:04X})" for a, b in ranges)
    path.write_text(
        '"""Characters the PDF font (DejaVu Sans) can print. Generated by '
        'pdf_templates/14069-04/build.py: do not edit."""\n\n'
        f"RANGES = (\n{body},\n)\n", encoding="utf-8")
    return len(ranges)


if __name__ == "__main__":
    built = build()
    print(f"template.pdf and fields.json: {len(built)} slots")
    print(f"forms/printable.py: {write_printable()} ranges")
