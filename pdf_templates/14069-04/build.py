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

PRINTABLE = HERE.parents[1] / "forms" / "printable.py"

YES_NO = [("", "Oui", "oui"), ("", "Non", "non")]
CIVILITY = [("", "Monsieur", "monsieur"), ("", "Madame", "madame")]
NATIONALITY = [("", "Française", "francaise"), ("", "Union européenne", "union_europeenne"),
               ("", "Hors Union européenne", "hors_union_europeenne")]
ROOMS = ["1 (studio)", "2", "3", "4", "5", "6 et +"]
ROOMS_LABEL = "Nombre de pièces principales (hors cuisine et salle de bain)"


def address(form, prefix):
    form.row([("Numéro", f"{prefix}number", 60), ("Voie", f"{prefix}street", 400)])
    form.text("Lieu-dit", f"{prefix}locality")
    form.row([("Bâtiment", f"{prefix}building", 90), ("Escalier", f"{prefix}staircase", 70),
              ("Étage", f"{prefix}floor", 60), ("Appartement", f"{prefix}apartment", 80)])
    form.text("Complément d'adresse", f"{prefix}complement")
    x = form.cells("Code postal", f"{prefix}postcode", 5)
    form.text("Ville", f"{prefix}city", x=x + 8, newline=False)
    form.text("Pays", f"{prefix}country")


def person(form, prefix, nir):
    """Civilité, names, birth date, nationality and social-security number."""
    form.ticks(CIVILITY, slot=f"{prefix}civility")
    form.text("Nom de naissance*", f"{prefix}birth_name")
    form.text("Nom d'usage (si différent)", f"{prefix}usage_name")
    form.text("Prénoms*", f"{prefix}first_names")
    form.date("Date de naissance*", f"{prefix}birth_date")
    form.ticks(NATIONALITY, label="Nationalité*", slot=f"{prefix}nationality")
    label, slot, code = nir
    form.cells(label, slot, 15, code=code, groups=[1, 2, 2, 2, 3, 3, 2])


def phones(form, prefix, helper, consent):
    form.cells("Téléphone domicile ou professionnel", f"{prefix}phone_home", 10)
    form.cells("Téléphone portable", f"{prefix}phone_mobile", 10)
    form.text("Mail personnel", f"{prefix}email")
    if helper:
        form.text("Mail d'une personne ou d'une structure vous aidant dans les démarches",
                  "helper_email")
    form.ticks(YES_NO, label=consent, slot=f"{prefix}consent_email")
    form.ticks(YES_NO, label="par SMS ?", slot=f"{prefix}consent_sms")


def page_1(form):
    form.new_page("Demande de logement social")
    form.para("Article R. 441-2-2 du code de la construction et de l'habitation. À remplir à "
              "l'encre noire et en lettres majuscules en s'aidant de la notice. L'enregistrement "
              "de votre demande est un droit. La seule condition est la fourniture de la copie "
              "d'une pièce d'identité ou d'un titre de séjour en cours de validité. Les champs "
              "suivis d'une étoile (*) doivent obligatoirement être remplis.")
    form.date("Cadre réservé au service – Date de dépôt au guichet", None)
    form.subheading("Votre demande")
    form.ticks([("", "D'une première demande", "premiere"),
                ("", "Du renouvellement d'une demande en cours", "renouvellement"),
                ("", "D'une modification d'une demande en cours", "modification")],
               label="Il s'agit :", slot="request_kind")
    form.para("Si vous avez déjà une demande en cours, indiquez votre numéro unique "
              "d'enregistrement", size=7.5)
    form.cells("", "registration_number", 18, code="A1")
    form.space(4)
    form.subheading("Vos coordonnées")
    person(form, "", nir=("Votre numéro de sécurité sociale*", "nir", "A2"))
    phones(form, "", helper=True,
           consent="Acceptez-vous de recevoir des informations : par mail ?")
    form.subheading("Adresse du logement où vous vivez actuellement")
    address(form, "address_")
    form.text("Si vous êtes hébergé, personne ou structure hébergeante", "host_name")
    form.subheading("Adresse à laquelle le courrier doit vous être envoyé "
                    "(si cette adresse est différente)")
    address(form, "mail_")
    form.text("Si vous êtes hébergé ou domicilié, personne ou structure à qui envoyer un "
              "courrier", "mail_recipient")


def page_2(form):
    form.new_page("Votre conjoint ou votre codemandeur")
    person(form, "coapplicant_", nir=("Son numéro de sécurité sociale*", "B1", "B1"))
    form.subheading("Ses coordonnées")
    phones(form, "coapplicant_", helper=False,
           consent="Accepte-t-il de recevoir des informations : par mail ?")
    form.ticks([("B2", "Marié", ""), ("B3", "Pacsé", ""), ("B4", "Concubin", ""),
                ("B5", "Ascendant", ""), ("B6", "Descendant", ""), ("B7", "Fratrie", "")],
               label="Lien avec le demandeur*")
    form.para("(Vous remplissez autant de page 2 que nécessaire pour donner les informations "
              "sur le(s) codemandeur(s))")
    form.band("Vos colocataires")
    for n in (1, 2, 3):
        form.ticks(CIVILITY, label=str(n), slot=f"flatmate{n}_civility")
        form.row([("Nom de naissance", f"flatmate{n}_birth_name", 190),
                  ("Nom d'usage (si différent)", f"flatmate{n}_usage_name", 150)])
        x = form.text("Prénoms", f"flatmate{n}_first_names", width=250)
        form.date("Sa date de naissance", f"flatmate{n}_birth_date", x=x + 8, newline=False)
    form.band("Handicap")
    form.cells("Nombre de personnes en situation de handicap", "C1", 2, code="C1",
               align="right")


def child_row(form, n, prefix, last, last_label, last_choices):
    """One row of page 3: name and birth date, then sex and a last choice."""
    x = form.text(f"{n}  Nom Prénom", f"{prefix}{n}_name", width=250)
    form.date("Né(e) le", f"{prefix}{n}_birth_date", x=x + 8, newline=False)
    form.ticks([("", "M", "m"), ("", "F", "f")], label="      Sexe", slot=f"{prefix}{n}_sex")
    form.y += 16
    form.ticks(last_choices, label=" " * 41 + last_label, slot=f"{prefix}{n}_{last}")


def page_3(form):
    form.new_page("Personnes à charge")
    form.para("Personnes fiscalement à votre charge ou à la charge de votre conjoint ou "
              "codemandeur qui vivront dans le logement")
    for n in range(1, 9):
        child_row(form, n, "dependant", "link", "Lien de parenté",
                  [("", "parent", "parent"), ("", "enfant", "enfant"), ("", "autre", "autre")])
    form.para("(s'il y a plus de 8 personnes à charge, donnez les informations sur une feuille "
              "complémentaire)")
    x = form.date("Si naissance attendue, date de naissance prévue", "expected_birth_date")
    form.cells("Nombre d'enfants à naître", "expected_children", 1, x=x + 8, newline=False)
    form.band("Autres enfants")
    form.para("Enfants en droit de visite et d'hébergement (et enfants en garde alternée qui ne "
              "sont pas encore fiscalement à charge)")
    for n in range(1, 5):
        child_row(form, n, "other_child", "custody", "",
                  [("", "Garde alternée", "garde_alternee"),
                   ("", "Droit de visite", "droit_de_visite")])


def work(form, codes, whose, sentence, prefix):
    """`whose` is the subject with "être" and with "avoir": ("Vous êtes", "Vous avez")."""
    is_, has = whose
    d = codes
    form.ticks([(d[0], "Salarié du privé", ""), (d[1], "Agent de l'État", ""),
                (d[2], "Étudiant ou apprenti", ""), (d[3], "Assistant familial ou maternel", ""),
                (d[4], "Chômage", ""), (d[5], "Autres situations", "")])
    form.text("Ville du lieu de travail principal", f"{prefix}work_city")
    x = form.cells("Code postal", f"{prefix}work_postcode", 5)
    form.text("Pays du lieu de travail", f"{prefix}work_country", x=x + 8, newline=False)
    form.para(sentence)
    form.cells("SIRET", d[6], 14, code=d[6], groups=[3, 3, 3, 5])
    form.ticks([(d[7], f"{is_} en CDD ou en intérim", "")])
    form.ticks([(d[8], f"{has} vécu une période de chômage de plus d'un an.", "")])
    form.date("Elle s'est terminée le :", d[9], code=d[9])


def page_4(form):
    form.new_page("Votre situation professionnelle")
    work(form, ["D1", "D2", "D3", "D4", "D5", "D6", "D7", "D8", "D9", "D10"],
         ("Vous êtes", "Vous avez"),
         "Si vous êtes salarié ou apprenti dans une entreprise privée et que vous travaillez "
         "dans un établissement situé en France, précisez le numéro SIRET de votre employeur "
         "principal.", "")
    form.band("Situation professionnelle de votre conjoint ou de votre codemandeur")
    work(form, ["D11", "D12", "D13", "D14", "D15", "D16", "D17", "D18", "D19", "D20"],
         ("Votre conjoint ou votre codemandeur est", "Votre conjoint ou votre codemandeur a"),
         "Si votre conjoint ou votre codemandeur est salarié ou apprenti dans une entreprise "
         "privée et qu'il travaille dans un établissement situé en France, précisez le numéro "
         "SIRET de son employeur principal.", "coapplicant_")
    form.para("(Vous remplissez autant de page 4 que nécessaire pour donner les informations "
              "sur le(s) codemandeur(s))")


INCOME_ROWS = ["Salaire ou revenu d'activité", "Retraite", "Allocation chômage / Indemnités",
               "Pension alimentaire reçue", "Pension d'invalidité", "Allocations familiales",
               "Allocation d'adulte handicapé (AAH)",
               "Allocation d'éducation d'enfant handicapé",
               "Allocation journalière de présence parentale",
               "Revenu de solidarité active (RSA)", "Allocation jeune enfant (PAJE)",
               "ASPA (ex minimum vieillesse)", "Bourse étudiant", "Prime d'activité",
               "Autres (hors APL ou ALS ou ALF)", "Pensions alimentaires que vous versez"]


def page_5(form):
    form.new_page("Revenus annuels (revenu fiscal de référence)")
    form.para("Colonne 1 : Revenus du demandeur et de son conjoint. Colonne 2 : Revenus du "
              "codemandeur.")
    for year_code, first, second, text in (
            ("E1", "E2", "E3", "Sur les revenus de l'année : année en cours moins 2 "
                               "(par exemple en 2019 c'est sur 2017)"),
            ("E4", "E5", "E6", "Sur les revenus de l'année : année en cours moins 1 "
                               "(par exemple en 2019 c'est sur 2018). Si vous avez reçu votre "
                               "Avis d'impôt ou votre Avis de situation déclarative à l'impôt "
                               "sur le revenu (ASDIR)")):
        form.para(text, bold=True)
        x = form.cells("Année", year_code, 4, code=year_code)
        x = form.cells("€", first, 7, code=first, x=x + 14, newline=False, align="right")
        form.cells("€", second, 7, code=second, x=x + 14, newline=False, align="right")
    form.band("Revenus mensuels")
    form.para("Ressources du demandeur, du conjoint ou du codemandeur et des personnes "
              "fiscalement à leur charge qui vivent dans le logement (hors APL/ALS/ALF). "
              "Montant net en euros par mois (sans les centimes) avant impôts sur le revenu.")
    form.ticks([("E7", "Oui", ""), ("E8", "Non", "")],
               label="Percevez-vous des ressources mensuelles* ?")
    form.para("Si vous avez coché oui, vous devez obligatoirement renseigner toutes vos "
              "ressources mensuelles. Colonnes : demandeur, conjoint ou codemandeur, autres "
              "personnes fiscalement à charge.")
    code = 9
    for text in INCOME_ROWS:
        form.y -= 16.5
        form.canvas.setFont("DejaVuSans", 7.2)
        form.canvas.drawString(MARGIN, form.y, text + (" (−)" if code == 54 else ""))
        x = 232
        for column in range(3):
            box = f"E{code + column}"
            x = form.cells("", box, 5, code=box, x=x, newline=False, align="right") + 14
        code += 3
    form.para("(Vous remplissez autant de page 5 que nécessaire pour donner les informations "
              "sur le(s) codemandeur(s))")


def numbered_ticks(form, start, labels, label=None, step=None):
    form.ticks([(f"F{start + i}", text, "") for i, text in enumerate(labels)], label=label,
               step=step)


def page_6(form):
    form.new_page("Votre situation* – Votre logement actuel")
    form.subheading("Vous êtes propriétaire")
    numbered_ticks(form, 1, ["Propriétaire occupant"])
    form.subheading("Vous êtes locataire (cochez une seule case)")
    numbered_ticks(form, 2, ["Locataire d'un logement social (Hlm)"])
    form.text("Nom du bailleur figurant sur la quittance", "F3", code="F3")
    form.cells("SIREN du bailleur figurant sur la quittance", "F4", 9, code="F4",
               groups=[3, 3, 3])
    numbered_ticks(form, 5, ["Locataire ou sous-locataire d'un logement privé"])
    form.subheading("Vous êtes hébergé (cochez une seule case)")
    hosted = ["Résidence hôtelière à vocation sociale (RHVS)",
              "Structure d'hébergement (CHRS, CHU, CADA…)",
              "Centre départemental de l'enfance et de la famille ou centre maternel",
              "Chez vos parents ou chez vos enfants", "Chez un particulier", "À l'hôtel",
              "Logement temporaire", "En appartement de coordination thérapeutique",
              "Logement de fonction",
              "Logé en logement-foyer (FJT, FTM, FPA, FPH), en résidence sociale ou en pension "
              "de famille (maison-relais)", "Résidence étudiante ou universitaire",
              "Sans abri, habitat de fortune, bidonville", "Occupant sans titre, squat",
              "Camping", "Habitat mobile"]
    for i, text in enumerate(hosted):
        numbered_ticks(form, 6 + i, [text])
        form.y += 3
    numbered_ticks(form, 21, ROOMS, label=ROOMS_LABEL)
    x = form.cells("Surface (m²)", "F27", 3, code="F27", align="right")
    form.cells("Nombre de personnes habitant dans le logement actuel", "F28", 2, code="F28",
               x=x + 14, newline=False, align="right")
    x = form.cells("Si vous payez un loyer ou une redevance, montant mensuel "
                   "(loyer + charges) : €", "F29", 5, code="F29", align="right")
    form.cells("Si vous percevez une aide personnelle au logement, montant mensuel : €", "F30",
               5, code="F30", align="right")
    form.subheading("Motif de votre demande")
    reasons = ["Logement non décent", "Logement indigne",
               "Logement repris ou mis en vente par son propriétaire",
               "Logement inadapté au handicap ou à la perte d'autonomie", "Logement trop cher",
               "Logement trop grand", "Logement trop petit", "Logement bientôt démoli",
               "Logement éloigné du lieu de travail", "… des équipements et services",
               "… de la famille", "En procédure d'expulsion"]
    numbered_ticks(form, 31, reasons, step=260)
    x = form.date("Si jugement d'expulsion, date du jugement", "F43", code="F43")
    form.date("Si commandement de quitter les lieux, date de la notification", "F44",
              code="F44")


def page_7(form):
    form.new_page("Votre situation* (suite)")
    form.subheading("Famille")
    numbered_ticks(form, 45, ["Violences au sein du couple ou menace de mariage forcé",
                              "Rapprochement familial",
                              "Départ de personne(s) à charge du foyer",
                              "Divorce ou séparation"], step=260)
    form.subheading("Travail")
    numbered_ticks(form, 49, ["Changement de lieu de travail"])
    form.subheading("Êtes-vous (ou votre conjoint ou votre codemandeur) propriétaire d'un "
                    "logement autre que celui que vous habitez ?")
    numbered_ticks(form, 50, ["Oui", "Non"])
    form.text("Si oui : Ville", "property_city")
    x = form.cells("Code postal", "property_postcode", 5)
    form.text("Pays", "property_country", x=x + 8, newline=False)
    numbered_ticks(form, 52, ROOMS, label=ROOMS_LABEL)
    form.band("Le logement que vous recherchez")
    form.ticks([("G1", "Appartement", ""), ("G2", "Maison", ""), ("G3", "Indifférent", "")])
    form.ticks([("G4", "Oui", ""), ("G5", "Non", "")], label="Souhaitez-vous un parking ?")
    form.ticks([(f"G{6 + i}", text.split(" ")[0], "") for i, text in enumerate(ROOMS[:5])] +
               [("G11", "6 et +", "")],
               label=f"{ROOMS_LABEL}. Cochez maximum 2 cases")
    form.ticks([("G12", "Chambre en colocation", "")])
    form.ticks([("G13", "Oui", ""), ("G14", "Non", "")],
               label="Refuserez-vous absolument un logement en rez-de-chaussée ?")
    form.ticks([("G15", "Oui", ""), ("G16", "Non", "")],
               label="Refuserez-vous absolument un logement sans ascenseur ?")
    form.ticks([("G17", "Je souhaite être informé sur la possibilité de devenir propriétaire",
                 "")])
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
    for n in range(1, 9):
        form.space(8)
        x = form.text(f"Choix {n} – Commune", f"location{n}_city", width=300)
        form.cells("Code postal", f"location{n}_postcode", 5, x=x + 10, newline=False)
        form.text("Arrondissement ou quartier", f"location{n}_district", width=300)


def page_9(form):
    form.new_page("Précisions complémentaires")
    form.para("Voir notice.")
    form.lines("H1", 14, code="H1")
    form.space(6)
    form.para("Souhaitez-vous effectuer le renouvellement annuel de votre demande sur le site "
              "internet www.demande-logement-social.gouv.fr ?")
    form.ticks([("H2", "Oui", ""), ("H3", "Non", "")])
    form.para("Si oui, vous recevrez un mail d'alerte à l'adresse que vous avez indiquée à la "
              "page 1.")
    form.space(4)
    form.para("En déposant votre demande, vous attestez que les informations ci-dessus sont "
              "exactes. Vous vous engagez à signaler tout changement de situation.", bold=True,
              size=8)
    form.date("le", "H4", code="H4")
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
