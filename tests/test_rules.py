"""The notice's rules, one by one, with valid and invalid values."""

import datetime as dt

import pytest

from forms import rules
from forms.rules import Invalid

TODAY = dt.date(2026, 11, 23)


def message(error):
    return str(error.value.message)


# -- NIR (A2) --------------------------------------------------------------------


@pytest.mark.parametrize("typed, stored", [
    ("2 85 03 71 270 005 20", "285037127000520"),
    ("285037127000520", "285037127000520"),
    ("1-85-05-78-006-084-36".replace("36", str(rules.nir_key("1850578006084")).zfill(2)),
     "1850578006084" + str(rules.nir_key("1850578006084")).zfill(2)),
    # Corsica: 2A counts as 19, 2B as 18 when computing the key.
    ("1 90 01 2A 004 001 " + str(97 - int("1900119004001") % 97).zfill(2),
     "190012A004001" + str(97 - int("1900119004001") % 97).zfill(2)),
    ("2 75 12 2b 123 456 " + str(97 - int("2751218123456") % 97).zfill(2),
     "275122B123456" + str(97 - int("2751218123456") % 97).zfill(2)),
])
def test_valid_nir_is_kept_without_spaces(typed, stored):
    assert rules.parse_nir(typed) == stored


def test_nir_key_known_value():
    # Worked example: 97 - (1850578006084 mod 97).
    assert rules.nir_key("1850578006084") == 97 - 1850578006084 % 97
    assert rules.nir_key("2850371270005") == 20


@pytest.mark.parametrize("typed, words", [
    ("2 85 03 71 270 005 21", "clé"),        # wrong key
    ("2 85 03 71 270 005", "15 caractères"),  # key missing
    ("2 85 03 71 270 005 200", "vous en avez saisi 16"),
    ("5 85 03 71 270 005 20", "commence par"),  # no NIR starts with 5
    ("2 85 03 7X 270 005 20", "que des chiffres"),
])
def test_invalid_nir_says_what_is_wrong(typed, words):
    with pytest.raises(Invalid) as error:
        rules.parse_nir(typed)
    assert words in message(error)


def test_corsica_key_differs_from_plain_digits():
    first13 = "190012A004001"
    assert rules.nir_key(first13) == 97 - 1900119004001 % 97
    wrong = str(97 - 1900120004001 % 97).zfill(2)
    if wrong != str(rules.nir_key(first13)).zfill(2):
        with pytest.raises(Invalid):
            rules.parse_nir(first13 + wrong)


def test_nir_grouped_for_display():
    assert rules.format_nir("285037127000520") == "2 85 03 71 270 005 20"


# -- A1 ----------------------------------------------------------------------------


@pytest.mark.parametrize("typed, stored", [
    ("071 12 2301 00012 3456", "071122301000123456"),
    ("07112230100012345a", "07112230100012345A"),
])
def test_registration_number_has_18_characters(typed, stored):
    assert rules.parse_registration_number(typed) == stored


@pytest.mark.parametrize("typed, words", [
    ("0711223010001234", "vous en avez saisi 16"),
    ("0711223010001234567", "vous en avez saisi 19"),
    ("07112230100012345é", "chiffres et des lettres"),
])
def test_invalid_registration_number(typed, words):
    with pytest.raises(Invalid) as error:
        rules.parse_registration_number(typed)
    assert words in message(error)


# -- Dates --------------------------------------------------------------------------


def parse_date(d, m, y, **kwargs):
    return rules.parse_date_parts(d, m, y, label="La date", today=TODAY, **kwargs)


def test_real_date():
    assert parse_date("27", "3", "1985") == dt.date(1985, 3, 27)
    assert parse_date(" 29", "02", "2024") == dt.date(2024, 2, 29)


@pytest.mark.parametrize("parts, words", [
    (("31", "2", "1985"), "vraie date"),
    (("29", "2", "2023"), "vraie date"),
    (("1", "13", "1985"), "vraie date"),
    (("", "3", "1985"), "un jour"),
    (("", "", "1985"), "un jour et un mois"),
    (("27", "3", "85"), "4 chiffres"),
    (("27", "mars", "1985"), "que des chiffres"),
    (("1", "1", "1850"), "après 1900"),
    (("99999999999999999999", "1", "1990"), "que des chiffres"),
    (("2", "1", "１９９０"), "que des chiffres"),
])
def test_invalid_dates(parts, words):
    with pytest.raises(Invalid) as error:
        parse_date(*parts)
    assert words in message(error)


def test_birth_date_cannot_be_in_the_future():
    with pytest.raises(Invalid) as error:
        parse_date("24", "11", "2026", past_only=True)
    assert "dans le passé" in message(error)
    assert parse_date("23", "11", "2026", past_only=True) == TODAY


# -- Postal codes ---------------------------------------------------------------------


@pytest.mark.parametrize("typed, country, stored", [
    ("71000", "", "71000"),
    ("71 000", "France", "71000"),
    ("20000", "france", "20000"),   # Corsica
    ("97400", "", "97400"),         # La Réunion
    ("1000", "Belgique", "1000"),
    ("sw1a 1aa", "Royaume-Uni", "SW1A 1AA"),
])
def test_valid_postcodes(typed, country, stored):
    assert rules.parse_postcode(typed, country=country) == stored


@pytest.mark.parametrize("typed, country, words", [
    ("7100", "", "5 chiffres"),
    ("710000", "France", "5 chiffres"),
    ("00100", "", "n'existe pas"),
    ("99000", "", "n'existe pas"),
    ("ABCDE", "", "5 chiffres"),
    ("7１０００", "", "5 chiffres"),
    ("123456789012345", "Allemagne", "complément d'adresse"),
])
def test_invalid_postcodes(typed, country, words):
    with pytest.raises(Invalid) as error:
        rules.parse_postcode(typed, country=country)
    assert words in message(error)


# -- Phones ----------------------------------------------------------------------------


@pytest.mark.parametrize("typed, stored", [
    ("06 12 34 56 78", "0612345678"),
    ("06.12.34.56.78", "0612345678"),
    ("06-12-34-56-78", "0612345678"),
    ("0385123456", "0385123456"),
    ("+33 6 12 34 56 78", "0612345678"),
    ("+33 (0)6 12 34 56 78", "0612345678"),
    ("0033 6 12 34 56 78", "0612345678"),
    ("+262 692 12 34 56", "+262692123456"),
    ("+44 20 7946 0958", "+442079460958"),
])
def test_valid_phones(typed, stored):
    assert rules.parse_phone(typed) == stored


@pytest.mark.parametrize("typed", ["06 12 34 56", "6 12 34 56 78", "00 12 34 56 78", "０６12345678",
                                   "06 12 34 56 78 9", "téléphone", "+33 6 12"])
def test_invalid_phones(typed):
    with pytest.raises(Invalid) as error:
        rules.parse_phone(typed)
    assert "10 chiffres" in message(error)


def test_phone_grouped_for_display():
    assert rules.format_phone("0612345678") == "06 12 34 56 78"


# -- E-mail, names, printable text -----------------------------------------------------


def test_email():
    assert rules.parse_email(" a.b@exemple.fr ") == "a.b@exemple.fr"
    for bad in ("a.b@exemple", "a b@exemple.fr", "@exemple.fr", "a@@exemple.fr"):
        with pytest.raises(Invalid):
            rules.parse_email(bad)


@pytest.mark.parametrize("typed, stored", [
    ("  Le   Goff ", "Le Goff"), ("N'Diaye", "N'Diaye"), ("Łukasz-Çağlar", "Łukasz-Çağlar"),
    ("Œdipe", "Œdipe"), ("Zoe\u0301", "Zoé"), ("D’Artagnan", "D’Artagnan"),
    ("Marie–Claire", "Marie–Claire")])
def test_names_accept_letters_of_all_latin_alphabets(typed, stored):
    assert rules.parse_name(typed, label="Nom") == stored


@pytest.mark.parametrize("typed", ["Martin2", "Martin!", "-Martin", "<script>"])
def test_names_refuse_digits_and_symbols(typed):
    with pytest.raises(Invalid) as error:
        rules.parse_name(typed, label="Nom")
    assert "seulement des lettres" in message(error)


def test_control_characters_are_refused():
    with pytest.raises(Invalid):
        rules.check_printable("rue\x00 de Paris", label="Voie")
    assert rules.check_printable("rue de Paris", label="Voie") == "rue de Paris"


# -- SIREN (F4), SIRET (D7, D17), whole numbers ------------------------------------


def test_siren_luhn():
    assert rules.parse_siren("732 829 320") == "732829320"
    for bad, words in (("732829321", "n'existe pas"), ("73282932", "9 chiffres"),
                       ("73282932a", "9 chiffres")):
        with pytest.raises(Invalid) as error:
            rules.parse_siren(bad)
        assert words in message(error)


@pytest.mark.parametrize("typed", ["732 829 320 00074", "35600000000048",  # La Poste head office
                                   "35600000012346"])  # La Poste: digits sum to a multiple of 5
def test_valid_siret(typed):
    assert rules.parse_siret(typed) == typed.replace(" ", "")


@pytest.mark.parametrize("typed", ["73282932000075", "35600000012345", "7328293200007"])
def test_invalid_siret(typed):
    with pytest.raises(Invalid):
        rules.parse_siret(typed)


@pytest.mark.parametrize("typed, stored", [("450", "450"), ("1 200", "1200"), ("780 €", "780"),
                                           ("007", "7")])
def test_whole_numbers(typed, stored):
    assert rules.parse_whole_number(typed, label="Loyer", maximum=99999) == stored


@pytest.mark.parametrize("typed", ["450,50", "-3", "4.5", "1e3", "１２", "100000"])
def test_not_whole_numbers(typed):
    with pytest.raises(Invalid):
        rules.parse_whole_number(typed, label="Loyer", maximum=99999)
