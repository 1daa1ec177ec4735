"""Versions of the saved answers, and the upgrades between them.

A release that renames, splits or removes a question adds one function at the
end of UPGRADES and raises SCHEMA_VERSION: drafts saved months earlier and
dossier files written by older releases are upgraded when they are opened
(rules in docs/dossier.md, "Upgrades").

UPGRADES[i] turns answers of version i + 1 into answers of version i + 2: it
takes the answers (question name or box code -> answer) and returns new ones.
"""

SCHEMA_VERSION = 1

UPGRADES: list = []


def upgrade(answers: dict, version: int) -> dict:
    """The answers brought from `version` to SCHEMA_VERSION, one step at a time."""
    for step in UPGRADES[max(version, 1) - 1:SCHEMA_VERSION - 1]:
        answers = step(dict(answers))
    return answers


def upgrade_document(document):
    """A dossier file's answers upgraded from the schema it was written with
    (files without one are from version 1). Anything else is returned as is,
    for the loader to report."""
    if not isinstance(document, dict) or not isinstance(document.get("answers"), dict):
        return document
    version = document.get("schema", 1)
    if not isinstance(version, int) or isinstance(version, bool) or version >= SCHEMA_VERSION:
        return document
    return {**document, "answers": upgrade(document["answers"], version),
            "schema": SCHEMA_VERSION}


def rename(old: str, new: str):
    """An upgrade step for a renamed question (a helper for future releases)."""
    def step(answers: dict) -> dict:
        if old in answers and new not in answers:
            answers[new] = answers.pop(old)
        return answers
    step.__name__ = f"rename_{old}_to_{new}"
    return step
