"""Running the service: purge, counters import, private files, schema upgrades."""

import csv
import os
import sqlite3
import stat
import tracemalloc

import pytest

from conftest import Browser, answer_pages
from logement import create_app
from logement.storage import PlacesStore


@pytest.mark.parametrize("days", ["0", "-30"])
def test_purge_refuses_a_zero_or_negative_age(app, browser, days):
    browser.start()
    result = app.test_cli_runner().invoke(args=["purge-stale", "--days", days])
    assert result.exit_code != 0
    assert "--days must be 1 or more" in result.output and "nothing was deleted" in result.output
    count = sqlite3.connect(app.config["DATABASE"]).execute(
        "select count(*) from applications").fetchone()[0]
    assert count == 1


def _mode(path):
    return stat.S_IMODE(os.stat(path).st_mode)


def test_instance_folder_databases_and_keys_are_private(tmp_path, monkeypatch):
    monkeypatch.setenv("LOGEMENT_INSTANCE_PATH", str(tmp_path / "instance"))
    old_umask = os.umask(0o022)  # a usual umask: files would be readable by all
    try:
        app = create_app({"TESTING": True})
        Browser(app.test_client()).start()
        instance = tmp_path / "instance"
        reader = sqlite3.connect(instance / "logement.sqlite3")  # while open: -wal, -shm
        reader.execute("select count(*) from applications").fetchone()
        assert _mode(instance) == 0o700
        files = [p for p in instance.iterdir() if p.is_file()]
        names = {p.name for p in files}
        assert {"logement.sqlite3", "logement.sqlite3-wal", "logement.sqlite3-shm",
                "places.sqlite3", "secret.key", "data.key"} <= names
        for path in files:
            assert _mode(path) & 0o077 == 0, (path.name, oct(_mode(path)))
    finally:
        os.umask(old_umask)


def write_counters(path, lines, bad_every=0):
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["nom", "type", "adresse", "code_postal", "ville", "code_commune",
                         "horaires", "telephone", "email", "site", "accessible"])
        for n in range(lines):
            kind = "banque" if bad_every and n % bad_every == 0 else "adil"
            writer.writerow([f"Guichet {n}", kind, f"{n} rue de Paris", "71000", "Mâcon",
                             "71270", "", "", "", "", ""])


def test_counters_import_streams_in_bounded_memory(places_app, tmp_path):
    """10,000 counters as a list would take ~10 MB; read line by line it stays small."""
    path = tmp_path / "many.csv"
    write_counters(path, 10_000)
    tracemalloc.start()
    try:
        result = places_app.test_cli_runner().invoke(args=["import-counters", str(path)])
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert result.exit_code == 0 and "10000 counter(s) imported" in result.output
    assert peak < 3 * 1024 * 1024, peak
    assert PlacesStore(places_app.config["PLACES_DATABASE"]).count("counters") >= 10_000


def test_a_file_with_many_wrong_lines_lists_the_first_ones_and_imports_nothing(
        places_app, tmp_path):
    path = tmp_path / "wrong.csv"
    write_counters(path, 300, bad_every=5)
    before = PlacesStore(places_app.config["PLACES_DATABASE"]).count("counters")
    result = places_app.test_cli_runner().invoke(args=["import-counters", str(path)])
    assert result.exit_code == 1
    assert "nothing imported, 60 error(s)" in result.output
    assert "ligne 2 : type « banque » inconnu" in result.output
    assert "… and 10 more" in result.output
    assert PlacesStore(places_app.config["PLACES_DATABASE"]).count("counters") == before
