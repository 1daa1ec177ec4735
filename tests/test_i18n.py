"""The site in French, English and Arabic: every string translated, chosen with plain
links, Cerfa wording kept in French, amounts and dates in the reader's language."""

import re
import subprocess
from pathlib import Path

import pytest
from bs4 import Comment, Doctype, Tag
from babel.messages.pofile import read_po
from jinja2 import Environment

from conftest import FAMILY, FAMILY_PAGE_ONE, Browser, answer_pages, app_from_copies
from forms.cerfa import PAGES
from htmlcheck import TRANSLATED, check_page, parse, text
from logement.i18n import DEFAULT, LANGUAGES

ROOT = Path(__file__).resolve().parents[1]
TEMPLATES = ROOT / "site" / "logement" / "templates"


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


# What a person typed for the family walked through (data: in their language, not ours),
# its spaces as a page shows them.
TYPED = [" ".join(value.split()) for _slug, answers in FAMILY for value in answers.values()
         if isinstance(value, str) and not re.fullmatch(r"[\d ]*|[a-z_]+|[A-H]\d+", value)]


def shown_texts(root, lang=None, data=False):
    """(text, its language, whether it is data) for each text of root a person is shown:
    the language is the nearest lang attribute above it, data is inside translate="no".
    One walk down the page (bs4's find_parent for each text took a second a language)."""
    lang = root.get("lang", lang)
    data = data or root.get("translate") == "no"
    for child in root.children:
        if isinstance(child, Tag):
            if child.name not in ("script", "style", "textarea"):
                yield from shown_texts(child, lang, data)
        elif not isinstance(child, (Doctype, Comment)):
            yield child, lang, data


def untranslated_text(page):
    """Visible text nodes with Latin words and no Arabic, outside French-marked parts."""
    found = []
    for node, lang, data in shown_texts(page):
        if not without_typed(node).strip(" .\n0123456789"):
            continue  # what a person typed is theirs, in their language
        if lang is not None and lang != "ar":
            continue  # the Cerfa's wording, a language's own name
        if data:
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


def every_page(client, language):
    """Each page a person meets in a language: public pages, each task's pages empty,
    then a whole family's answers (conditional pages, review, next steps, each person)."""
    browser = Browser(client)
    client.get(f"/langue/{language}")
    pages = {url: browser.get(url) for url in (
        "/", "/reprendre", "/charger-un-dossier", "/donnees-personnelles", "/guichets/",
        "/renouvellement")}
    browser.start()
    for link in browser.get("/demande/").select(".task-list a"):
        response = client.get(link["href"], follow_redirects=True)
        pages[link["href"]] = check_page(response.data)
    answer_pages(browser, FAMILY)
    for page in PAGES:
        response = client.get(f"/demande/{page.slug}", follow_redirects=True)
        pages[f"/demande/{page.slug}"] = check_page(response.data)
    for url in ("/demande/code", "/demande/recapitulatif", "/demande/prochaines-etapes",
                "/demande/supprimer", "/demande/liste/codemandeurs",
                "/demande/liste/codemandeurs/1", "/demande/liste/codemandeurs/1/2",
                "/demande/liste/codemandeurs/1/3", "/demande/liste/codemandeurs/1/4",
                "/demande/liste/personnes-a-charge/1"):
        pages[url] = browser.get(url)
    for slug in ("autres-enfants", "colocataires"):
        browser.submit(f"/demande/liste/{slug}", {"add_more": "oui"})
        pages[slug] = browser.get(f"/demande/liste/{slug}/1")
    return pages


@pytest.fixture(scope="module")
def pages_in(tmp_path_factory, new_instance_databases):
    """pages_in(language): every_page in that language, walked once for the module on an
    app of its own (two tests read the Arabic pages; they only read them)."""
    walked = {}

    def pages(language):
        if language not in walked:
            instance = tmp_path_factory.mktemp(f"pages-{language}") / "instance"
            with pytest.MonkeyPatch.context() as patch:
                app = app_from_copies(new_instance_databases, instance, patch)
                walked[language] = every_page(app.test_client(), language)
        return walked[language]
    return pages


def test_arabic_pages_show_no_untranslated_text(pages_in):
    found = {url: untranslated_text(page) for url, page in pages_in("ar").items()}
    found = {url: texts for url, texts in found.items() if texts}
    assert not found, found


FRENCH_SIGNS = re.compile(r"[àâçéèêëîïôûùüÿœ]|\b(?:d'|l'|qu'|de|des|du|aux|une|est|et|ou|les|la|le)"
                          r"\b", re.I)
LATIN_RUN = re.compile(r"[A-Za-zÀ-ÿŒœ][A-Za-zÀ-ÿŒœ0-9'’\-.*°]*")


# Latin words that are no language's: acronyms, codes, web addresses, file kinds, units.
NEUTRAL = re.compile(r"^(?:[A-Z]{2,}|\w*\d[\w-]*|[\w.-]+\.(?:fr|md|json)|json|ics|cookies?|"
                     r"accents|m)$")


def without_typed(node) -> str:
    """A text node less what the person typed (their data, in their own language)."""
    shown = " ".join(str(node).split())
    if any(shown.strip(" .") in value for value in TYPED):
        return ""
    for value in TYPED:
        shown = shown.replace(value, " ")
    return shown


def french_outside_lang_fr(page):
    """French words in visible text that is not inside an element marked lang="fr"."""
    found = []
    for node, lang, data in shown_texts(page.body, page.html["lang"]):
        if lang != page.html["lang"] or data:
            continue  # another language said so (lang), or data
        shown = without_typed(node)
        # Written in Latin letters (as English is), French words give French away;
        # in another script (Arabic), any Latin word that is not a name or a code does.
        if LATIN_RUN.fullmatch(LANGUAGES[page.html["lang"]]):
            if FRENCH_SIGNS.search(shown):
                found.append(node.strip())
        elif any(not (LATIN_ALLOWED.match(word) or NEUTRAL.match(word))
                 for word in LATIN_RUN.findall(shown)):
            found.append(node.strip())
    return found


@pytest.mark.parametrize("language", TRANSLATED)
def test_french_words_on_english_and_arabic_pages_are_marked_lang_fr(pages_in, language):
    """The French terms kept beside a translation (titre de séjour, bulletins de salaire…)
    are said with a French voice: inside lang="fr"."""
    pages = pages_in(language)
    found = {url: texts for url, page in pages.items() if (texts := french_outside_lang_fr(page))}
    assert not found, f"{len(found)} of {len(pages)} pages: {found}"
    next_steps = pages["/demande/prochaines-etapes"]
    marked = [text(span) for span in next_steps.select("main [lang=fr]")]
    assert any("bulletins de salaire" in term for term in marked), marked
    if language == "en":
        assert any("titre de séjour" in term for term in marked), marked


def test_the_check_finds_french_unmarked_in_english_and_arabic():
    english = parse('<html lang="en"><body><p>Payslips (bulletins de salaire)</p>'
                    '<p>Payslips (<span lang="fr">bulletins de salaire</span>)</p></body></html>')
    assert french_outside_lang_fr(english) == ["Payslips (bulletins de salaire)"]
    arabic = parse('<html lang="ar"><body><p>قسائم الراتب (bulletins de salaire)</p><p>الاسم '
                   '<span lang="fr">titre de séjour</span> CAF</p></body></html>')
    assert french_outside_lang_fr(arabic) == ["قسائم الراتب (bulletins de salaire)"]


@pytest.mark.answered("family")
def test_french_pages_keep_signs_with_their_words(client, browser):
    """A no-break space before : ; ? ! and inside « », never a plain one (raw HTML: the
    test parser reads both as spaces); a text area is sent back as typed."""
    urls = ["/", "/guichets/", "/renouvellement", "/demande/recapitulatif",
            "/demande/logement-actuel", "/demande/prochaines-etapes"]
    kept = 0
    for url in urls:
        body = client.get(url).data.decode().split("<body>")[1]
        body = re.sub(r"<textarea.*?</textarea>|<[^>]*>", "\n", body, flags=re.S)
        assert not re.search(r"\w [:;?!](?:\s|$)|« | »", body), \
            (url, re.findall(r".{20}\w [:;?!](?:\s|$)|« .{10}|.{10} »", body)[:3])
        kept += len(re.findall("\u00a0[:;?!»]|«\u00a0", body))
    assert kept > 50
    browser.submit("/demande/precisions", {"additional_information": "Pourquoi ? « Oui » !"})
    raw = client.get("/demande/precisions").data.decode()
    assert ">Pourquoi ? « Oui » !</textarea>" in raw


def test_no_break_spaces_only_in_the_text_between_tags():
    from logement.typography import finish

    shown = str(finish('<p>Vous : « Oui » ?</p><a title="a : b">x</a>'
                       '<textarea>Pourquoi ?</textarea>', "fr"))
    assert shown == ('<p>Vous\u00a0: «\u00a0Oui\u00a0» ?</p>'.replace(" ?", "\u00a0?") +
                     '<a title="a : b">x</a><textarea>Pourquoi ?</textarea>')


def test_the_check_finds_french_left_on_an_arabic_page():
    page = parse('<html lang="ar"><body><p>Nom de naissance</p><p>الاسم A1</p>'
                 '<span lang="fr">Prénoms</span><p>CAF</p></body></html>')
    assert untranslated_text(page) == ["Nom de naissance"]


def test_the_language_is_chosen_with_plain_links_and_kept(client):
    browser = Browser(client)
    page = browser.get("/guichets/")
    assert page.html["lang"] == "fr"
    links = {a["lang"]: a for a in page.select(".header__languages a")}
    assert set(links) == set(LANGUAGES) - {DEFAULT}
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
    """Beside each question, in French, and linked as its description: never inside the
    label or legend, so the spoken name of a field stays in one language."""
    browser = Browser(client)
    client.get("/langue/en")
    browser.start()
    page = browser.get("/demande/identite")
    label = page.select_one("label[for=birth_name]")
    assert text(label) == "Surname at birth"
    wording = page.select_one("#birth_name-cerfa [lang=fr]")
    assert wording.get_text() == "Nom de naissance"
    assert wording["dir"] == "ltr"
    assert page.select_one("#birth_name")["aria-describedby"].split()[0] == "birth_name-cerfa"
    civility = page.select_one("fieldset:has(#civility-madame)")
    assert "Civilité" not in text(civility.legend)
    assert "civility-cerfa" in civility["aria-describedby"].split()
    page = browser.get("/demande/logement-actuel")
    homeless = page.select_one("#housing_status-F17")
    assert homeless["aria-describedby"] == "housing_status-F17-cerfa"
    assert text(page.select_one("#housing_status-F17-cerfa [lang=fr]")) == \
        "Sans abri, habitat de fortune, bidonville"
    assert "Sans abri" not in text(page.select_one("label[for=housing_status-F17]"))
    # No label or legend holds the Cerfa's wording, on any page of the application.
    for link in browser.get("/demande/").select(".task-list a"):
        page = check_page(client.get(link["href"], follow_redirects=True).data)
        for name in page.select("label, legend"):
            assert not name.select(".cerfa-wording"), (link["href"], text(name))
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


@pytest.mark.answered("family")
def test_data_keeps_its_own_direction_on_arabic_pages(client, browser):
    """Addresses, names and numbers typed in Latin script read left to right in Arabic."""
    client.get("/langue/ar")
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


def test_the_form_number_is_one_isolated_unit_in_arabic(client):
    """"Cerfa n°14069*04" keeps its order inside Arabic: not "04*14069°Cerfa n"."""
    page = arabic_browser(client).get("/")
    lead = page.select_one(".lead").get_text()
    assert "\u2068Cerfa n°14069*04\u2069" in lead
    # Nowhere on the page is a part of the number isolated alone.
    assert "Cerfa n\u2069" not in page.get_text()
