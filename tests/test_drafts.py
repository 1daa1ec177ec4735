"""Saving, resuming on another device, two tabs, deleting, and the data at rest."""

import os
import sqlite3

import pytest

from conftest import Browser, answer_pages
from htmlcheck import check_page, text


def other_device(app):
    return Browser(app.test_client())


def resume(device, code, status=302):
    return device.submit("/reprendre", {"code": code}, status=status)


@pytest.mark.answered("family")
def test_resume_on_another_device_finds_the_answers(app, browser, resume_code):
    code = resume_code
    phone = other_device(app)
    # Typed loosely: lower case, spaces, O for 0 and l for 1 are all understood.
    loose = code.lower().replace("-", " ").replace("0", "o").replace("1", "l")
    assert resume(phone, loose) == "/demande/"
    page = phone.get("/demande/")
    assert "Votre demande est ouverte" in text(page.select_one(".banner"))
    rows = {text(r.dt): text(r.select_one("dd"))
            for r in phone.get("/demande/recapitulatif").select(".summary__row")}
    assert rows["Nom de naissance"] == "Ndiaye"


def test_malformed_code_is_explained_and_kept(app):
    device = other_device(app)
    page = resume(device, "ABC-12", status=200)
    assert "20 chiffres et lettres" in text(page.select_one("#code-error"))
    assert page.select_one("#code")["value"] == "ABC-12"
    assert page.select_one(".error-summary a")["href"] == "#code"


def test_same_device_keeps_the_application_open(browser):
    browser.start()
    answer_pages(browser, [("votre-demande", {"request_kind": "premiere"})])
    page = browser.get("/demande/votre-demande")
    assert page.select_one("#request_kind-premiere").has_attr("checked")


def test_two_tabs_on_one_page_do_not_overwrite_silently(app, browser):
    code = browser.start()
    tab_two = other_device(app)
    resume(tab_two, code)
    stale = tab_two.get("/demande/identite")  # tab two opens the page first
    answer_pages(browser, [("identite", {"civility": "madame", "birth_name": "Ndiaye",
                                         "first_names": "Awa"})])
    fields = {i["name"]: i.get("value", "") for i in stale.select("form input[type=hidden]")}
    fields.update({"civility": "madame", "birth_name": "Ndiaye", "first_names": "Aminata"})
    response = tab_two.client.post("/demande/identite", data=fields)
    assert response.status_code == 409
    page = check_page(response.data)
    assert "enregistrée entre-temps" in text(page.select_one(".error-summary"))
    assert "autre onglet" in text(page.select_one(".conflict"))
    assert text(page.select_one(".conflict dd")) == "Awa"
    assert page.select_one("#first_names")["value"] == "Aminata"  # what tab two typed
    # Continuing now is a knowing choice: it saves tab two's answer.
    fields["page_revision"] = page.select_one("input[name=page_revision]")["value"]
    assert tab_two.client.post("/demande/identite", data=fields).status_code == 302
    rows = {text(r.dt): text(r.select_one("dd"))
            for r in browser.get("/demande/recapitulatif").select(".summary__row")}
    assert rows["Prénoms"] == "Aminata"


def test_two_tabs_on_different_pages_both_save(app, browser):
    code = browser.start()
    tab_two = other_device(app)
    resume(tab_two, code)
    tab_two.get("/demande/nationalite")
    answer_pages(browser, [("votre-demande", {"request_kind": "premiere"})])
    answer_pages(tab_two, [("nationalite", {"nationality": "hors_union_europeenne"})])
    rows = {text(r.dt): text(r.select_one("dd"))
            for r in browser.get("/demande/recapitulatif").select(".summary__row")}
    assert rows["Quelle demande faites-vous ?"] == "Une première demande"
    assert rows["Quelle est votre nationalité ?"] == "Hors Union européenne"


def test_delete_removes_everything_and_the_code_stops_working(app, browser):
    code = browser.start()
    answer_pages(browser, [("votre-demande", {"request_kind": "premiere"})])
    page = browser.get("/demande/supprimer")
    assert "supprimer" in text(page.h1)
    assert browser.submit("/demande/supprimer", {}) == "/"
    assert "supprimées" in text(browser.get("/").select_one(".banner"))
    assert browser.client.get("/demande/").status_code == 302
    assert "Aucune demande" in text(resume(other_device(app), code, status=200)
                                    .select_one("#code-error"))


def test_close_on_a_shared_computer_keeps_the_application(app, browser):
    code = browser.start()
    answer_pages(browser, [("votre-demande", {"request_kind": "premiere"})])
    browser.get("/demande/code")
    response = browser.client.post("/demande/fermer", data={"csrf_token": browser.csrf()})
    assert response.headers["Location"] == "/"
    assert browser.client.get("/demande/").status_code == 302
    assert resume(browser, code) == "/demande/"


@pytest.mark.answered("family")
def test_database_file_alone_reveals_no_answer(app, browser, resume_code):
    code = resume_code
    raw = open(app.config["DATABASE"], "rb").read()
    wal = app.config["DATABASE"] + "-wal"
    raw += open(wal, "rb").read() if os.path.exists(wal) else b""
    for secret in ("Ndiaye", "285037127000520", "aissatou@example.fr", "rue de Paris",
                   code.replace("-", "")):
        assert secret.encode() not in raw
        assert secret.encode("utf-16-le") not in raw
    rows = sqlite3.connect(app.config["DATABASE"]).execute(
        "select sealed from applications").fetchall()
    assert len(rows) == 1 and b"Ndiaye" not in rows[0][0]


def test_purge_deletes_only_untouched_applications(app, browser):
    browser.start()
    db = sqlite3.connect(app.config["DATABASE"])
    db.execute("update applications set updated_at = '2020-01-01T00:00:00+00:00'")
    db.commit()
    Browser(app.test_client()).start()  # a fresh one stays
    result = app.test_cli_runner().invoke(args=["purge-stale"])
    assert result.exit_code == 0, result.output
    assert "1 application(s) untouched for 183 days deleted" in result.output
    assert db.execute("select count(*) from applications").fetchone()[0] == 1


def test_double_click_on_continue_is_not_a_conflict(browser):
    browser.start()
    page = browser.get("/demande/nationalite")
    fields = {i["name"]: i.get("value", "") for i in page.select("form input[type=hidden]")}
    fields["nationality"] = "francaise"
    first = browser.client.post("/demande/nationalite", data=fields)
    second = browser.client.post("/demande/nationalite", data=fields)
    assert first.status_code == second.status_code == 302
    assert second.headers["Location"] == first.headers["Location"]


@pytest.mark.answered("family")
def test_download_the_dossier_and_load_it_on_another_device(app, browser):
    import io
    import json

    response = browser.client.get("/demande/dossier.json")
    assert response.headers["Content-Disposition"].startswith("attachment;")
    assert "no-store" in response.headers["Cache-Control"]
    document = json.loads(response.data)
    assert document["format"] == "demande-logement-social" and document["version"] == 1
    assert document["answers"]["birth_name"] == "Ndiaye"
    laptop = other_device(app)
    page = laptop.get("/charger-un-dossier")
    assert text(page.select_one("label[for=dossier]")) == "Charger un fichier de demande"
    csrf = laptop.csrf()
    response = laptop.client.post("/charger-un-dossier", data={
        "csrf_token": csrf, "dossier": (io.BytesIO(response.data), "demande.json")},
        content_type="multipart/form-data")
    assert response.headers["Location"] == "/demande/code"
    new_code = laptop.get("/demande/code").select_one(".code").get_text(strip=True)
    assert new_code != browser.get("/demande/code").select_one(".code").get_text(strip=True)
    rows = {text(r.dt): text(r.select_one("dd"))
            for r in laptop.get("/demande/recapitulatif").select(".summary__row")}
    assert rows["Nom de naissance"] == "Ndiaye"
    assert rows["Combien de pièces principales recherchez-vous ?"] == "3 pièces, 4 pièces"
    tasks = laptop.get("/demande/")
    statuses = [text(t) for t in tasks.select(".tag")]
    assert statuses.count("Terminé") == len(statuses) - 1  # all but the communes


def test_a_wrong_file_lists_its_problems(app):
    import io
    import json

    device = other_device(app)
    device.get("/charger-un-dossier")
    csrf = device.csrf()
    bad = json.dumps({"format": "demande-logement-social", "version": 1,
                      "answers": {"nir": "123", "couleur": "bleu"}}).encode()
    for body, expected in ((bad, ["« couleur » : question inconnue",
                                  "« nir » : Le numéro de sécurité sociale doit comporter"]),
                           (b"\xff\xfe not json", ["n'est pas un fichier de demande"])):
        response = device.client.post("/charger-un-dossier", data={
            "csrf_token": csrf, "dossier": (io.BytesIO(body), "x.json")},
            content_type="multipart/form-data")
        assert response.status_code == 400
        page = check_page(response.data)
        listed = [text(li) for li in page.select("#dossier-error li")]
        assert all(any(e in item for item in listed) for e in expected), listed
        assert page.select_one(".error-summary a")["href"] == "#dossier"
