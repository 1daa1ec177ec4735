"""A person in Debian's Chromium: keyboard only, with and without JavaScript,
axe-core on every page visited at 1280 px and 320 px wide."""

import datetime as dt
import os
import re
import shutil
import threading
from pathlib import Path

import pytest
from werkzeug.serving import make_server

from htmlcheck import TRANSLATED
from logement import create_app

ROOT = Path(__file__).resolve().parents[1]

pytestmark = pytest.mark.browser

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
WIDTHS = (1280, 320)

if not (os.path.exists(CHROMIUM) or shutil.which("chromium")):
    if os.environ.get("CI") == "true":
        raise RuntimeError("Chromium is required in CI: apt-get install -y chromium")
    pytest.skip("Debian's chromium is not installed (apt-get install -y chromium)",
                allow_module_level=True)

from axe_playwright_python.sync_playwright import Axe  # noqa: E402
from playwright.sync_api import sync_playwright  # noqa: E402


@pytest.fixture(scope="module")
def server(tmp_path_factory, places_db):
    # Only while the app is made: the tests after these in the same process read the
    # data cache (LOGEMENT_INSTANCE_PATH/cache) where it is, not in this empty instance.
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("LOGEMENT_INSTANCE_PATH", str(tmp_path_factory.mktemp("instance")))
        app = create_app({"PLACES_DATABASE": str(places_db)})
    httpd = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_port}"
    httpd.shutdown()


@pytest.fixture(scope="module")
def chromium():
    with sync_playwright() as playwright:
        # Playwright gives every launch a fresh, temporary user-data dir.
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


class Auditor:
    """Runs axe-core on each page a person saw, as they saw it, at every width.

    Pages seen with JavaScript off are replayed from their captured HTML in a
    context where axe can run, at the same address so the stylesheet loads.
    """

    def __init__(self, chromium):
        self.context = chromium.new_context(locale="fr-FR")
        self.page = self.context.new_page()
        self.axe = Axe()
        self.seen = []

    def capture(self, page):
        self.seen.append((page.url, page.content()))

    @staticmethod
    def _replay(html):
        def handler(route):
            route.fulfill(status=200, content_type="text/html; charset=utf-8", body=html)
        return handler

    def run(self):
        problems = []
        for url, html in self.seen:
            self.page.route(url, self._replay(html))
            for width in WIDTHS:
                self.page.set_viewport_size({"width": width, "height": 800})
                self.page.goto(url)
                results = self.axe.run(self.page)
                for violation in results.response["violations"]:
                    problems.append(f"{url} at {width}px: {violation['id']} "
                                    f"{[n['target'] for n in violation['nodes']]}")
            self.page.unroute(url)
        self.context.close()
        return problems


class Person:
    """Uses the keyboard only: Tab to move, type, arrows and space for radios, Enter."""

    MAX_TABS = 80

    def __init__(self, page, auditor):
        self.page = page
        self.auditor = auditor

    FOCUSED_MATCHES = "s => !!document.activeElement && document.activeElement.matches(s)"
    FOCUSED_CONTROL_READS = ("l => { const e = document.activeElement; return !!e && "
                             "['BUTTON', 'A'].includes(e.tagName) && "
                             "e.textContent.replace(/[\\u00a0\\u202f]/g, ' ').trim() === l }")

    def is_focused(self, selector):
        return self.page.evaluate(self.FOCUSED_MATCHES, selector)

    def tab_to(self, target, test=FOCUSED_MATCHES):
        for _ in range(self.MAX_TABS):
            self.page.keyboard.press("Tab")
            if self.page.evaluate(test, target):
                return
        raise AssertionError(f"{target} cannot be reached with the Tab key")

    def fill(self, field_id, value):
        self.tab_to(f"#{field_id}")
        self.page.keyboard.press("Control+A")
        self.page.keyboard.type(value)

    def choose(self, name, value):
        self.tab_to(f"input[name={name}]")
        target = self.page.locator(f"#{name}-{value}")
        for _ in range(self.page.locator(f"input[name={name}]").count() + 1):
            if target.is_checked():
                return
            if self.is_focused(f"#{name}-{value}"):
                self.page.keyboard.press("Space")
            else:
                self.page.keyboard.press("ArrowDown")
        raise AssertionError(f"could not choose {value} for {name}")

    def press_button(self, label):
        self.tab_to(label, test=self.FOCUSED_CONTROL_READS)
        with self.page.expect_navigation():
            self.page.keyboard.press("Enter")
        self.auditor.capture(self.page)

    def visit(self, url):
        self.page.goto(url)
        self.auditor.capture(self.page)

    def tick(self, field_id):
        self.tab_to(f"#{field_id}")
        self.page.keyboard.press("Space")
        assert self.page.locator(f"#{field_id}").is_checked()

    def answer(self, answers, button="Continuer"):
        for name, value in answers.items():
            if self.page.locator(f"input[type=radio][name={name}]").count():
                self.choose(name, value)
            elif isinstance(value, list):
                for box in value:
                    self.tick(f"{name}-{box}")
            elif self.page.locator(f"input[type=checkbox]#{name}").count():
                self.tick(name)
            else:
                self.fill(name, value)
        self.press_button(button)

    def heading(self):
        return " ".join(self.page.locator("h1").inner_text().split())


TODAY = dt.date.today()
# The pages a person answers, by slug (a list page met twice has its answers in turn).
# A page the walk meets and this does not name is continued as it is: a new optional
# page does not break the walk, a new required one fails on its own name.
PAGE_ONE = {
    "votre-demande": {"request_kind": "renouvellement",
                      "registration_number": "071 12 2301 00012 3456"},
    "identite": {"civility": "madame", "birth_name": "Łukasik", "first_names": "Ça Ñoël"},
    "date-de-naissance": {"birth_date-day": "27", "birth_date-month": "3",
                          "birth_date-year": "1985"},
    "nationalite": {"nationality": "union_europeenne"},
    "securite-sociale": {"nir": "2 85 03 71 270 005 20"},
    "coordonnees": {"phone_mobile": "06 12 34 56 78", "email": "ca@example.fr"},
    "informations": {"consent_email": "non", "consent_sms": "oui"},
    "ou-vivez-vous": {"living_situation": "domicilie"},
    "domiciliation": {"mail_recipient": "CCAS de Mâcon", "mail_number": "41",
                      "mail_street": "rue de la Barre", "mail_postcode": "71000",
                      "mail_city": "Mâcon"},
    "liste/codemandeurs": {"add_more": "non"},
    "liste/colocataires": [{"add_more": "oui"}, {"add_more": "non"}],
    "liste/colocataires/1": {"civility": "madame", "birth_name": "Durand",
                             "first_names": "Léa", "birth_date-day": "5",
                             "birth_date-month": "5", "birth_date-year": "1990"},
    "handicap": {"disabled_people": "1"},
    "liste/personnes-a-charge": [{"add_more": "oui"}, {"add_more": "non"}],
    "liste/personnes-a-charge/1": {"last_name": "Łukasik", "first_names": "Zoé",
                                   "birth_date-day": "2", "birth_date-month": "8",
                                   "birth_date-year": "2016", "sex": "f", "link": "enfant"},
    "liste/autres-enfants": {"add_more": "non"},
    "situation-professionnelle": {"work_status": "D5"},
    "contrat-et-chomage": {"long_unemployment": "oui", "unemployment_end-day": "1",
                           "unemployment_end-month": "9", "unemployment_end-year": "2024"},
    "ressources-mensuelles": {"receives_monthly": "E7"},
    "vos-ressources": {"monthly_applicant_rsa": "607"},
    "logement-actuel": {"housing_status": "F17"},  # sleeping rough: no rooms, m² or rent
    "motifs": {"reasons": ["F42", "F45"]},
    "expulsion": {"eviction_judgment_date-day": "12", "eviction_judgment_date-month": "9",
                  "eviction_judgment_date-year": "2025"},
    "autre-logement": {"other_property": "F51"},
    "type-de-logement": {"housing_type": "G3"},
    "pieces": {"rooms_sought": ["G6", "G7"]},
    "parking-etage": {"parking": "G5", "refuse_ground_floor": "G14", "refuse_no_lift": "G16"},
    "autres-souhaits": {"flatshare": "oui"},
    "communes": {"q": "macon", "pick": "Ajouter Mâcon (71000)"},
    "precisions": {"additional_information": "Domiciliée au CCAS depuis mars.\n"
                                             "Joignable le matin."},
    "renouvellement-en-ligne": {"online_renewal": "H3"},
    "date-de-signature": {"signature_date-day": str(TODAY.day),
                          "signature_date-month": str(TODAY.month),
                          "signature_date-year": str(TODAY.year)},
}


def current_slug(page):
    """The page shown, by slug: /demande/liste/colocataires/1 is liste/colocataires/1."""
    return page.url.split("/demande/", 1)[-1].split("?")[0].split("#")[0]


def walk_to_review(person, answers_by_slug):
    """Answer each page the site leads to, found by its slug, up to the answers page."""
    waiting = {slug: list(answers) if isinstance(answers, list) else [answers]
               for slug, answers in answers_by_slug.items()}
    for _ in range(100):
        slug = current_slug(person.page)
        if slug == "recapitulatif":
            break
        answers = waiting[slug].pop(0) if waiting.get(slug) else {}
        if "pick" in answers:  # page 8: search, pick a commune, continue
            person.answer({"q": answers["q"]}, button="Rechercher")
            person.press_button(answers["pick"])
            person.press_button("Continuer")
        else:
            person.answer(answers)
        assert not person.page.title().startswith("Erreur"), \
            f"the page {slug} needs answers the scenario does not give"
    unused = {slug: answers for slug, answers in waiting.items() if answers}
    assert unused == {}, "pages of the scenario that the walk did not meet"


def fill_page_one_and_resume(chromium, server, javascript):
    auditor = Auditor(chromium)
    context = chromium.new_context(java_script_enabled=javascript, locale="fr-FR")
    person = Person(context.new_page(), auditor)
    person.visit(server + "/")
    person.press_button("Commencer une demande")
    code = person.page.locator(".code").inner_text()
    person.press_button("Commencer à répondre")

    # A mistake first: the error summary names it, the typed value stays.
    person.answer({"request_kind": "modification", "registration_number": "0711"})
    assert person.page.title().startswith("Erreur : ")
    summary = person.page.locator(".error-summary")
    assert "vous en avez saisi 4" in summary.inner_text()
    assert person.page.locator("#registration_number").input_value() == "0711"

    walk_to_review(person, PAGE_ONE)
    assert person.heading() == "Vérifiez vos réponses"
    person.visit(server + "/demande/code")
    context.close()

    # Another device: a fresh context, the code typed by hand.
    other = chromium.new_context(java_script_enabled=javascript, locale="fr-FR")
    person = Person(other.new_page(), auditor)
    person.visit(server + "/reprendre")
    person.answer({"code": code.lower().replace("-", " ")}, button="Reprendre ma demande")
    assert person.heading() == "Votre demande de logement social"
    person.visit(server + "/demande/recapitulatif")
    # Amounts keep their number and € together with a no-break space.
    review = person.page.locator("main").inner_text().replace("\xa0", " ").replace("\u202f", " ")
    for expected in ("Łukasik", "Ça Ñoël", "27 mars 1985", "2 85 03 71 270 005 20",
                     "071122301000123456", "CCAS de Mâcon", "rue de la Barre",
                     "Le renouvellement d'une demande en cours", "Union européenne",
                     "1 pièce, 2 pièces", "Joignable le matin.", "12 septembre 2025",
                     "Sans abri, habitat de fortune, bidonville", "1. Mâcon (71000)",
                     "1. Zoé Łukasik", "607 €", "1 septembre 2024"):
        assert expected in review, expected
    person.visit(server + "/demande/prochaines-etapes")
    titles = person.page.locator(".checklist__title").all_inner_texts()
    assert "Attestation d'un travailleur social, d'une association ou certificat de " \
           "domiciliation" in titles
    # When to renew: the number and date typed with the keyboard, the card shown.
    person.answer({"registration_number": "071122301000123456", "filing_date-day": "29",
                   "filing_date-month": "2", "filing_date-year": "2024"},
                  button="Voir la date de renouvellement")
    assert person.heading() == "Vos dates de renouvellement"
    assert "28 février 2025" in person.page.locator(".card").inner_text()
    for url in ("/demande/supprimer", "/donnees-personnelles", "/demande/hebergement-inconnu",
                "/charger-un-dossier", "/demande/liste/personnes-a-charge",
                "/demande/liste/codemandeurs/1", "/demande/liste/autres-enfants/1",
                "/demande/liste/colocataires"):
        person.visit(server + url)
    other.close()
    return auditor.run()


def test_keyboard_only_with_javascript(chromium, server):
    assert fill_page_one_and_resume(chromium, server, javascript=True) == []


def test_keyboard_only_without_javascript(chromium, server):
    assert fill_page_one_and_resume(chromium, server, javascript=False) == []


def test_find_a_counter_without_javascript(chromium, server):
    auditor = Auditor(chromium)
    context = chromium.new_context(java_script_enabled=False, locale="fr-FR")
    person = Person(context.new_page(), auditor)
    person.visit(server + "/")
    person.tab_to("Trouver les guichets enregistreurs de votre commune",
                  test=Person.FOCUSED_CONTROL_READS)
    with person.page.expect_navigation():
        person.page.keyboard.press("Enter")
    person.auditor.capture(person.page)
    person.answer({"q": "zzz"}, button="Rechercher")
    assert "Aucune commune" in person.page.locator(".error-summary").inner_text()
    person.answer({"q": "st etienne"}, button="Rechercher")
    person.tab_to("Saint-Étienne", test=Person.FOCUSED_CONTROL_READS)
    with person.page.expect_navigation():
        person.page.keyboard.press("Enter")
    auditor.capture(person.page)
    assert person.heading() == "Où déposer votre demande à Saint-Étienne"
    person.visit(server + "/guichets/71270")
    person.visit(server + "/guichets/75056")
    context.close()
    assert auditor.run() == []


OUTPUT = ROOT / "test-output"
A4_POINTS = (595.28, 841.89)


def test_next_steps_print_on_a4(chromium, server):
    """The next-steps page, printed by Chromium: A4 sheets, nothing cut at the side."""
    from pypdf import PdfReader

    auditor = Auditor(chromium)
    context = chromium.new_context(java_script_enabled=False, locale="fr-FR")
    person = Person(context.new_page(), auditor)
    person.visit(server + "/")
    person.press_button("Commencer une demande")
    for slug, answers in (("nationalite", {"nationality": "hors_union_europeenne"}),
                          ("ou-vivez-vous", {"living_situation": "heberge"}),
                          ("situation-professionnelle", {"work_status": "D1"}),
                          ("ressources-mensuelles", {"receives_monthly": "E7"}),
                          ("vos-ressources", {"monthly_applicant_salary": "1380",
                                              "monthly_applicant_family": "140"}),
                          ("logement-actuel", {"housing_status": "F10"}),
                          ("motifs", {"reasons": ["F45"]})):
        person.visit(f"{server}/demande/{slug}")
        person.answer(answers)
    person.visit(server + "/demande/prochaines-etapes")
    page = person.page
    page.emulate_media(media="print")
    page.set_viewport_size({"width": 718, "height": 1000})  # A4 less 1 cm margins, in CSS px
    assert page.evaluate("document.documentElement.scrollWidth") <= 718
    assert not page.locator("form").first.is_visible()  # the renewal form is not printed
    OUTPUT.mkdir(exist_ok=True)
    path = OUTPUT / "prochaines-etapes.pdf"
    page.pdf(path=str(path), format="A4", margin={side: "1cm" for side in
                                                  ("top", "bottom", "left", "right")})
    context.close()
    reader = PdfReader(str(path))
    assert 1 <= len(reader.pages) <= 4
    for sheet in reader.pages:  # Chromium rounds A4 to whole points
        size = (float(sheet.mediabox.width), float(sheet.mediabox.height))
        assert all(abs(got - want) <= 1.5 for got, want in zip(size, A4_POINTS)), size
    printed = " ".join(" ".join(sheet.extract_text() for sheet in reader.pages).split())
    for expected in ("1. Les documents à apporter", "Titre de séjour en cours de validité",
                     "Bulletins de salaire des 3 derniers mois",
                     "Attestation de la personne qui vous héberge", "3919",
                     "2. Où déposer votre demande", "3. Quand renouveler votre demande"):
        assert expected in printed, expected
    assert auditor.run() == []


def test_first_pages_in_arabic(chromium, server):
    """Right to left: the browser asks for Arabic, the layout mirrors, axe finds nothing."""
    from babel.support import Translations

    arabic = Translations.load(str(ROOT / "translations"), ["ar"])
    auditor = Auditor(chromium)
    context = chromium.new_context(java_script_enabled=False, locale="ar")
    person = Person(context.new_page(), auditor)
    person.visit(server + "/")
    assert person.page.locator("html").get_attribute("dir") == "rtl"
    person.press_button(arabic.gettext("Commencer une demande"))
    person.press_button(arabic.gettext("Commencer à répondre"))
    person.answer({"request_kind": "modification", "registration_number": "0711"},
                  button=arabic.gettext("Continuer"))
    assert person.page.locator(".error-summary").is_visible()
    page = person.page
    page.set_viewport_size({"width": 320, "height": 800})
    OUTPUT.mkdir(exist_ok=True)
    page.screenshot(path=str(OUTPUT / "arabic-320.png"), full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    # Mirrored: the back link and the error border start on the right.
    back = page.locator(".back-link").bounding_box()
    assert back["x"] + back["width"] > 320 - 40
    border = page.evaluate("getComputedStyle(document.querySelector('.field--error'))"
                           ".borderRightWidth")
    assert border == "5px"
    # The French wording of the Cerfa keeps its own direction.
    wording = page.locator(".cerfa-wording > [lang=fr][dir]").first
    assert wording.get_attribute("dir") == "ltr"
    person.answer({"request_kind": "premiere"}, button=arabic.gettext("Continuer"))
    person.answer({"civility": "madame", "birth_name": "Benali", "first_names": "Nour"},
                  button=arabic.gettext("Continuer"))
    person.answer({"birth_date-day": "12", "birth_date-month": "3", "birth_date-year": "1990"},
                  button=arabic.gettext("Continuer"))
    assert page.locator("h1").count() == 1
    person.visit(server + "/demande/")
    person.visit(server + "/renouvellement")
    context.close()
    assert auditor.run() == []


# Roles of what a person operates, whose name a screen reader says.
CONTROL_ROLES = {"textbox", "searchbox", "radio", "checkbox", "button", "link", "combobox",
                 "spinbutton", "group", "radiogroup"}
ARABIC_LETTER = re.compile(r"[\u0600-\u06FF]")


def fill_with_mouse(page, server, slug, answers):
    """Answer a page quickly (the keyboard walks above prove it can be done by keyboard)."""
    page.goto(f"{server}/demande/{slug}")
    for name, value in answers.items():
        values = value if isinstance(value, list) else [value]
        boxes = page.locator(f"input[name='{name}'][type=radio], input[name='{name}'][type=checkbox]")
        if boxes.count():
            for one in values:
                page.check(f"input[name='{name}'][value='{one}']")
        else:
            page.fill(f"[name='{name}']", value)
    with page.expect_navigation():
        page.click("button[value=continuer]")


def control_names(cdp):
    """(role, name, description) of every control, as Chromium computes them."""
    found = []
    for node in cdp.send("Accessibility.getFullAXTree")["nodes"]:
        role = node.get("role", {}).get("value")
        if node.get("ignored") or role not in CONTROL_ROLES:
            continue
        found.append((role, node.get("name", {}).get("value", ""),
                      node.get("description", {}).get("value", "")))
    return found


@pytest.mark.parametrize("language", TRANSLATED)
def test_accessible_names_speak_one_language(chromium, server, language):
    """Every control's name, as Chromium computes it, holds no French wording of the
    Cerfa: that wording is the control's description, in French. In Arabic every name
    is Arabic (but the language links, named in their own language)."""
    from conftest import FAMILY
    from forms import PAGES

    context = chromium.new_context(java_script_enabled=False, locale=language)
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Accessibility.enable")
    page.goto(server + "/")
    with page.expect_navigation():
        page.click("form[action='/commencer'] button")
    urls = [server + u for u in ("/", "/reprendre", "/charger-un-dossier", "/guichets/",
                                 "/renouvellement", "/donnees-personnelles")]
    page.goto(server + "/demande/")
    urls += [server + a.get_attribute("href") for a in page.locator(".task-list a").all()]
    problems, described, seen = [], 0, 0
    for slug, answers in FAMILY:
        fill_with_mouse(page, server, slug, answers)
    # Every question page the family's answers open, then their review and next steps.
    urls += [f"{server}/demande/{p.slug}" for p in PAGES] + [
        f"{server}/demande/{slug}" for slug in (
            "recapitulatif", "prochaines-etapes", "code", "liste/codemandeurs/1",
            "liste/codemandeurs/1/2", "liste/codemandeurs/1/3", "liste/codemandeurs/1/4",
            "liste/personnes-a-charge/1", "liste/personnes-a-charge/2")]
    for url in urls:
        page.goto(url)
        wording = [" ".join(t.split()) for t in
                   page.locator(".cerfa-wording > [lang=fr][dir=ltr]").all_inner_texts()]
        # Any other French the page marks (terms a translation keeps), but proper names
        # (France Travail, the Cerfa), said as names.
        french = {" ".join(t.split()).strip("\u2068\u2069") for t in
                  page.locator("main [lang=fr]").all_inner_texts()}
        french = {t for t in french if re.match(r"[a-zà-ÿ]", t) and re.search(r"[a-zà-ÿ]{3}", t)}
        prefix = page.locator(".cerfa-wording").first.inner_text().split(":")[0] \
            if wording else None
        own_language = set(page.locator("[hreflang], .header__languages [lang]")
                           .all_inner_texts())
        for role, name, description in control_names(cdp):
            seen += 1
            name = " ".join(name.split())
            if any(w and w in name for w in wording) or (prefix and prefix in name):
                problems.append(f"{url}: {role} named {name!r}")
            elif any(term in name.replace("\u2068", "").replace("\u2069", "") for term in french):
                problems.append(f"{url}: {role} named with French {name!r}")
            if language == "ar" and name and not ARABIC_LETTER.search(name) \
                    and name not in own_language and not re.fullmatch(r"[\d\W]+", name):
                problems.append(f"{url}: {role} named in Latin letters {name!r}")
            if any(w and w in description for w in wording):
                described += 1
    context.close()
    print(f"{language}: {len(urls)} pages, {seen} controls named, {described} described in French")
    assert not problems, problems
    assert seen > 1000 and described > 200, (seen, described)


# WCAG 1.4.12: the spacing a reader may impose with their own style sheet.
TEXT_SPACING = ("*{line-height:1.5!important;letter-spacing:.12em!important;"
                "word-spacing:.16em!important}p{margin-bottom:2em!important}")


def test_text_spacing_at_320_px_keeps_long_words_inside(chromium, server):
    """"professionnelle" in a heading, with WCAG text spacing at 320 px: it wraps, nothing
    goes past the screen; the save button weighs less than "Continuer"."""
    # The reader's own style sheet is not the site's: the CSP does not apply to it.
    context = chromium.new_context(locale="fr-FR", bypass_csp=True,
                                   viewport={"width": 320, "height": 800})
    page = context.new_page()
    page.goto(server + "/")
    with page.expect_navigation():
        page.click("form[action='/commencer'] button")
    for slug in ("situation-professionnelle", "", "lieu-de-travail", "contrat-et-chomage"):
        page.goto(f"{server}/demande/{slug}")
        page.add_style_tag(content=TEXT_SPACING)
        assert "professionnel" in page.content()
        widths = page.evaluate("""() => [...document.querySelectorAll('h1, h2, label, legend')]
            .filter(e => e.scrollWidth > e.clientWidth + 1 || e.getBoundingClientRect().right > 320)
            .map(e => e.textContent.trim().slice(0, 40) + ' ' + e.scrollWidth)""")
        assert widths == [], (slug, widths)
        assert page.evaluate("document.documentElement.scrollWidth") <= 320, slug
    page.goto(f"{server}/demande/date-de-naissance")
    # Saving for later is a plain link-like control beside the one green button.
    style = {v: page.locator(f"button[value={v}]").evaluate(
        "e => { const s = getComputedStyle(e); return [parseFloat(s.fontSize), s.fontWeight, "
        "s.backgroundColor, e.getBoundingClientRect().height] }") for v in ("continuer", "plus-tard")}
    (big, bold, green, tall), (small, weight, background, height) = style["continuer"], \
        style["plus-tard"]
    assert small < big and int(weight) < int(bold) and height < tall, style
    assert background == "rgba(0, 0, 0, 0)" and green != background, style
    context.close()
