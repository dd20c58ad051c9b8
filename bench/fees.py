"""The fee calculator under gunicorn: requests per second and latency of the result page and of
the kiosk's JSON API, and the size of a whole year's fee table as the kiosk downloads it.

Run: python bench/fees.py [--seconds 10] [--requests N] [--concurrency 32] [--workers 4]
Needs ApacheBench:  apt-get install -y apache2-utils

What it does:
 1. builds a demo database (SQLite, in a temporary folder; it ships the 2024-2026 tables);
 2. starts Ventanilla with gunicorn on 127.0.0.1 (same settings as throughput.py);
 3. checks each URL answers 200 with the expected total, so ab measures the calculation and
    not an error page;
 4. runs `ab -k -c 32` on each: a warm-up, then a measured run of about --seconds;
 5. prints req/s, p50 and p95, then the raw and gzip bytes of /api/aranceles/tabla/<year>
    for every year and of /api/aranceles/opciones. Nothing is asserted.

The result page and the API need no cookie: every answer is in the query string.
"""

import argparse
import gzip
import json
import logging
import os
import shutil
import sys
import tempfile
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import common  # puts the repository on sys.path
import throughput

from tests import live_server

CASE = {
    "act": "ofrecimiento_pruebas",
    "process": "civil",
    "role": "demandante",
    "person": "natural",
    "cuantia": "60000",
    "day": "2026-03-02",
    "situations": "",
    "parties": "3",
    "instance": "especializado",
    "quantity": "1",
}
QUERY = urllib.parse.urlencode(CASE)
# The API names the page link's "cuantia" "amount" (its parameters are English).
API_QUERY = urllib.parse.urlencode(
    {("amount" if k == "cuantia" else k): v for k, v in CASE.items()}
)
MEASURED = {
    "result page (HTML)": ("/aranceles/resultado?" + QUERY, "Total a pagar: S/ 98.40"),
    "JSON API calcular": ("/api/aranceles/calcular?" + API_QUERY, '"total":"98.40"'),
    "JSON API tabla/2026": ("/api/aranceles/tabla/2026", '"year":2026'),
}
GZIP_LEVEL = 6  # what nginx sends with gzip_comp_level 6 (see README.md)


def fetch(url: str) -> tuple[int, bytes]:
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    try:
        with opener.open(url, timeout=30) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def check(base: str) -> None:
    """Exit unless each measured URL gives 200 and the expected figure."""
    for name, (path, expected) in MEASURED.items():
        status, body = fetch(base + path)
        if status != 200 or expected.encode() not in body:
            raise SystemExit(f"{name}: GET {path} gave {status} without {expected!r}")
        print(f"Check: {name} -> 200, {len(body)} bytes, contains {expected!r}")


def sizes(base: str) -> list[tuple[str, int, int]]:
    status, body = fetch(base + "/api/aranceles/opciones")
    years = json.loads(body)["years"] if status == 200 else []
    rows = []
    for path in [f"/api/aranceles/tabla/{year}" for year in years] + ["/api/aranceles/opciones"]:
        status, body = fetch(base + path)
        if status == 200:
            rows.append((path, len(body), len(gzip.compress(body, GZIP_LEVEL))))
    return rows


def measure(args, folder: Path, log: Path) -> tuple[dict, list]:
    database_url = f"sqlite:///{folder / 'court.db'}"
    logging.getLogger("peewee.migrations").setLevel(logging.WARNING)  # noise here
    live_server.prepare_database(database_url)
    env = live_server.app_env(database_url, folder)
    server = throughput.start_gunicorn("app:create_app()", live_server.REPO, args.workers, env, log)
    try:
        check(server.url)
        runs = {
            name: throughput.benchmark(server.url + path, args)
            for name, (path, _) in MEASURED.items()
        }
        return runs, sizes(server.url)
    finally:
        server.stop()


def report(runs: dict, table_sizes: list) -> None:
    print()
    print(
        f"  {'':<22} {'requests':>8} {'req/s':>8} {'p50 ms':>7} {'p95 ms':>7} {'failed':>7} "
        f"{'non-2xx':>8}"
    )
    for name, r in runs.items():
        print(
            f"  {name:<22} {r['complete']:>8} {r['rps']:>8.1f} {r['p50']:>7} {r['p95']:>7} "
            f"{r['failed']:>7} {r['non_2xx']:>8}"
        )
    if any(r["failed"] or r["non_2xx"] for r in runs.values()):
        print("Some requests failed or were not 2xx: the figures above are suspect.")
    print()
    print(f"  {'JSON the kiosk caches':<32} {'raw bytes':>10} {'gzip bytes':>11}")
    for path, raw, packed in table_sizes:
        print(f"  {path:<32} {raw:>10} {packed:>11}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=10, help="length of each measured run")
    parser.add_argument("--requests", type=int, help="fixed -n for every run (overrides --seconds)")
    parser.add_argument("--warmup", type=int, default=500, help="warm-up requests per URL")
    parser.add_argument("--concurrency", type=int, default=32)
    parser.add_argument("--workers", type=int, default=4, help="gunicorn workers")
    args = parser.parse_args()
    if not shutil.which("ab"):
        raise SystemExit("ab not found: apt-get install -y apache2-utils")
    print(
        f"Machine: {os.cpu_count()} CPU cores, shared by the gunicorn workers and ab; "
        f"load average {os.getloadavg()[0]:.2f} before the run."
    )
    print(common.cpu_check())
    length = f"-n {args.requests}" if args.requests else f"-n N (about {args.seconds:g} s)"
    settings = " ".join(throughput.gunicorn_settings(args.workers))
    print(
        f"gunicorn {settings}; ab -k -c {args.concurrency} {length} after a "
        f"{args.warmup}-request warm-up."
    )
    with tempfile.TemporaryDirectory(prefix="bench-fees-") as name:
        folder = Path(name)
        log = folder / "gunicorn.log"
        try:
            runs, table_sizes = measure(args, folder, log)
        except SystemExit:
            if log.exists():
                print(f"gunicorn log:\n{log.read_text()}", file=sys.stderr)
            raise
    report(runs, table_sizes)


if __name__ == "__main__":
    main()
