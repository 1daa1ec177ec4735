"""The site in French, English and Arabic: every string translated, chosen with plain
links, Cerfa wording kept in French, amounts and dates in the reader's language."""

import re
import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import Comment, Doctype
from babel.messages.pofile import read_po
from jinja2 import Environment

from conftest import FAMILY_PAGE_ONE, SPOUSE, Browser, answer_pages
from htmlcheck import check_page, parse, text

ROOT = Path(__file__).resolve().parents[1]
TEMPLATES = ROOT / "site" / "logement" / "templates"
PLACEHOLDER = re.compile(r"%\((\w+)\)s")


def pot_messages(tmp_path):
    pot = tmp_path / "messages.pot"
    subprocess.run([sys.executable, "-m", "babel.messages.frontend", "extract", "-F", "babel.cfg",
                    "-k", "_l", "-o", str(pot), "--no-location", "--omit-header", "."],
                   cwd=ROOT, check=True, capture_output=True)
    return [m for m in read_po(pot.open("rb")) if m.id]


@pytest.mark.parametrize("language", ["en", "ar"])
def test_every_message_is_translated_with_its_placeholders(tmp_path, language):
    with (ROOT / f"translations/{language}/LC_MESSAGES/messages.po").open("rb") as handle:
        catalog = read_po(handle)
    problems = []
    for message in pot_messages(tmp_path):
        translated = catalog.get(message.id)
        strings = translated and (translated.string if isinstance(translated.string, tuple)
                                  else (translated.string,))
        if not translated or not all(strings) or translated.fuzzy:
            problems.append(("missing", message.id))
            continue
        source = message.id[-1] if isinstance(message.id, tuple) else message.id
        expected = sorted(PLACEHOLDER.findall(source))
        if any(sorted(PLACEHOLDER.findall(s)) != expected for s in strings):
            problems.append(("placeholders", message.id))
    assert not problems, f"{len(problems)} problems in {language}: {problems[:5]}"


def template_text(source: str):
    """Text of a template outside Jinja tags and HTML markup: what would be shown
    untranslated."""
    env = Environment(extensions=["jinja2.ext.do", "jinja2.ext.i18n"])
    shown = []
    for _line, kind, value in env.lex(source):
        # Jinja's own code becomes a mark, so that tags split by it still parse.
        shown.append(value if kind == "data" else "\x00")
    markup = re.sub(r"<!--.*?-->|<[^>]*>|&\w+;|&#\d+;|[\w-]+=\"", " ", "".join(shown),
                    flags=re.S)
    return [word for word in markup.replace("\x00", " ").split()
            if re.search(r"[^\W\d_]", word)]


def test_templates_show_no_text_outside_translation_calls():
    found = {path.relative_to(TEMPLATES).as_posix(): words
             for path in sorted(TEMPLATES.rglob("*.html"))
             if (words := template_text(path.read_text()))}
    assert not found, f"text not marked for translation: {found}"


def test_the_template_check_catches_plain_text():
    assert template_text('<p class="lead">Bonjour {{ _("à vous") }}</p>') == ["Bonjour"]
    assert template_text('<p>{{ _("Bonjour") }} – {{ name }}</p>') == []


# What may be in Latin letters on an Arabic page: codes, acronyms, brands, web addresses.
LATIN_ALLOWED = re.compile(
    r"^(?:[A-H]\d{1,2}|Cerfa|n°14069\*04|14069\*04|CAF|MSA|CCAS|HLM|SMS|PDF|JSON|ics|\.ics|"
    r"SIRET|SIREN|CDAPH|AAH|AEEH|RSA|PAJE|ASPA|APL|ALS|ALF|Pacs|PACS|CDD|Action|Logement|"
    r"www\.demande-logement-social\.gouv\.fr|e-mail|[\d\W_]+)$")


def untranslated_text(page):
    """Visible text nodes with Latin words and no Arabic, outside French-marked parts."""
    found = []
    for node in page.find_all(string=True):
        if isinstance(node, (Doctype, Comment)) or node.parent.name in ("script", "style") \
                or not node.strip():
            continue
        marked = node.find_parent(attrs={"lang": True})
        if marked is not None and marked.get("lang") != "ar":
            continue  # the Cerfa's wording, a language's own name
        if node.find_parent(attrs={"translate": "no"}):
            continue  # data such as a resume code
        if re.search(r"[\u0600-\u06FF]", node):
            continue
        words = [w for w in re.split(r"[\s()«»:,;/]+", node) if w]
        if any(not LATIN_ALLOWED.match(w) for w in words):
            found.append(node.strip())
    return found


def arabic_browser(client):
    browser = Browser(client)
    client.get("/langue/ar")
    return browser


def test_arabic_pages_show_no_untranslated_text(client):
    browser = arabic_browser(client)
    pages = ["/", "/reprendre", "/charger-un-dossier", "/donnees-personnelles", "/guichets/",
             "/renouvellement"]
    found = {url: untranslated_text(browser.get(url)) for url in pages}
    browser.start()
    tasks = browser.get("/demande/")
    for link in tasks.select(".task-list a"):
        response = client.get(link["href"], follow_redirects=True)
        found[link["href"]] = untranslated_text(check_page(response.data))
    for url in ("/demande/code", "/demande/recapitulatif", "/demande/prochaines-etapes",
                "/demande/supprimer"):
        found[url] = untranslated_text(browser.get(url))
    # Each person's pages in the lists: a co-applicant's four, the first of the others.
    answer_pages(browser, SPOUSE)
    for url in ("/demande/liste/codemandeurs", "/demande/liste/codemandeurs/1",
                "/demande/liste/codemandeurs/1/2", "/demande/liste/codemandeurs/1/3",
                "/demande/liste/codemandeurs/1/4"):
        found[url] = untranslated_text(browser.get(url))
    for slug in ("personnes-a-charge", "autres-enfants", "colocataires"):
        browser.submit(f"/demande/liste/{slug}", {"add_more": "oui"})
        found[slug] = untranslated_text(browser.get(f"/demande/liste/{slug}/1"))
    found = {url: texts for url, texts in found.items() if texts}
    assert not found, found


def test_the_check_finds_french_left_on_an_arabic_page():
    page = parse('<html lang="ar"><body><p>Nom de naissance</p><p>الاسم A1</p>'
                 '<span lang="fr">Prénoms</span><p>CAF</p></body></html>')
    assert untranslated_text(page) == ["Nom de naissance"]


def test_the_language_is_chosen_with_plain_links_and_kept(client):
    browser = Browser(client)
    page = browser.get("/guichets/")
    assert page.html["lang"] == "fr"
    links = {a["lang"]: a for a in page.select(".header__languages a")}
    assert set(links) == {"en", "ar"}
    assert page.select_one(".header__languages [aria-current]")["lang"] == "fr"
    response = client.get(links["ar"]["href"])
    assert response.status_code == 302 and response.headers["Location"] == "/guichets/"
    page = browser.get("/guichets/")
    assert (page.html["lang"], page.html["dir"]) == ("ar", "rtl")
    assert page.h1.get_text(strip=True) != "Où déposer votre demande ?"
    page = browser.get("/renouvellement")  # kept for the session
    assert page.html["lang"] == "ar"
    client.get("/langue/en?suivant=/renouvellement")
    assert browser.get("/renouvellement").html["lang"] == "en"


def test_accept_language_sets_the_first_choice_and_a_link_overrides_it(app):
    client = app.test_client()
    page = parse(client.get("/", headers={"Accept-Language": "ar-MA,ar;q=0.9,fr;q=0.5"}).data)
    assert page.html["lang"] == "ar"
    page = parse(client.get("/", headers={"Accept-Language": "de-DE,de;q=0.9"}).data)
    assert page.html["lang"] == "fr"
    # A regional French comes first even when English or Arabic is also accepted.
    for header in ("fr-FR,en;q=0.5", "fr-BE,ar;q=0.5", "fr-CA,ar;q=0.9"):
        assert parse(client.get("/", headers={"Accept-Language": header}).data) \
            .html["lang"] == "fr", header
    assert parse(client.get("/", headers={"Accept-Language": "ar-MA,en;q=0.5"}).data) \
        .html["lang"] == "ar"
    client.get("/langue/fr")
    page = parse(client.get("/", headers={"Accept-Language": "en-GB"}).data)
    assert page.html["lang"] == "fr"


@pytest.mark.parametrize("target", ["https://example.com/", "//example.com/x", "/\\example.com",
                                    "javascript:alert(1)"])
def test_the_language_switch_never_leaves_the_site(client, target):
    response = client.get("/langue/en", query_string={"suivant": target})
    assert response.headers["Location"] == "/"


def test_an_unknown_language_changes_nothing(client):
    client.get("/langue/xx?suivant=/")
    assert parse(client.get("/").data).html["lang"] == "fr"


def test_questions_show_the_french_wording_of_the_cerfa(client):
    browser = Browser(client)
    client.get("/langue/en")
    browser.start()
    page = browser.get("/demande/identite")
    label = page.select_one("label[for=birth_name]")
    wording = label.select_one(".cerfa-wording [lang=fr]")
    assert wording.get_text() == "Nom de naissance"
    assert wording["dir"] == "ltr"
    assert label.get_text(" ", strip=True).startswith("Surname at birth")
    page = browser.get("/demande/logement-actuel")
    homeless = page.select_one("label[for=housing_status-F17] .cerfa-wording [lang=fr]")
    assert homeless.get_text() == "Sans abri, habitat de fortune, bidonville"
    client.get("/langue/fr")
    assert browser.get("/demande/identite").select(".cerfa-wording") == []


def test_french_number_and_date_forms_are_understood_in_any_language(client):
    browser = Browser(client)
    client.get("/langue/ar")
    browser.start()
    answer_pages(browser, [
        ("date-de-naissance", {"birth_date-day": "27/03/1985", "birth_date-month": "",
                               "birth_date-year": ""}),
        ("revenus-annuels", {"income_n2": "18 500", "income_n1": "١٩٢٠٠"}),
    ])
    client.get("/langue/en")
    # Rows found by the Cerfa's French wording, shown beside the English.
    rows = {text(r.select_one("dt [lang=fr]")): text(r.select_one("dd"))
            for r in browser.get("/demande/recapitulatif").select(".summary__row")
            if r.select_one("dt [lang=fr]")}
    assert rows["Quelle est votre date de naissance ?"] == "27 March 1985"
    amounts = [value for label, value in rows.items() if label.startswith("Revenu fiscal")]
    assert amounts == ["€18,500", "€19,200"]


def test_the_pdf_stays_in_french_whatever_the_language(app):
    pdfs = {}
    for language in ("fr", "ar"):
        client = app.test_client()
        client.get(f"/langue/{language}")
        browser = Browser(client)
        browser.start()
        answer_pages(browser, FAMILY_PAGE_ONE + [
            ("logement-actuel", {"housing_status": "F17"})])
        response = client.get("/demande/cerfa.pdf")
        assert response.status_code == 200
        pdfs[language] = response.data
    assert pdfs["fr"] == pdfs["ar"]
    text_of = subprocess.run(["pdftotext", "-layout", "-", "-"], input=pdfs["ar"],
                             capture_output=True, check=True).stdout.decode()
    assert "Sans abri" in text_of or "SANS ABRI" in text_of
    assert not re.search(r"[\u0600-\u06FF]", text_of)


def test_latin_words_in_arabic_translations_are_isolated():
    """French terms and placeholders inside Arabic keep their order (translations/bidi.py)."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("bidi", ROOT / "translations" / "bidi.py")
    bidi = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bidi)
    assert bidi.isolate("شهادة (attestation d'enregistrement) %(count)s.") == \
        "شهادة (\u2068attestation d'enregistrement\u2069) \u2068%(count)s\u2069."
    with (ROOT / "translations/ar/LC_MESSAGES/messages.po").open("rb") as handle:
        catalog = read_po(handle)
    strings = [s for m in catalog if m.id
               for s in (m.string if isinstance(m.string, tuple) else (m.string,))]
    not_isolated = [s for s in strings if bidi.isolate(s) != s]
    assert not not_isolated, "run python translations/bidi.py on the Arabic catalog: " \
        f"{not_isolated[:3]}"


def test_data_keeps_its_own_direction_on_arabic_pages(client):
    """Addresses, names and numbers typed in Latin script read left to right in Arabic."""
    browser = arabic_browser(client)
    browser.start()
    answer_pages(browser, FAMILY_PAGE_ONE)
    page = browser.get("/demande/adresse")
    assert page.select_one("#address_street")["dir"] == "auto"
    review = browser.get("/demande/recapitulatif")
    answers = [row.select("dd")[0] for row in review.select(".summary__row")
               if not row.select_one("dd em")]
    assert len(answers) > 10 and all(dd.get("dir") == "auto" for dd in answers)
    address = next(dd for dd in answers if text(dd) == "257 rue de Paris 71000 Mâcon")
    assert address["dir"] == "auto"


def test_the_sites_own_questions_show_no_cerfa_wording(client):
    client.get("/langue/en")
    page = Browser(client).get("/renouvellement")
    assert page.select_one("label[for=registration_number]") is not None
    assert page.select(".cerfa-wording") == []
