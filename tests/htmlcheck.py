"""Parse a page and check what every page must hold: one h1, unique ids,
labelled inputs, grouped radios, links of the error summary that lead somewhere."""

from babel import Locale
from bs4 import BeautifulSoup

from logement.i18n import DEFAULT, LANGUAGES

FIELD_TAGS = ("input", "select", "textarea")
UNLABELLED_TYPES = {"hidden", "submit", "button", "image", "reset"}
# The site's one list of languages; directions from the Unicode CLDR, not from the site.
DIRECTIONS = {code: "rtl" if Locale.parse(code).character_order == "right-to-left" else "ltr"
              for code in LANGUAGES}
TRANSLATED = tuple(code for code in LANGUAGES if code != DEFAULT)  # French is the source


NO_BREAK_SPACES = str.maketrans({"\u00a0": " ", "\u202f": " "})


def parse(html) -> BeautifulSoup:
    """The page as a person reads it: a no-break space looks like a space (French puts
    one before : ; ? !), so tests compare plain text. test_i18n checks where they are."""
    if isinstance(html, bytes):
        html = html.decode("utf-8")
    return BeautifulSoup(html.translate(NO_BREAK_SPACES), "html.parser")


def check_page(html) -> BeautifulSoup:
    soup = parse(html)
    lang = soup.html.get("lang")
    assert lang in DIRECTIONS, "the page language must be set"
    assert soup.html.get("dir") == DIRECTIONS[lang], "the page direction must match its language"
    assert soup.title and soup.title.get_text(strip=True), "the page needs a title"
    h1s = soup.find_all("h1")
    assert len(h1s) == 1, f"one h1 per page, found {len(h1s)}"
    ids = [tag["id"] for tag in soup.find_all(id=True)]
    duplicates = {i for i in ids if ids.count(i) > 1}
    assert not duplicates, f"duplicate ids: {duplicates}"
    for field in soup.find_all(FIELD_TAGS):
        if field.name == "input" and field.get("type", "text") in UNLABELLED_TYPES:
            continue
        labels = soup.find_all("label", attrs={"for": field.get("id")}) if field.get("id") else []
        assert labels and labels[0].get_text(strip=True), f"no visible label for {field}"
        if field.get("type") == "radio":
            fieldset = field.find_parent("fieldset")
            assert fieldset and fieldset.legend and fieldset.legend.get_text(strip=True), \
                f"radio {field.get('id')} is not in a fieldset with a legend"
    for link in soup.select(".error-summary a"):
        target = link["href"].lstrip("#")
        assert soup.find(id=target), f"error summary link to missing #{target}"
    for described in soup.select("[aria-describedby]"):
        for ref in described["aria-describedby"].split():
            assert soup.find(id=ref), f"aria-describedby points to missing #{ref}"
    return soup


def text(node) -> str:
    return " ".join(node.get_text(" ", strip=True).split()) if node else ""
