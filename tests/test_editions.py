"""Editions of the Cerfa are registered in forms/editions.py: each has its template folder,
and every PDF is printed on the current one, the form a counter takes today."""

import io
import json

from pypdf import PdfReader
from reportlab.pdfgen import canvas

from forms import dossier, editions
from logement import pdf


def test_every_registered_edition_has_its_template_and_field_map():
    for code, edition in editions.EDITIONS.items():
        folder = pdf.TEMPLATES / edition.folder
        spec = json.loads((folder / "fields.json").read_text(encoding="utf-8"))
        assert spec["edition"] == code
        assert len(PdfReader(folder / "template.pdf").pages) == spec["pages"]
        assert edition.pages, code  # its questions are described


def test_an_unknown_edition_is_refused_by_name():
    try:
        editions.edition("14069*99")
    except editions.UnknownEdition as error:
        assert "14069*99" in str(error)
    else:
        raise AssertionError("an unregistered edition was accepted")
    problems = dossier.load({"format": dossier.FORMAT, "version": dossier.VERSION,
                             "edition": "14069*99", "answers": {}})[1]
    assert any("14069*99" in problem for problem in problems)


def _register_test_edition(tmp_path, monkeypatch):
    """A second edition beside the *04: a one-page template saying which it is."""
    folder = tmp_path / "14069-99"
    folder.mkdir()
    page = canvas.Canvas(str(folder / "template.pdf"))
    page.drawString(50, 800, "Edition de test 14069*99")
    page.save()
    (folder / "fields.json").write_text(json.dumps({"edition": "14069*99", "pages": 1, "fields": {
        "first_names": {"kind": "text", "page": 1, "x": 50, "y": 700, "width": 300}}}))
    for edition in editions.EDITIONS.values():  # the real templates stay where they are
        (tmp_path / edition.folder).symlink_to(pdf.TEMPLATES / edition.folder)
    (tmp_path / "fonts").symlink_to(pdf.TEMPLATES / "fonts")
    monkeypatch.setattr(pdf, "TEMPLATES", tmp_path)
    test_edition = editions.Edition("14069*99", "14069-99", editions.CURRENT.sections)
    monkeypatch.setitem(editions.EDITIONS, "14069*99", test_edition)
    pdf.Edition.load.cache_clear()
    return test_edition


def _printed_text(browser):
    response = browser.client.get("/demande/cerfa.pdf")
    assert response.status_code == 200
    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.data)).pages)


def test_a_new_current_edition_prints_every_draft_with_no_other_change(
        app, tmp_path, monkeypatch):
    from conftest import Browser

    draft = Browser(app.test_client())
    draft.start()
    draft.submit("/demande/identite", {"civility": "madame", "birth_name": "Ndiaye",
                                       "first_names": "Awa"})
    assert "14069*04" in _printed_text(draft)
    monkeypatch.setattr(editions, "CURRENT", _register_test_edition(tmp_path, monkeypatch))
    try:
        printed = _printed_text(draft)  # the same draft, saved before the change
        assert "Edition de test 14069*99" in printed and "AWA" in printed
        assert "14069*04" not in printed
        new = Browser(app.test_client())
        new.start()
        assert "Edition de test 14069*99" in _printed_text(new)
        assert dossier.dump({})["edition"] == "14069*99"
    finally:
        pdf.Edition.load.cache_clear()
