"""Commune search on indexes finds at least what the former full scan found, on the
fixed set of realistic queries (tests/data/commune_queries.tsv), and more: typos."""

import bisect
import csv
import itertools
import re
from pathlib import Path

import pytest

from conftest import Browser
from htmlcheck import text
from logement import get_places
from logement.directory import find_communes, parse_query
from logement.storage import PlacesStore

QUERIES = Path(__file__).parent / "data" / "commune_queries.tsv"


@pytest.fixture(scope="module")
def places(places_db):
    opened = PlacesStore(places_db, read_only=True)
    yield opened
    opened.close()


def rank(communes, code):
    codes = [c["code"] for c in communes]
    return codes.index(code) if code in codes else None


class Scan:
    """The former search (PlacesStore.scan_by_name: LIKE '%key%', exact names first,
    then prefixes, then by population) in Python, fast enough for 1,000 queries."""

    def __init__(self, names):
        self.names = names
        self.text = "\n".join(name for _, name, _ in names)
        self.starts = list(itertools.accumulate((len(n) + 1 for _, n, _ in names), initial=0))

    def __call__(self, key):
        found = [self.names[bisect.bisect_right(self.starts, m.start()) - 1]
                 for m in re.finditer(re.escape(key), self.text)]
        found = sorted(set(found), key=lambda n: (n[1] != key, not n[1].startswith(key),
                                                  -n[2], n[0]))
        return [{"code": code} for code, _, _ in found[:30]]


def test_the_python_scan_is_the_former_search(places):
    scan = Scan(places.search_names())
    for key in ("saint denis", "paris", "le havre", "sur", "ville", "y", "lille"):
        assert [c["code"] for c in scan(key)] == \
            [c["code"] for c in places.scan_by_name(key)], key


def test_indexed_search_finds_what_the_scan_found_at_the_same_rank_or_better(places):
    with QUERIES.open(encoding="utf-8", newline="") as source:
        queries = list(csv.DictReader(source, delimiter="\t"))
    assert len(queries) == 1000
    kinds = {q["kind"] for q in queries}
    assert kinds == {"accents", "plain", "prefix", "saint", "homonym", "postcode",
                     "no_article", "typo"}
    scan = Scan(places.search_names())
    found = {"scan": 0, "indexed": 0}
    worse = []
    for query in queries:
        key = parse_query(query["typed"]).name
        if key is None:  # postal codes: the same index lookup for both
            continue
        before = rank(scan(key), query["commune"])
        after = rank(places.by_name(key), query["commune"])
        found["scan"] += before is not None
        found["indexed"] += after is not None
        if before is not None and (after is None or after > before):
            worse.append((query["typed"], before, after))
    assert worse == []
    assert found["indexed"] > found["scan"]  # typos are found now


def test_same_list_as_the_scan_for_broad_and_short_keys(places):
    for key in ("saint", "sur", "la", "eu", "y", "ville", "marseille", "saint etienne"):
        assert [c["code"] for c in places.by_name(key)] == \
            [c["code"] for c in places.scan_by_name(key)], key


@pytest.mark.parametrize("typed, meant", [
    ("Aubervilier", "Aubervilliers"), ("Monpellier", "Montpellier"), ("Lile", "Lille"),
    ("Saint-Etiene", "Saint-Étienne"), ("villeurbane", "Villeurbanne"), ("Bordaux", "Bordeaux")])
def test_one_slip_still_finds_the_commune_first(places, typed, meant):
    communes, error = find_communes(places, typed)
    assert error is None and communes[0]["name"] == meant


def test_a_name_far_from_every_commune_finds_nothing(places):
    communes, error = find_communes(places, "Xyzzyville")
    assert communes == [] and "Aucune commune" in str(error)


def test_typo_on_the_public_page(places_app):
    person = Browser(places_app.test_client())
    page = person.get("/guichets/?q=Marseile")
    assert [text(a) for a in page.select(".results a")][0] == "Marseille"


def test_places_are_opened_once_per_worker_and_read_only(places_app):
    with places_app.test_request_context():
        first = get_places()
    with places_app.test_request_context():
        assert get_places() is first
    with pytest.raises(Exception, match="readonly"):
        first.db.execute("delete from communes")
