"""Last touches on the text of a page, by language (a filter around the page body).

- French: a no-break space before « : ; ? ! » and inside guillemets, so that the
  sign never starts a line (the catalogs keep plain spaces: one place to do it).
- English and Arabic: the French terms the translations keep beside their own words
  ("payslips (bulletins de salaire)") are marked lang="fr", so that a screen reader
  says them with a French voice. The terms are read from the catalog in use: in
  Arabic, the Latin runs isolated by translations/bidi.py; in English, those same
  terms where the English sentence keeps them.

Only text between tags changes: never a tag, an attribute, or what a person typed in
a text area.
"""

import html
import re
from functools import lru_cache

from flask_babel import force_locale, get_translations
from markupsafe import Markup

FSI, PDI = "\u2068", "\u2069"
# Tags, and text areas whole (their content is what the person typed, sent back as is).
_TAGS = re.compile(r"(<textarea\b.*?</textarea>|<[^>]*>)", re.S | re.I)
# A space before : ; ? ! or inside guillemets, where French never breaks a line.
NBSP = "\u00a0"
_KEPT_SPACE = re.compile(r" [:;?!](?=[\s)\"'.,»]|$)|« | »")
_TAG_NAME = re.compile(r"<(/?)([a-zA-Z][\w-]*)")
_ISOLATED = re.compile(f"{FSI}([^{PDI}<]*){PDI}")
# Latin words in the catalogs that are not French: file and field names, protocols.
_NOT_FRENCH = {"answers", "name", "postcode", "format", "json", "ics", "http", "https", "docs",
               "code", "cookie", "cookies", "accents", "e-mail"}


def finish(body, language: str):
    """The rendered body, with the touches of its language."""
    if language == "fr":
        return Markup(_each_text(str(body), lambda text: _KEPT_SPACE.sub(_unbroken, text)))
    terms = french_terms(language)
    if not terms:
        return body
    if language == "ar":
        def mark(text):
            return _ISOLATED.sub(lambda m: _span(m.group(0)) if html.unescape(m.group(1))
                                 in terms else m.group(0), text)
    else:
        any_term, pattern = _terms_patterns(terms)

        def english(match):
            found = match.group(0)
            if found.startswith("("):  # a French gloss in brackets: the whole of it
                inner = found[1:-1]
                return f"({_span(inner)})" if any_term.search(inner) else found
            return _span(found)

        def mark(text):
            return pattern.sub(english, text)
    return Markup(_each_text(str(body), mark))


def _unbroken(match):
    return match.group(0).replace(" ", NBSP)


def _span(text):
    return f'<span lang="fr">{text}</span>'


def _each_text(page: str, change) -> str:
    """`change` applied to the text between tags, but inside text areas and inside
    elements already marked in French (lang="fr")."""
    parts = _TAGS.split(page)
    # split() with a group: text at even places, tags (kept) at odd ones.
    skipped, depth = None, 0
    for i in range(0, len(parts)):
        part = parts[i]
        if i % 2:
            name = _TAG_NAME.match(part)
            if skipped is None and name and ' lang="fr"' in part and not part.endswith("/>"):
                skipped, depth = name.group(2).lower(), 1
            elif skipped and name and name.group(2).lower() == skipped:
                depth += -1 if name.group(1) else 1
                skipped = skipped if depth else None
        elif skipped is None and part:
            parts[i] = change(part)
    return "".join(parts)


def french_terms(language: str) -> frozenset:
    return _terms(language, id(get_translations()))


@lru_cache(maxsize=8)
def _terms(language: str, _catalog_id) -> frozenset:
    catalog = getattr(get_translations(), "_catalog", {})
    if language == "ar":
        return frozenset(t for msgid, msgstr in catalog.items()
                         for t in _arabic_terms(_source(msgid), msgstr))
    # English: the terms Arabic keeps in French, where English keeps them too.
    kept = {t for msgid, msgstr in _arabic_catalog().items() for t in _arabic_terms(msgid, msgstr)}
    english = " ".join(m for m in catalog.values() if isinstance(m, str)).lower()
    return frozenset(t for t in kept if t.lower() in english)


def _source(msgid):
    return msgid[0] if isinstance(msgid, tuple) else msgid


def _arabic_terms(source: str, translated) -> set:
    """Latin runs of an Arabic translation that are French words (not placeholders,
    acronyms, web addresses or file names)."""
    if not isinstance(translated, str) or not source:
        return set()
    return {run for run in _ISOLATED.findall(translated)
            if "%(" not in run and "." not in run and "/" not in run
            and re.search(r"[a-zà-ÿœ]{2}", run) and run.lower() not in _NOT_FRENCH}


def _arabic_catalog() -> dict:
    with force_locale("ar"):
        catalog = getattr(get_translations(), "_catalog", {})
    return {_source(k): v for k, v in catalog.items()}


@lru_cache(maxsize=8)
def _terms_patterns(terms: frozenset):
    """Any term; and what to mark in English: a bracketed gloss holding a term, or a
    term that cannot be an English word (an accent, an apostrophe, several words)."""
    def alternation(chosen):
        escaped = [re.escape(t).replace("'", "(?:'|&#39;|&#x27;)")
                   for t in sorted(chosen, key=len, reverse=True)]
        return r"(?<![\w-])(?:" + "|".join(escaped) + r")(?![\w-])"
    french_only = {t for t in terms if re.search(r"[À-ÖØ-öø-ÿŒœ' ]", t)}
    return (re.compile(alternation(terms)),
            re.compile(r"\([^()<]*\)|" + alternation(french_only)))
