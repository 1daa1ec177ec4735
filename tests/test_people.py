"""Lists of people (page 3): add another, change, remove, and their place on the PDF."""

import io

from pypdf import PdfReader

from conftest import answer_pages, pages_under
from htmlcheck import text


def child(n):
    return {"last_name": "Martin", "first_names": f"Enfant{'é' * (n % 2)} {chr(64 + n)}",
            "birth_date-day": str(n), "birth_date-month": "3", "birth_date-year": "2012",
            "sex": "f" if n % 2 else "m", "link": "enfant"}


def test_add_change_and_remove_dependants(browser):
    browser.start()
    page = browser.get("/demande/liste/personnes-a-charge")
    assert text(page.select_one("legend")) == \
        "Avez-vous des personnes à charge qui vivront dans le logement ?"
    page = browser.submit("/demande/liste/personnes-a-charge", {}, status=200)
    assert text(page.select_one(".error-summary a")) == "Répondez oui ou non"
    answer_pages(browser, [("liste/personnes-a-charge", {"add_more": "oui"}),
                           ("liste/personnes-a-charge/1", child(1)),
                           ("liste/personnes-a-charge/2", child(2))])
    page = browser.get("/demande/liste/personnes-a-charge")
    assert [text(dt) for dt in page.select(".summary dt")] == ["Enfanté A Martin", "Enfant B Martin"]
    assert text(page.select_one(".summary dd")) == "1 mars 2012, Féminin, Enfant"
    assert text(page.select_one("legend")) == "Voulez-vous ajouter une autre personne à charge ?"
    # Change the second one: the form comes back filled.
    page = browser.get("/demande/liste/personnes-a-charge/2")
    assert page.select_one("#first_names")["value"] == "Enfant B"
    assert page.select_one("#birth_date-day")["value"] == "2"
    browser.submit("/demande/liste/personnes-a-charge/2", {**child(2), "first_names": "Bertille"})
    # A mistake on a person's page keeps what was typed.
    page = browser.submit("/demande/liste/personnes-a-charge/3", {**child(3), "sex": ""},
                          status=200)
    assert "Indiquez le sexe" in text(page.select_one("#sex-error"))
    assert page.select_one("#first_names")["value"] == "Enfanté C"
    # Remove the first one.
    page = browser.get("/demande/liste/personnes-a-charge")
    remove = page.select_one("form[action='/demande/liste/personnes-a-charge/1/retirer']")
    assert text(remove.button) == "Retirer Enfanté A Martin"
    data = {i["name"]: i["value"] for i in remove.select("input[type=hidden]")}
    browser.client.post("/demande/liste/personnes-a-charge/1/retirer", data=data)
    page = browser.get("/demande/liste/personnes-a-charge")
    assert [text(dt) for dt in page.select(".summary dt")] == ["Bertille Martin"]
    assert "retiré(e)" in text(page.select_one(".banner"))
    assert browser.submit("/demande/liste/personnes-a-charge", {"add_more": "non"}) == \
        "/demande/naissance-attendue"


def test_nine_dependants_fill_page_3_and_a_second_page_3(app, browser):
    browser.start()
    answer_pages(browser, [(f"liste/personnes-a-charge/{n}", child(n)) for n in range(1, 10)])
    data = browser.client.get("/demande/cerfa.pdf").data
    reader = PdfReader(io.BytesIO(data))
    assert len(reader.pages) == 10
    third, extra = reader.pages[2].extract_text(), reader.pages[3].extract_text()
    assert "MARTIN ENFANTÉ A" in third and "MARTIN ENFANT H" in third
    assert "MARTIN ENFANTÉ I" in extra and "PAGE 3 SUPPLÉMENTAIRE (2)" in extra
    assert "MARTIN ENFANTÉ I" not in third


FLATMATE = {"civility": "monsieur", "birth_name": "Durand", "first_names": "Paul",
            "birth_date-day": "1", "birth_date-month": "2", "birth_date-year": "1990"}


def test_at_most_three_flatmates(browser):
    browser.start()
    answer_pages(browser, [(f"liste/colocataires/{n}", dict(FLATMATE, first_names=f"Paul {'ABC'[n - 1]}"))
                           for n in (1, 2, 3)])
    page = browser.submit("/demande/liste/colocataires", {"add_more": "oui"}, status=400)
    assert "3 personnes au plus" in text(page.select_one("#add_more-error"))
    assert browser.client.get("/demande/liste/colocataires/4").headers["Location"] == \
        "/demande/liste/colocataires"


def test_flatshare_box_and_flatmates_go_together(browser):
    browser.start()
    page = browser.submit("/demande/autres-souhaits", {"flatshare": "oui"}, status=200)
    assert "ajoutez d'abord vos colocataires" in text(page.select_one("#flatshare-error"))
    answer_pages(browser, [("liste/colocataires/1", FLATMATE)])
    page = browser.submit("/demande/autres-souhaits", {}, status=200)
    assert "cochez cette case" in text(page.select_one("#flatshare-error"))
    assert browser.submit("/demande/autres-souhaits", {"flatshare": "oui"}) == \
        "/demande/communes"
    data = browser.client.get("/demande/cerfa.pdf").data
    second = PdfReader(io.BytesIO(data)).pages[1].extract_text()
    assert "DURAND" in second and "PAUL" in second


def test_a_second_coapplicant_gets_extra_pages_2_4_and_5(browser):
    from conftest import SPOUSE

    browser.start()
    first = pages_under(SPOUSE, "liste/codemandeurs/1")
    answer_pages(browser, [("liste/codemandeurs", {"add_more": "oui"})] + first)
    second = [(slug.replace("/1", "/2"), dict(data)) for slug, data in first]
    second[0][1].update(first_names="Mariama", civility="madame", link="B7")
    answer_pages(browser, second)
    page = browser.get("/demande/liste/codemandeurs")
    assert [text(dt) for dt in page.select(".summary dt")] == ["Ousmane Ndiaye",
                                                               "Mariama Ndiaye"]
    reader = PdfReader(io.BytesIO(browser.client.get("/demande/cerfa.pdf").data))
    texts = [p.extract_text() for p in reader.pages]
    assert len(texts) == 12  # pages 2, 4 and 5 again for the second co-applicant
    assert "OUSMANE" in texts[1] and "MARIAMA" in texts[2]
    assert "PAGE 2 SUPPLÉMENTAIRE (2)" in texts[2]
    assert "PAGE 4 SUPPLÉMENTAIRE (2)" in texts[5] and "PAGE 5 SUPPLÉMENTAIRE (2)" in texts[7]
