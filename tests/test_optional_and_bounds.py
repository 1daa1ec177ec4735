"""A question shown "(facultatif)" may always be left empty, on every page; dates that
only make sense near today say their bounds."""

import datetime as dt

import pytest
from werkzeug.datastructures import MultiDict

from conftest import Browser
from forms import cerfa, form_class
from htmlcheck import text

TODAY = dt.date.today()

SAMPLES = {
    "name": "Martin", "nir": "2 85 03 71 270 005 20", "registration_number": "071122301000123456",
    "phone": "06 12 34 56 78", "email": "nour@example.fr", "postcode": "71000",
    "country": "France", "siren": "732829320", "siret": "732 829 320 00074", "integer": "1",
    "euros": "1", "textarea": "Joignable le matin.", "text": "Mâcon", "checkbox": "oui",
}


def every_page():
    for page in cerfa.PAGES:
        if page.collection:
            yield from page.collection.steps
        elif page.questions[0].kind != "communes":
            yield page


def date_sample(q):
    if q.earliest_days is not None:
        return TODAY + dt.timedelta(days=(q.earliest_days + q.latest_days) // 2)
    return dt.date(2000, 1, 1) if q.past_only else TODAY


def filled(page, blank=()):
    """Every question answered with a plausible value, but those in `blank`."""
    data = MultiDict()
    for q in page.questions:
        if q.name in blank:
            continue
        if q.kind == "date":
            date = date_sample(q)
            data.update({f"{q.name}-day": str(date.day), f"{q.name}-month": str(date.month),
                         f"{q.name}-year": str(date.year)})
        elif q.kind in ("radios", "checkboxes"):
            data.add(q.name, q.choices[0][0])
        else:
            data.add(q.name, SAMPLES[q.kind][:q.max_length])
    return data


def errors_of(page, data, known=None):
    form = form_class(page)(data)
    form.known_answers = known or {}
    form.validate()
    return {name: field.errors for name, field in form._fields.items() if field.errors}


PAGES = list(every_page())
OTHER_PAGES = {"monthly_applicant_salary": 1450}


@pytest.mark.parametrize("page", PAGES, ids=[p.slug for p in PAGES])
def test_a_question_shown_optional_is_never_required(app, page):
    optional = [q.name for q in page.questions if q.optional]
    with app.test_request_context():
        for name in optional:  # each one left empty alone
            assert name not in errors_of(page, filled(page, blank={name})), name
        # …and all of them at once, as someone who skips every optional question. Rules
        # across pages see a household with an income given elsewhere (a monthly amount
        # is needed on one of the pages, not on each).
        errors = errors_of(page, filled(page, blank=set(optional)), OTHER_PAGES)
        assert not set(optional) & set(errors), errors


def test_the_sample_answers_are_valid_so_the_check_above_can_fail(app):
    with app.test_request_context():
        for slug in ("adresse", "adresse-courrier", "domiciliation", "lieu-de-travail"):
            page = cerfa.PAGES_BY_SLUG[slug]
            assert errors_of(page, filled(page)) == {}, slug
        # Before the fix, "Voie (facultatif)" left empty with no lieu-dit was refused.
        page = cerfa.PAGES_BY_SLUG["domiciliation"]
        errors = errors_of(page, filled(page, blank={"mail_street", "mail_locality"}))
        assert "mail_street" in errors and not page.questions[2].optional


@pytest.mark.parametrize("slug", ["adresse", "adresse-courrier", "domiciliation"])
def test_address_pages_mark_only_what_may_stay_empty(client, slug):
    """On screen: street and postcode are not "(facultatif)"; the fields that are can all
    be left empty with the rest filled in, without an error."""
    browser = Browser(client)
    browser.start()
    if slug == "domiciliation":
        browser.submit("/demande/ou-vivez-vous", {"living_situation": "domicilie"})
    else:
        browser.submit("/demande/ou-vivez-vous", {"living_situation": "logement"})
        browser.submit("/demande/courrier", {"mail_elsewhere": "oui"})
    page = browser.get(f"/demande/{slug}")
    labels = {label["for"]: text(label) for label in page.select("label[for]")}
    prefix = "address_" if slug == "adresse" else "mail_"
    assert labels[f"{prefix}street"] == "Voie"
    assert labels[f"{prefix}postcode"] == "Code postal"
    assert labels[f"{prefix}locality"] == "Lieu-dit (facultatif)"
    optional = {name for name, label in labels.items() if label.endswith("(facultatif)")}
    answers = {f"{prefix}street": "rue de la Barre", f"{prefix}postcode": "71000",
               f"{prefix}city": "Mâcon", "mail_recipient": "CCAS de Mâcon"}
    assert browser.submit(f"/demande/{slug}", {name: "" for name in optional} | answers)


@pytest.mark.parametrize("slug, name, offsets_ok, offsets_refused", [
    ("date-de-signature", "signature_date", (-92, 0, 30, 92), (-93, 93, 365 * 64)),
    ("naissance-attendue", "expected_birth_date", (0, 120, 300), (-1, -365 * 6, 301)),
])
def test_dates_near_today_have_bounds_said_in_the_message(app, slug, name, offsets_ok,
                                                         offsets_refused):
    page = cerfa.PAGES_BY_SLUG[slug]

    def typed(days):
        date = TODAY + dt.timedelta(days=days)
        return MultiDict({f"{name}-day": str(date.day), f"{name}-month": str(date.month),
                          f"{name}-year": str(date.year)})

    with app.test_request_context():
        for days in offsets_ok:
            assert name not in errors_of(page, typed(days)), days
        for days in offsets_refused:
            message = errors_of(page, typed(days))[name][0]
            q = page.questions[0]
            first = TODAY + dt.timedelta(days=q.earliest_days)
            last = TODAY + dt.timedelta(days=q.latest_days)
            assert message == (f"La date doit être comprise entre le {first.day} "
                               f"{FRENCH_MONTHS[first.month - 1]} {first.year} et le "
                               f"{last.day} {FRENCH_MONTHS[last.month - 1]} {last.year}"), days


FRENCH_MONTHS = ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
                 "septembre", "octobre", "novembre", "décembre")


def test_the_expected_birth_in_2090_and_in_2020_is_refused_on_the_page(client):
    browser = Browser(client)
    browser.start()
    for year in ("2090", "2020"):
        page = browser.submit("/demande/naissance-attendue", {
            "expected_birth_date-day": "1", "expected_birth_date-month": "1",
            "expected_birth_date-year": year, "expected_children": "1"}, status=200)
        assert "La date doit être comprise entre le" in text(page.select_one(".error-summary"))
        assert page.select_one("#expected_birth_date-year")["value"] == year
