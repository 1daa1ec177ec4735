"""The editions of the Cerfa the site fills, registered here and nowhere else.

An edition ties the form's number to the questions that describe it and to its printed
template, `pdf_templates/<folder>/` (template.pdf and fields.json). Every PDF is printed
on `CURRENT`, the form a counter takes today, drafts saved earlier included (their
answers are brought to today's questions by forms/versions.py); a dossier file of any
registered edition is read. When 14069*05 comes: describe its questions, build its
template folder, register it below beside 14069*04 and make it `CURRENT`
(docs/maintaining.md, "An edition of the Cerfa").
"""

from dataclasses import dataclass

from . import cerfa


@dataclass(frozen=True)
class Edition:
    code: str  # as printed after the Cerfa's number: "14069*04"
    folder: str  # its template folder under pdf_templates/
    sections: tuple  # the questions, section by section, as the pages ask them

    @property
    def pages(self):
        return tuple(page for section in self.sections for task in section.tasks
                     for page in task.pages)


class UnknownEdition(LookupError):
    pass


EDITIONS = {edition.code: edition for edition in (
    Edition("14069*04", folder="14069-04", sections=cerfa.SECTIONS),
)}
CURRENT = EDITIONS["14069*04"]


def is_registered(code) -> bool:
    """A code read from outside (a dossier file) names a registered edition."""
    return isinstance(code, str) and code in EDITIONS


def edition(code: str) -> Edition:
    """The registered edition of this code."""
    try:
        return EDITIONS[code]
    except (KeyError, TypeError):
        raise UnknownEdition(code) from None
