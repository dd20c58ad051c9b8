"""A peak hour on one server core: citizens thinking 1-3 s between pages, from home to ticket.

Run: python bench/peak_hour.py [--citizens 100,200,300,400,500] [--seconds 30] [--ramp 10]
                               [--databases sqlite,postgres] [--serving now|before]

For each database (SQLite in a temporary folder; PostgreSQL at VENTANILLA_TEST_POSTGRES or
127.0.0.1:5432 in a throw-away database) and each number of citizens, on a fresh demo court:

- gunicorn with 4 workers pinned to core 0 (`taskset -c 0`): "now" with this tree's
  settings (deploy/gunicorn.conf.py, what the Procfile runs), "before" with main's sync
  workers. Mail is queued (JOBS_IMMEDIATE off) as in production; no worker sends it;
- the citizens (bench/peak_hour_citizens.py, gevent) pinned to core 1 (`taskset -c 1`):
  home, the fee result page, then the whole booking journey without JavaScript, every form
  posted with its CSRF token and the anti-bot answer; started evenly over --ramp seconds,
  then measured for --seconds.

Prints, per database and number of citizens, a table of pages x requests, p50, p95 and
errors, then the capacity curve (citizens, req/s, p50, p95 of all requests, errors,
journeys completed and failed). Goal: 500 citizens with p95 <= 200 ms and no errors.
Needs taskset (util-linux) and two cores. About 1 minute per step.
"""

import argparse
import json
import logging
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

import common

from tests import live_server

HERE = Path(__file__).resolve().parent
TARGET_P95_MS = 200
WORKERS = 4


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[max(0, round(share * len(ordered)) - 1)] if ordered else float("nan")


class Engine:
    """A demo court built once, and a fresh copy of it for every step."""

    def __init__(self, name: str, folder: Path):
        self.name, self.folder = name, folder
        self.admin = None
        if name == "sqlite":
            self.template = folder / "template.db"
            live_server.prepare_database(f"sqlite:///{self.template}")
            raise_quotas()
        else:
            import psycopg2

            from tests.postgres import ADMIN_URL

            self.admin = psycopg2.connect(ADMIN_URL, connect_timeout=3)
            self.admin.autocommit = True
            self.template = f"bench_peak_{uuid.uuid4().hex[:8]}"
            self._sql(f'CREATE DATABASE "{self.template}"')
            live_server.prepare_database(self._url(self.template))
            raise_quotas()
        from db import database

        logging.getLogger().setLevel(logging.WARNING)  # the migrations' INFO lines
        database.obj.close_all()  # a template database must have no connection
        self.copies = []

    def _sql(self, statement: str) -> None:
        with self.admin.cursor() as cursor:
            cursor.execute(statement)

    def _url(self, name: str) -> str:
        from tests.postgres import database_url

        return database_url(name)

    def fresh(self) -> str:
        if self.name == "sqlite":
            path = self.folder / f"court-{len(self.copies)}.db"
            shutil.copyfile(self.template, path)
            self.copies.append(path)
            return f"sqlite:///{path}"
        name = f"{self.template}_{len(self.copies)}"
        self._sql(f'CREATE DATABASE "{name}" TEMPLATE "{self.template}"')
        self.copies.append(name)
        return self._url(name)

    def drop(self) -> None:
        if self.admin is not None:
            for name in [*self.copies, self.template]:
                self._sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            self.admin.close()


def raise_quotas() -> None:
    """Every simulated citizen comes from 127.0.0.1: raise the booking quotas as an
    administrator would for a kiosk, or the address quota ends the journeys after 20."""
    from db import database
    from domain.quotas import HIGHEST, QUOTAS
    from models import Setting

    with database.connection_context():
        for quota in QUOTAS:
            Setting.write(quota.name, str(HIGHEST))


def start_server(url: str, folder: Path, serving: str):
    env = live_server.app_env(url, folder)
    env["JOBS_IMMEDIATE"] = "false"  # production queues the mail for the worker
    env["JOBS_DATABASE"] = str(folder / f"jobs-{uuid.uuid4().hex[:6]}.db")
    env["CLOCK_OFFSET_SECONDS"] = "0"
    if serving == "now":
        settings = ("--config", "deploy/gunicorn.conf.py")
    else:
        settings = ("--worker-class", "sync")
    return live_server.start(
        env=env,
        log=folder / "gunicorn.log",
        workers=WORKERS,
        extra_args=(*settings, "--log-level", "warning"),
        wait_for_workers=False,
        prefix=("taskset", "-c", "0"),
        timeout=90,
    )


def cpu_seconds(pid: int) -> float:
    """CPU time (user + system) used so far by a process and its children still running: the
    gunicorn master and its workers. Linux only (/proc)."""
    total, pending = 0.0, [pid]
    while pending:
        current = pending.pop()
        try:
            fields = Path(f"/proc/{current}/stat").read_text().rsplit(")", 1)[1].split()
            total += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
            for task in Path(f"/proc/{current}/task").iterdir():
                pending += [int(c) for c in (task / "children").read_text().split()]
        except (FileNotFoundError, ProcessLookupError):
            continue  # it ended meanwhile
    return total


def _children_cpu() -> float:
    """CPU time of this script's finished children: the citizens' process, once it ended."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def step(engine: Engine, citizens: int, args) -> dict:
    server = start_server(engine.fresh(), engine.folder, args.serving)
    try:
        citizens_script = str(HERE / "peak_hour_citizens.py")
        load = [server.url, str(citizens), str(args.ramp), str(args.seconds)]
        command = ["taskset", "-c", "1", sys.executable, citizens_script, *load]
        cpu_before, own_before = cpu_seconds(server.process.pid), _children_cpu()
        started = time.monotonic()
        result = subprocess.run(command, capture_output=True, text=True, check=False)
        cpu = cpu_seconds(server.process.pid) - cpu_before
        load_cpu, wall = _children_cpu() - own_before, time.monotonic() - started
        if result.returncode != 0:
            raise SystemExit(f"the citizens failed:\n{result.stderr[-3000:]}")
        outcome = json.loads(result.stdout.strip().splitlines()[-1])
        return {**outcome, "server_cpu": cpu, "load_cpu": load_cpu, "wall": wall}
    finally:
        server.stop()


def print_step(engine: str, citizens: int, outcome: dict, seconds: float) -> dict:
    samples = outcome["samples"]
    every = [ms for rows in samples.values() for ms, _ in rows]
    errors = sum(1 for rows in samples.values() for _, ok in rows if not ok)
    print(f"\n{engine}, {citizens} citizens ({len(every)} requests in {seconds:g} s)")
    print(f"  {'page':<28} {'requests':>8} {'p50 ms':>8} {'p95 ms':>8} {'errors':>7}")
    for label in sorted(samples):
        times = [ms for ms, _ in samples[label]]
        failed = sum(1 for _, ok in samples[label] if not ok)
        print(
            f"  {label:<28} {len(times):>8} {statistics.median(times):>8.0f} "
            f"{percentile(times, 0.95):>8.0f} {failed:>7}"
        )
    for reason, count in outcome["failures"].items():
        print(f"  failed journey x{count}: {reason}")
    # The server's own CPU (master and workers, all pinned to core 0) over every request of
    # the step, ramp included: what one request costs the core, whatever the load.
    served = outcome.get("requests") or 0
    cpu_ms = outcome["server_cpu"] * 1000 / served if served else float("nan")
    print(
        f"  server CPU: {outcome['server_cpu']:.1f} s for {served} requests = {cpu_ms:.2f} ms a "
        f"request (one core: at most {1000 / cpu_ms:.0f} req/s)"
    )
    # The citizens run on one core too: when they use most of it, their own queue adds to
    # the times measured, and the step says more about the load generator than the server.
    busy = outcome["load_cpu"] / outcome["wall"]
    print(
        f"  load generator: {busy:.0%} of its core"
        + ("  (near saturation: the times include its own delays)" if busy > 0.8 else "")
    )
    return {
        "cpu_ms": cpu_ms,
        "citizens": citizens,
        "rps": len(every) / seconds,
        "p50": statistics.median(every) if every else float("nan"),
        "p95": percentile(every, 0.95),
        "errors": errors,
        "journeys": outcome["journeys"],
        "failed": outcome["failed"],
    }


def print_curve(engine: str, curve: list[dict]) -> None:
    print(f"\nCapacity curve, {engine} ({WORKERS} workers on one core; target p95 <= 200 ms)")
    print(
        f"  {'citizens':>8} {'req/s':>7} {'p50 ms':>7} {'p95 ms':>7} {'errors':>7} "
        f"{'journeys':>8} {'failed':>7} {'CPU ms/req':>10}"
    )
    for r in curve:
        verdict = "ok" if r["p95"] <= TARGET_P95_MS and not r["errors"] else "over"
        print(
            f"  {r['citizens']:>8} {r['rps']:>7.1f} {r['p50']:>7.0f} {r['p95']:>7.0f} "
            f"{r['errors']:>7} {r['journeys']:>8} {r['failed']:>7} {r['cpu_ms']:>10.2f}  {verdict}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--citizens", default="100,200,300,400,500")
    parser.add_argument("--seconds", type=float, default=30, help="measured, per step")
    parser.add_argument("--ramp", type=float, default=10, help="citizens start over this")
    parser.add_argument("--databases", default="sqlite,postgres")
    parser.add_argument("--serving", choices=("now", "before"), default="now")
    args = parser.parse_args()
    if not shutil.which("taskset") or (os.cpu_count() or 1) < 2:
        raise SystemExit("needs taskset and two cores")
    print(common.cpu_check())
    print(f"Load average before: {os.getloadavg()[0]:.2f} (anything else running skews this).")
    print(
        f"Serving: {args.serving}; citizens {args.citizens}; ramp {args.ramp:g} s, measured "
        f"{args.seconds:g} s per step."
    )
    curves = {}
    for name in args.databases.split(","):
        with tempfile.TemporaryDirectory(prefix="bench-peak-") as folder:
            engine = Engine(name, Path(folder))
            try:
                curves[name] = [
                    print_step(name, n, step(engine, n, args), args.seconds)
                    for n in map(int, args.citizens.split(","))
                ]
            finally:
                engine.drop()
    for name, curve in curves.items():
        print_curve(name, curve)


if __name__ == "__main__":
    main()
