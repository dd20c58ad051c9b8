"""Do ten waiting-room boards polling every second slow down the citizens' pages?

Run: python bench/boards_load.py [--boards 10] [--plain 3] [--citizens 8] [--seconds 4]
                                 [--rounds 8]

On the demo court (SQLite, temporary folder), the app as bench/peak_hour.py starts it: gunicorn
with deploy/gunicorn.conf.py (gevent workers, as the Procfile), 4 workers pinned to core 0;
this script pinned to core 1. A walk over HTTP up to the slot page gives the citizens their
session cookie. Then, in turns (--rounds times, --seconds each, so a busy moment of the
machine falls on both alike):

- "no boards": --citizens connections ask, one request after another with no pause, for the
  slot page (GET /citas/hora, the page bench/throughput.py and page_cpu.py measure) and the
  app's floor (/api/salud) in turn: the server's core is saturated, so any CPU the boards took
  would show as fewer citizens' requests per second and slower answers;
- "boards": the same, while --boards boards poll /api/sedes/alzamora/tablero every second
  with If-None-Match, as kiosk/tablero.js does, and --plain more poll without it (an old or
  hand-made client: 200 and the JSON every time); a call is made every 4 s (the use case, in
  this process), so the boards also get their 200 answers.

Then, with no citizens, the server's CPU (its processes in /proc) for 10 s idle, 10 s with
only the boards polling, and 10 s with as many clients asking for /api/salud at the same
rhythm: what the boards cost by themselves, and next to the floor.

Prints per phase and page: requests, req/s, p50, p95; the ratio boards / no boards for the slot
page and the floor (the issue: ten boards must leave citizens' pages as fast as before); the
boards' answers (304 / 200) and their own p50 / p95; and the CPU the boards cost. On a
shared machine (see bench/README.md) the citizens' figures move by 10 % or more from one
phase to the next whatever the boards do; the CPU the boards cost alone is the steady figure.
"""

import argparse
import http.client
import os
import statistics
import tempfile
import threading
import time
from pathlib import Path

import common
from board_latency import SEDE, Desk, percentile
from peak_hour import cpu_seconds, start_server
from throughput import HttpBrowser, check_slot_page

from tests import live_server

SLOT_PAGE = "/citas/hora"
FLOOR = "/api/salud"
BOARD = f"/api/sedes/{SEDE}/tablero"
CALL_EVERY = 4.0  # seconds between calls while boards poll
TOLERANCE = 1.10  # "as fast as before": within 10 %, the noise of a shared machine
ALONE_SECONDS = 10  # the boards' own cost, with no citizens
HEADERS = {"Accept-Encoding": "gzip, deflate, br, zstd"}
CONDITIONAL, PLAIN = "board (If-None-Match)", "board (no ETag)"
FLOOR_POLL = "/api/salud every 1 s"


class Recorder:
    """Every answer, by phase and kind: (milliseconds, status)."""

    def __init__(self):
        self.phase = "warm-up"
        self.lock = threading.Lock()
        self.rows: dict[tuple[str, str], list[tuple[float, int]]] = {}

    def add(self, kind: str, took: float, status: int, phase: str) -> None:
        with self.lock:
            self.rows.setdefault((phase, kind), []).append((took, status))

    def of(self, phase: str, kind: str) -> list[tuple[float, int]]:
        return self.rows.get((phase, kind), [])


def timed_get(connection, path: str, headers: dict) -> tuple[float, int, str | None]:
    start = time.perf_counter()
    try:
        connection.request("GET", path, headers=headers)
        response = connection.getresponse()
    except (http.client.RemoteDisconnected, ConnectionError):
        # The server closed a connection left idle past its keep-alive (20 s): a browser
        # opens another one and asks again, and so does this.
        connection.close()
        connection.request("GET", path, headers=headers)
        response = connection.getresponse()
    response.read()
    return (time.perf_counter() - start) * 1000, response.status, response.getheader("ETag")


def citizen(port: int, cookie: str, recorder: Recorder, running: threading.Event, stop) -> None:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    headers = {**HEADERS, "Cookie": cookie}
    turn = 0
    while not stop.is_set():
        if not running.wait(0.1):
            continue
        path = (SLOT_PAGE, FLOOR)[turn % 2]
        turn += 1
        phase = recorder.phase
        took, status, _ = timed_get(connection, path, headers)
        recorder.add(path, took, status, phase)


def poller(port: int, kind: str, offset: float, recorder: Recorder, running, stop) -> None:
    """A board: one request a second on its own kept-alive connection, as the browser does
    (kind "floor": the same rhythm on /api/salud, to compare their cost)."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    path = FLOOR if kind == FLOOR_POLL else BOARD
    etag = None
    time.sleep(offset)  # the boards were not switched on at the same instant
    while not stop.is_set():
        if not running.wait(0.1):
            continue
        started = time.monotonic()
        headers = {"Accept": "application/json"}
        if kind == CONDITIONAL and etag:
            headers["If-None-Match"] = etag
        phase = recorder.phase
        took, status, tag = timed_get(connection, path, headers)
        if status == 200:
            etag = tag
        recorder.add(kind, took, status, phase)
        time.sleep(max(0.0, 1.0 - (time.monotonic() - started)))


def summary(samples: list[tuple[float, int]], seconds: float) -> dict:
    times = [ms for ms, _ in samples]
    return {
        "requests": len(times),
        "rps": len(times) / seconds,
        "p50": statistics.median(times),
        "p95": percentile(times, 0.95),
        "errors": sum(1 for _, status in samples if status >= 400),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--boards", type=int, default=10, help="boards with If-None-Match")
    parser.add_argument("--plain", type=int, default=3, help="boards without an ETag")
    parser.add_argument("--citizens", type=int, default=8, help="citizens' connections")
    parser.add_argument("--seconds", type=float, default=4, help="length of each phase")
    parser.add_argument("--rounds", type=int, default=8, help="turns of no boards / boards")
    args = parser.parse_args()
    os.sched_setaffinity(0, {1})  # the server has core 0 (taskset in start_server)
    print(common.cpu_check())
    with tempfile.TemporaryDirectory(prefix="bench-boards-") as name:
        folder = Path(name)
        database_url = f"sqlite:///{folder / 'court.db'}"
        live_server.prepare_database(database_url)
        desk = Desk(database_url, tickets=400)
        for _ in range(6):  # a board with its six latest calls
            desk.close_open_ticket()
            desk.call_next()
        server = start_server(database_url, folder, "now")
        try:
            report = run(server, desk, args)
        finally:
            server.stop()
    print_report(report, args)


def run(server, desk: Desk, args) -> dict:
    browser = HttpBrowser(server.url)
    common.walk_to(browser, SLOT_PAGE)
    cookie = browser.cookie("session")
    slots, size = check_slot_page(server.url, cookie)
    print(f"Check: {SLOT_PAGE} -> 200, {slots} times offered, {size} bytes of HTML.")
    recorder, stop = Recorder(), threading.Event()
    citizens_on, boards_on, floor_on = threading.Event(), threading.Event(), threading.Event()
    threads = [
        threading.Thread(
            target=citizen, args=(server.port, cookie, recorder, citizens_on, stop), daemon=True
        )
        for _ in range(args.citizens)
    ]
    count = args.boards + args.plain
    kinds = [CONDITIONAL] * args.boards + [PLAIN] * args.plain
    threads += [
        threading.Thread(
            target=poller,
            args=(server.port, kind, n / count, recorder, boards_on, stop),
            daemon=True,
        )
        for n, kind in enumerate(kinds)
    ]
    threads += [
        threading.Thread(
            target=poller,
            args=(server.port, FLOOR_POLL, n / count, recorder, floor_on, stop),
            daemon=True,
        )
        for n in range(count)
    ]
    for thread in threads:
        thread.start()

    def phase(name: str, seconds: float, *switched_on: threading.Event) -> float:
        recorder.phase = name
        for event in (citizens_on, boards_on, floor_on):
            (event.set if event in switched_on else event.clear)()
        cpu, started = cpu_seconds(server.process.pid), time.monotonic()
        next_call = started + 1.0  # a call early in each phase: the boards get a 200
        while time.monotonic() - started < seconds:
            if boards_on.is_set() and time.monotonic() >= next_call:
                desk.close_open_ticket()
                desk.call_next()
                next_call += CALL_EVERY
            time.sleep(0.05)
        return cpu_seconds(server.process.pid) - cpu

    phase("warm-up", args.seconds, citizens_on, boards_on, floor_on)
    server_cpu = {"no boards": 0.0, "boards": 0.0}
    ratios = []  # per round: the slot page's requests with boards / without
    for round_ in range(args.rounds):
        counts = {}
        order = ("no boards", "boards") if round_ % 2 == 0 else ("boards", "no boards")
        for name in order:  # in turns, so a drift of the machine weighs on both alike
            before = len(recorder.of(name, SLOT_PAGE))
            switched = (citizens_on, boards_on) if name == "boards" else (citizens_on,)
            server_cpu[name] += phase(name, args.seconds, *switched)
            counts[name] = len(recorder.of(name, SLOT_PAGE)) - before
        ratios.append(counts["boards"] / max(1, counts["no boards"]))
    phase("pause", 1.5)  # the citizens' last requests answered
    idle_cpu = phase("idle", ALONE_SECONDS)
    boards_cpu = phase("boards alone", ALONE_SECONDS, boards_on)
    floor_cpu = phase("floor alone", ALONE_SECONDS, floor_on)
    stop.set()
    for thread in threads:
        thread.join(timeout=5)
    return {
        "recorder": recorder,
        "server_cpu": server_cpu,
        "ratios": ratios,
        "idle_cpu": idle_cpu,
        "boards_cpu": boards_cpu,
        "floor_cpu": floor_cpu,
    }


def print_report(report: dict, args) -> None:
    recorder: Recorder = report["recorder"]
    measured = args.seconds * args.rounds
    print(
        f"\n{args.citizens} citizens' connections without pause, "
        f"{args.rounds} x {args.seconds:g} s per phase; boards: {args.boards} with "
        f"If-None-Match + {args.plain} without, every 1 s."
    )
    print(
        f"{'phase':<10} {'page':<24} {'requests':>8} {'req/s':>7} {'p50 ms':>7} {'p95 ms':>7} err"
    )
    tables = {}
    for phase in ("no boards", "boards"):
        for kind in (SLOT_PAGE, FLOOR, CONDITIONAL, PLAIN):
            samples = recorder.of(phase, kind)
            if not samples:
                continue
            row = tables[(phase, kind)] = summary(samples, measured)
            print(
                f"{phase:<10} {kind:<24} {row['requests']:>8} {row['rps']:>7.1f} "
                f"{row['p50']:>7.1f} {row['p95']:>7.1f} {row['errors']:>3}"
            )
    print()
    for kind in (SLOT_PAGE, FLOOR):
        before, during = tables[("no boards", kind)], tables[("boards", kind)]
        slower = before["rps"] / during["rps"]
        verdict = "ok" if slower <= TOLERANCE and during["errors"] == 0 else "SLOWER"
        print(
            f"{kind:<12} with boards / without: req/s x{during['rps'] / before['rps']:.3f}, "
            f"p50 x{during['p50'] / before['p50']:.3f}, p95 x{during['p95'] / before['p95']:.3f}"
            f"  (as fast as before, within {TOLERANCE - 1:.0%}: {verdict})"
        )
    ratios = sorted(report["ratios"])
    print(
        f"slot page req/s with boards / without, round by round: median x"
        f"{statistics.median(ratios):.3f}, from x{ratios[0]:.3f} to x{ratios[-1]:.3f} "
        f"(how much the machine alone moves it)"
    )
    for name, cpu in report["server_cpu"].items():
        print(f"server CPU, {name}: {cpu / measured:.0%} of one core")
    polls = recorder.of("boards", CONDITIONAL)
    statuses = [status for _, status in polls]
    print(
        f"boards' conditional polls while citizens loaded the server: {len(polls)}, "
        f"answered 304: {statuses.count(304)}, 200: {statuses.count(200)}"
    )
    idle = report["idle_cpu"]
    costs = {}
    for name, kinds in (("boards", (CONDITIONAL, PLAIN)), ("floor", (FLOOR_POLL,))):
        polls = sum(len(recorder.of(f"{name} alone", kind)) for kind in kinds)
        cost = report[f"{name}_cpu"] - idle
        costs[name] = cost * 1000 / max(1, polls)
        what = "the boards" if name == "boards" else f"as many clients on {FLOOR}"
        print(
            f"{what} alone, {ALONE_SECONDS} s: {polls} requests; server CPU "
            f"{cost * 1000:.0f} ms above idle ({idle * 1000:.0f} ms), "
            f"{cost / ALONE_SECONDS:.1%} of one core, {costs[name]:.2f} ms a request"
        )
    print(f"a board's poll costs x{costs['boards'] / costs['floor']:.2f} the floor's request")


if __name__ == "__main__":
    main()
