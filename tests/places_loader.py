"""`load-places` into a folder of its own: the communes of a test run.

conftest.py runs this file as a process of its own at the start of a parallel run: it
imports the site alone, not the tests' helpers (0.3 s of CPU, while the workers
start, that they would share)."""

import os
import sys
from pathlib import Path

from logement import create_app

ROOT = Path(__file__).resolve().parents[1]


def load_places(instance: Path):
    instance.mkdir(exist_ok=True)
    cache = Path(os.environ.get("LOGEMENT_INSTANCE_PATH", ROOT / "instance")) / "cache"
    app = create_app({"TESTING": True, "DATA_CACHE": str(cache),
                      "PLACES_DATABASE": str(instance / "places.sqlite3"),
                      "DATABASE": str(instance / "logement.sqlite3")})
    result = app.test_cli_runner().invoke(args=["load-places"])
    assert result.exit_code == 0, result.output
    (instance / "loaded").touch()


if __name__ == "__main__":
    load_places(Path(sys.argv[1]))
