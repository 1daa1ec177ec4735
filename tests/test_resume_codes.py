"""Resume codes: typos told apart, a shared office never locked out, guessing hopeless.

Figures and reasons: docs/threat-model.md.
"""

import re
import sqlite3

import pytest

from conftest import Browser
from htmlcheck import text
from logement import resume_codes
from logement.resume_codes import Kind

SECONDS_PER_YEAR = 365.25 * 24 * 3600
STORED_APPLICATIONS = 5_000_000  # national scale, 183 days kept (docs/threat-model.md)


def device(app, address="203.0.113.7"):
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = address
    return Browser(client)


def resume(browser, code, status=302):
    return browser.submit("/reprendre", {"code": code}, status=status)


def error(page):
    return text(page.select_one("#code-error"))


def unknown_code():
    return resume_codes.new_code()  # well formed, check symbol right, stored nowhere


def with_typo(code):
    wrong = "0" if code[3] != "0" else "1"
    return code[:3] + wrong + code[4:]


def test_every_single_wrong_symbol_is_caught_by_the_check_symbol():
    code = resume_codes.new_code()
    assert resume_codes.classify(code) == (Kind.CODE, code)
    for position in range(len(code)):
        for symbol in resume_codes.ALPHABET:
            if symbol != code[position]:
                typo = code[:position] + symbol + code[position + 1:]
                assert resume_codes.classify(typo)[0] is Kind.TYPO


def test_a_typo_is_told_as_such_and_never_counted(app):
    office = device(app)
    code = office.start()
    visitor = device(app)
    for _ in range(60):  # twice the address budget
        page = resume(visitor, with_typo(code), status=200)
        assert "faute de frappe" in error(page)
    assert resume(visitor, code) == "/demande/"


def test_twenty_people_at_one_address_all_get_in(app):
    """A CCAS office: twenty people, one connection, one of them wrong ten times."""
    people = [device(app) for _ in range(20)]
    codes = [person.start() for person in people]
    unlucky = device(app)
    for _ in range(10):
        page = resume(unlucky, unknown_code(), status=200)
        assert "Aucune demande ne correspond" in error(page)
    for code in codes:
        assert resume(device(app), code) == "/demande/"


def test_a_guesser_waits_once_the_address_budget_is_spent(app):
    owner = device(app, "198.51.100.1")
    code = owner.start()
    guesser = device(app, "203.0.113.9")
    budget = app.config["RESUME_ADDRESS_FAILURES"]
    for _ in range(budget):
        resume(guesser, unknown_code(), status=200)
    page = resume(guesser, code, status=429)  # no look-up at all while waiting
    interval = app.config["RESUME_ADDRESS_WINDOW_SECONDS"] / budget
    wait = int(re.search(r"attendez (\d+) secondes", error(page)).group(1))
    assert 0 < wait <= interval  # one interval at most, not the whole window
    assert resume(device(app, "198.51.100.2"), code) == "/demande/"  # elsewhere: fine


def test_ipv6_addresses_are_counted_per_64(app):
    app.config["RESUME_ADDRESS_FAILURES"] = 2
    for host in ("1", "2"):
        resume(device(app, f"2001:db8:1:2::{host}"), unknown_code(), status=200)
    resume(device(app, "2001:db8:1:2::ffff"), unknown_code(), status=429)
    resume(device(app, "2001:db8:1:3::1"), unknown_code(), status=200)


def test_the_global_ceiling_holds_against_rotating_addresses(app):
    app.config["RESUME_GLOBAL_FAILURES"] = 3
    for n in range(3):
        resume(device(app, f"192.0.2.{n}"), unknown_code(), status=200)
    page = resume(device(app, "192.0.2.200"), unknown_code(), status=429)
    assert "attendez" in error(page)


def _make_legacy(app):
    """Give the browser's application a 15-symbol code, as drafts saved before had."""
    legacy = "7K2QMXP4AR9TDH3"
    sealer = app.extensions["logement.sealer"]
    db = sqlite3.connect(app.config["DATABASE"])
    db.execute("update applications set code_hash = ?",
               [sealer.lookup_hash("resume-code", legacy)])
    db.commit()
    return "7K2QM-XP4AR-9TDH3"


def test_a_legacy_code_still_opens_its_draft_and_gets_a_long_one(app):
    owner = device(app)
    owner.start()
    legacy = _make_legacy(app)
    phone = device(app)
    assert resume(phone, legacy) == "/demande/code"
    page = phone.get("/demande/code")
    assert "nouveau code de reprise" in text(page.select_one(".banner"))
    new_code = page.select_one(".code").get_text(strip=True)
    assert [len(group) for group in new_code.split("-")] == [5, 5, 5, 5]
    assert "Aucune demande" in error(resume(device(app), legacy, status=200))
    assert resume(device(app), new_code) == "/demande/"


def test_legacy_codes_have_their_own_stricter_budget(app):
    guesser = device(app)
    for _ in range(app.config["RESUME_LEGACY_ADDRESS_FAILURES"]):
        resume(guesser, "7K2QM-XP4AR-9TDH3", status=200)
    resume(guesser, "7K2QM-XP4AR-9TDH4", status=429)
    resume(guesser, unknown_code(), status=200)  # long codes are counted apart


def expected_years(bits, stored, guesses_per_second):
    """Mean time for the whole internet to hit any stored code."""
    return 2 ** bits / stored / guesses_per_second / SECONDS_PER_YEAR


@pytest.mark.parametrize("prefix,bits", [("RESUME_", resume_codes.ENTROPY_BITS),
                                         ("RESUME_LEGACY_", resume_codes.LEGACY_ENTROPY_BITS)])
def test_guessing_any_code_takes_over_a_billion_years(app, prefix, bits):
    rate = app.config[f"{prefix}GLOBAL_FAILURES"] / app.config[f"{prefix}GLOBAL_WINDOW_SECONDS"]
    assert expected_years(bits, STORED_APPLICATIONS, rate) > 1e9
