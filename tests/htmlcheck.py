"""Parse a page and check what every page must hold: one h1, unique ids,
labelled inputs, grouped radios, links of the error summary that lead somewhere."""

from collections import Counter

from babel import Locale
from bs4 import BeautifulSoup, Tag

from logement.i18n import DEFAULT, LANGUAGES

FIELD_TAGS = ("input", "select", "textarea")
UNLABELLED_TYPES = {"hidden", "submit", "button", "image", "reset"}
# The site's one list of languages; directions from the Unicode CLDR, not from the site.
DIRECTIONS = {code: "rtl" if Locale.parse(code).character_order == "right-to-left" else "ltr"
              for code in LANGUAGES}
TRANSLATED = tuple(code for code in LANGUAGES if code != DEFAULT)  # French is the source


NO_BREAK_SPACES = ("\u00a0", "\u202f")


def parse(html) -> BeautifulSoup:
    """The page as a person reads it: a no-break space looks like a space (French puts
    one before : ; ? !), so tests compare plain text. test_i18n checks where they are.
    Read by lxml (libxml2): 18 % fewer instructions a page than html.parser, and the
    tests read about 3,500 pages a run."""
    if isinstance(html, bytes):
        html = html.decode("utf-8")
    for space in NO_BREAK_SPACES:  # str.replace: str.translate took 0.5 ms a page
        html = html.replace(space, " ")
    return BeautifulSoup(html, "lxml")


def check_page(html) -> BeautifulSoup:
    soup = parse(html)
    lang = soup.html.get("lang")
    assert lang in DIRECTIONS, "the page language must be set"
    assert soup.html.get("dir") == DIRECTIONS[lang], "the page direction must match its language"
    assert soup.title and soup.title.get_text(strip=True), "the page needs a title"
    # One walk through the page (each find_all or select is a walk of its own).
    h1s, ids, labels, fields, described, summaries = 0, Counter(), {}, [], [], []
    for tag in soup.descendants:
        if not isinstance(tag, Tag):
            continue
        h1s += tag.name == "h1"
        if "id" in tag.attrs:
            ids[tag["id"]] += 1
        if tag.name == "label" and "for" in tag.attrs:
            labels.setdefault(tag["for"], tag)  # the first label that names a field
        elif tag.name in FIELD_TAGS:
            fields.append(tag)
        if "aria-describedby" in tag.attrs:
            described.append(tag)
        if "error-summary" in tag.get("class", ()):
            summaries.append(tag)
    assert h1s == 1, f"one h1 per page, found {h1s}"
    duplicates = {i for i, count in ids.items() if count > 1}
    assert not duplicates, f"duplicate ids: {duplicates}"
    for field in fields:
        if field.name == "input" and field.get("type", "text") in UNLABELLED_TYPES:
            continue
        label = labels.get(field.get("id")) if field.get("id") else None
        assert label and label.get_text(strip=True), f"no visible label for {field}"
        if field.get("type") == "radio":
            fieldset = field.find_parent("fieldset")
            assert fieldset and fieldset.legend and fieldset.legend.get_text(strip=True), \
                f"radio {field.get('id')} is not in a fieldset with a legend"
    for link in (a for summary in summaries for a in summary.find_all("a")):
        target = link["href"].lstrip("#")
        assert target in ids, f"error summary link to missing #{target}"
    for tag in described:
        for ref in tag["aria-describedby"].split():
            assert ref in ids, f"aria-describedby points to missing #{ref}"
    return soup


def text(node) -> str:
    return " ".join(node.get_text(" ", strip=True).split()) if node else ""
