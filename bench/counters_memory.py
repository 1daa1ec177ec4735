"""Peak memory of `import-counters` for a large CSV (default 1,000,000 lines).

The file is generated in a temporary folder (and deleted), imported with the
command line into a copy of the communes database, and the peak resident
memory of that process is printed. Run: `.venv/bin/python bench/counters_memory.py [LINES]`.
"""

import csv
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LINES = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
COLUMNS = ["nom", "type", "adresse", "code_postal", "ville", "code_commune", "horaires",
           "telephone", "email", "site", "accessible"]


def main():
    instance = Path(os.environ.get("LOGEMENT_INSTANCE_PATH", ROOT / "instance"))
    with tempfile.TemporaryDirectory(prefix="logement-counters-") as folder:
        folder = Path(folder)
        (folder / "instance").mkdir()
        shutil.copyfile(instance / "places.sqlite3", folder / "instance" / "places.sqlite3")
        big = folder / "counters.csv"
        with big.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(COLUMNS)
            for n in range(LINES):
                writer.writerow([f"Guichet n°{n}", "bailleur_social", f"{n} rue de Paris",
                                 "71000", "Mâcon", "71270", "lundi 9:00-12:00",
                                 "03 85 00 00 00", "", "", "oui"])
        size = big.stat().st_size
        started = time.perf_counter()
        result = subprocess.run(
            [str(Path(sys.executable).with_name("flask")), "--app", "logement",
             "import-counters", str(big)],
            env={**os.environ, "LOGEMENT_INSTANCE_PATH": str(folder / "instance")},
            capture_output=True, text=True, cwd=ROOT)
        elapsed = time.perf_counter() - started
        peak_kib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    print(result.stdout.strip() or result.stderr.strip()[-500:])
    print(f"import-counters: {LINES:,} lines ({size / 1e6:.0f} MB), peak memory "
          f"{peak_kib / 1024:.0f} MiB, {elapsed:.0f} s")


if __name__ == "__main__":
    main()
