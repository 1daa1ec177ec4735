"""Write tests/data/commune_queries.tsv: 1,000 realistic commune searches.

Run once (the file is committed, so the set stays fixed):
`.venv/bin/python bench/make_queries.py`. Each line: what a person types, the kind
of query and the INSEE code of the commune they mean. Communes are drawn in
proportion to their population (people search where people live), with a fixed seed.
"""

import csv
import os
import random
import sys
import unicodedata
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "tests" / "data" / "commune_queries.tsv"
sys.path.insert(0, str(ROOT / "site"))

from logement.storage import PlacesStore  # noqa: E402

# kind: share of the 1,000 queries
KINDS = {"accents": 150, "plain": 150, "prefix": 150, "saint": 100, "homonym": 100,
         "postcode": 150, "no_article": 50, "typo": 150}
VOWELS = "aeiouy"


def plain(name):
    text = unicodedata.normalize("NFKD", name.replace("œ", "oe").replace("Œ", "Oe"))
    return "".join(c for c in text if not unicodedata.combining(c)).lower().replace("-", " ")


def typo(text, rng):
    """One slip of the fingers: a letter dropped, doubled, swapped or a vowel changed."""
    letters = [i for i, c in enumerate(text) if c.isalpha()]
    i = rng.choice(letters[1:] or letters)
    slip = rng.choice(("drop", "double", "swap", "vowel"))
    if slip == "drop":
        return text[:i] + text[i + 1:]
    if slip == "double":
        return text[:i] + text[i] + text[i:]
    if slip == "swap" and i + 1 < len(text) and text[i + 1].isalpha():
        return text[:i] + text[i + 1] + text[i] + text[i + 2:]
    if text[i] in VOWELS:
        return text[:i] + rng.choice([v for v in VOWELS if v != text[i]]) + text[i + 1:]
    return text[:i] + text[i + 1:]


def main():
    places_db = Path(os.environ.get("LOGEMENT_INSTANCE_PATH", ROOT / "instance")) / "places.sqlite3"
    rows = list(PlacesStore(places_db).db.query(
        "select code, name, postcodes, population from communes where kind = 'COM'"))
    rng = random.Random(16)
    weights = [max(r["population"], 1) for r in rows]
    same_name = Counter(r["name"] for r in rows)
    pools = {
        "saint": [r for r in rows if r["name"].startswith(("Saint-", "Sainte-"))],
        "homonym": [r for r in rows if same_name[r["name"]] > 1],
        "no_article": [r for r in rows if r["name"].startswith(("Le ", "La ", "Les "))],
        "postcode": [r for r in rows if r["postcodes"]],
    }
    queries = []
    for kind, count in KINDS.items():
        pool = pools.get(kind, rows)
        pool_weights = [max(r["population"], 1) for r in pool] if kind in pools else weights
        for row in rng.choices(pool, pool_weights, k=count):
            name = row["name"]
            if kind == "accents":
                typed = name
            elif kind in ("plain", "homonym"):
                typed = plain(name)
            elif kind == "prefix":
                typed = plain(name)[:rng.randint(4, 8)].strip()
            elif kind == "saint":
                typed = plain(name).replace("saint ", "st ").replace("sainte ", "ste ")
            elif kind == "postcode":
                typed = rng.choice(row["postcodes"].split())
            elif kind == "no_article":
                typed = plain(name.split(" ", 1)[1])
            else:
                typed = typo(plain(name), rng)
            queries.append((typed, kind, row["code"]))
    OUT.parent.mkdir(parents=True, exist_ok=True)
    with OUT.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out, delimiter="\t", lineterminator="\n")
        writer.writerow(("typed", "kind", "commune"))
        writer.writerows(queries)
    print(f"{OUT}: {len(queries)} queries")


if __name__ == "__main__":
    main()
