"""Keep Latin words readable inside right-to-left translations.

In an Arabic sentence, a run of French or Latin text such as
"(attestation d'enregistrement)" or a placeholder filled with a name is shown
in the wrong order unless it is isolated (Unicode FSI … PDI, invisible). This
script isolates every such run in the msgstr of a right-to-left catalog:

    python translations/bidi.py translations/ar/LC_MESSAGES/messages.po

It is idempotent; a test checks the Arabic catalog is kept this way.
"""

import re
import sys

from babel.messages.pofile import read_po, write_po

FSI, PDI = "\u2068", "\u2069"
_LETTER = r"A-Za-zÀ-ÖØ-öø-ÿŒœ"
# A form's number is one unit: "Cerfa n°14069*04" must not break at ° or *.
_FORM_NUMBER = r"(?:Cerfa )?n°\s?\d+(?:\*\d+)?"
_START = rf"(?:{_FORM_NUMBER}|%\(\w+\)s|[{_LETTER}])"
_END = rf"(?:{_FORM_NUMBER}|%\(\w+\)s|[{_LETTER}0-9])"
LATIN_RUN = re.compile(
    rf"{_START}(?:(?:{_FORM_NUMBER}|%\(\w+\)s|[{_LETTER}0-9'’\-. ])*{_END})?")


def isolate(text: str) -> str:
    """Each Latin run (and placeholder) wrapped once in FSI … PDI."""
    plain = text.replace(FSI, "").replace(PDI, "")
    return LATIN_RUN.sub(lambda m: f"{FSI}{m.group(0)}{PDI}", plain)


def main(path: str) -> None:
    with open(path, "rb") as handle:
        catalog = read_po(handle)
    for message in catalog:
        if not message.id or not message.string:
            continue
        if isinstance(message.string, tuple):
            message.string = tuple(isolate(s) for s in message.string)
        else:
            message.string = isolate(message.string)
    with open(path, "wb") as handle:
        write_po(handle, catalog, width=76)


if __name__ == "__main__":
    main(sys.argv[1])
