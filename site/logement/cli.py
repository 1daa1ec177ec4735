"""Command-line entries: `flask --app logement purge-stale` (or `logement purge-stale`)."""

import datetime as dt

import click
from flask.cli import FlaskGroup


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


def main():
    from . import create_app

    FlaskGroup(create_app=create_app)()
