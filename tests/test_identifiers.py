"""SIREN and SIRET checked against python-stdnum, written by people who are not us.

Numbers are generated (seeded, so a failure can be replayed): random digits, and
numbers built to pass one check but not the other (a valid SIREN with a broken
14-digit key, a 14-digit Luhn number whose SIREN part is wrong), plus La Poste's
establishments, which follow their own rule."""

import random

import pytest
from stdnum.fr import siren as std_siren
from stdnum.fr import siret as std_siret

from forms import rules
from forms.rules import Invalid


def accepted(parse, number):
    try:
        parse(number)
    except Invalid:
        return False
    return True


def luhn_complete(digits: str) -> str:
    """`digits` followed by the digit that makes the whole pass the Luhn check."""
    return next(digits + str(d) for d in range(10) if rules.luhn_valid(digits + str(d)))


def generated_sirets(rng, count):
    for _ in range(count):
        kind = rng.randrange(5)
        if kind == 0:  # any 14 digits
            yield "".join(rng.choice("0123456789") for _ in range(14))
        elif kind == 1:  # a 14-digit Luhn number: its SIREN part is valid 1 time in 10
            yield luhn_complete("".join(rng.choice("0123456789") for _ in range(13)))
        elif kind == 2:  # a valid SIREN and a valid SIRET key
            siren = luhn_complete("".join(rng.choice("0123456789") for _ in range(8)))
            yield luhn_complete(siren + "".join(rng.choice("0123456789") for _ in range(4)))
        elif kind == 3:  # La Poste: the sum of the digits decides
            yield rules.LA_POSTE_SIREN + "".join(rng.choice("0123456789") for _ in range(5))
        else:  # a valid SIRET with one digit changed
            siren = luhn_complete("".join(rng.choice("0123456789") for _ in range(8)))
            good = luhn_complete(siren + "".join(rng.choice("0123456789") for _ in range(4)))
            at = rng.randrange(14)
            yield good[:at] + str((int(good[at]) + rng.randrange(1, 10)) % 10) + good[at + 1:]


def test_siret_agrees_with_stdnum_on_generated_numbers():
    rng = random.Random(14069)
    numbers = list(generated_sirets(rng, 20_000)) + [rules.LA_POSTE_HEAD_OFFICE]
    disagreements = [n for n in numbers
                     if accepted(rules.parse_siret, n) != std_siret.is_valid(n)]
    assert disagreements == []
    # The sample holds both answers in quantity, La Poste's included.
    valid = [n for n in numbers if std_siret.is_valid(n)]
    assert 3_000 < len(valid) < 15_000
    assert sum(n.startswith(rules.LA_POSTE_SIREN) for n in valid) > 300


def test_siren_agrees_with_stdnum_on_generated_numbers():
    rng = random.Random(51423)
    numbers = ["".join(rng.choice("0123456789") for _ in range(9)) for _ in range(15_000)]
    numbers += [luhn_complete(n[:8]) for n in numbers[:5_000]]
    assert [n for n in numbers
            if accepted(rules.parse_siren, n) != std_siren.is_valid(n)] == []


@pytest.mark.parametrize("number", ["36500000013273", "12345678900007"])
def test_siret_whose_siren_part_is_wrong_is_refused(number):
    """A 14-digit Luhn number is not enough: its first 9 digits are a SIREN."""
    assert rules.luhn_valid(number) and not rules.luhn_valid(number[:9])
    with pytest.raises(Invalid):
        rules.parse_siret(number)
