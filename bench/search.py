"""Commune search: the indexed search against the former LIKE scan, on the fixed set
of 1,000 realistic queries in tests/data/commune_queries.tsv (bench/make_queries.py).

Prints p50/p95 per query, in process, for both, and how many queries find the
commune the person meant (anywhere in the list, and first). Run with `make bench`.
"""

import csv
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
QUERIES = ROOT / "tests" / "data" / "commune_queries.tsv"
sys.path.insert(0, str(ROOT / "site"))

from logement.directory import parse_query  # noqa: E402
from logement.storage import PlacesStore  # noqa: E402

RUNS = 3


def read_queries(path=QUERIES):
    with path.open(encoding="utf-8", newline="") as source:
        return list(csv.DictReader(source, delimiter="\t"))


def search(places, typed, by_name):
    """The communes found for what a person typed, with `by_name` for names."""
    query = parse_query(typed)
    if query.postcode:
        return places.by_postcode(query.postcode)
    if query.departement:
        return places.by_departement(query.departement)
    return by_name(query.name) if query.name else []


def percentile(values, share):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def timed(function, *args):
    """Median time in ms of RUNS calls, and the last result."""
    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        result = function(*args)
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), result


def main():
    path = Path(os.environ.get("LOGEMENT_INSTANCE_PATH", ROOT / "instance")) / "places.sqlite3"
    places = PlacesStore(path, read_only=True)
    queries = read_queries()
    engines = {"scan": places.scan_by_name, "indexed": places.by_name}
    report = {name: ([], [], 0, 0) for name in engines}
    for query in queries:  # both engines in turn, so a busy machine slows both alike
        by_name = parse_query(query["typed"]).name
        for name, engine in engines.items():
            every, names, found, first = report[name]
            ms, result = timed(search, places, query["typed"], engine)
            every.append(ms)
            if by_name:
                names.append(ms)
            codes = [c["code"] for c in result]
            report[name] = (every, names, found + (query["commune"] in codes),
                            first + (codes[:1] == [query["commune"]]))
    print(f"commune search, {len(queries)} queries ({len(report['scan'][1])} by name), "
          f"median of {RUNS} runs each, in process:")
    print(f"{'':10} {'p50 all':>8} {'p95 all':>8} {'p50 name':>9} {'p95 name':>9} "
          f"{'found':>6} {'first':>6}")
    for name, (every, names, found, first) in report.items():
        print(f"{name:10} {percentile(every, .5):8.3f} {percentile(every, .95):8.3f} "
              f"{percentile(names, .5):9.3f} {percentile(names, .95):9.3f} {found:6d} {first:6d}")
    scan, indexed = report["scan"], report["indexed"]
    ratio = percentile(scan[1], .95) / percentile(indexed[1], .95)
    print(f"p95 by name: indexed is {ratio:.1f} x faster than the scan (goal >= 10)")
    started = time.perf_counter()
    for _ in range(100):
        PlacesStore(path, read_only=True).close()
    print(f"opening the places database: {(time.perf_counter() - started) * 10:.2f} ms "
          "(now once per worker, not per request)")
    return 0 if ratio >= 10 and indexed[2] >= scan[2] else 1


if __name__ == "__main__":
    sys.exit(main())
