"""CPU time per page of the booking journey and the fee result page, in-process, next to the
app's floor (/api/salud, the same cookie).

Run: python bench/page_cpu.py [--requests 200] [--profile ticket]

Flask's test client (CSRF on, like the real server), on the demo court (SQLite, temporary
folder), with the `Accept-Encoding` Chromium sends, so compression is counted. One
session walks the journey up to the review step; then each page below is asked --requests
times, the pages taking turns (one request of each, then again), so a busy moment of the
machine slows them all alike. Each request's CPU time (time.process_time) is recorded; the
table prints the median and the mean in ms and each page's median as a fraction of the
floor's, plus the floor's median as a fraction of the slot page's (issue 12 item 20 asks
for the slot page at >= 50 % of the floor's requests per second: that is this figure).

No server, no network: what is left is the app's own work per request (session, CSRF,
sign-in, queries, templates, compression, headers), not gunicorn's. About a minute.

--profile PAGE (a name from the table, or a path) prints cProfile's 40 costliest functions
(cumulative) of that page over the same number of requests instead of the table.

--uncompressed asks for every page as it is (Accept-Encoding: identity): the floor's 15-byte
answer is never compressed, the pages are, so this separates the pages' own work from
compression's.

--journeys N times instead N whole journeys as bench/peak_hour.py's citizens walk them, each a
new visitor with a new document number: home, the fee result page, then every step with its
POST (the human check answered, the booking confirmed) and each GET its 303 leads to. Prints
per request the median and mean ms, then the CPU a journey costs and its mean per request:
with the citizens' pace, what one core can hold at most (see bench/README.md).
"""

import argparse
import cProfile
import pstats
import random
import statistics
import tempfile
import time
from pathlib import Path

import common

FLOOR = "/api/salud"
SLOT_PAGE = "/citas/hora"
FEE_RESULT = (
    "/aranceles/resultado?act=ofrecimiento_pruebas&process=civil&role=demandante"
    "&person=natural&cuantia=60000&day=2026-03-02&situations=&parties=3"
    "&instance=especializado&quantity=1"
)
# What Chromium (and Chrome on Android since 2024) sends: zstd is what the app then picks.
HEADERS = {"Accept-Encoding": "gzip, deflate, br, zstd"}


def prepare(app) -> tuple[object, dict]:
    """A client whose draft is complete (every step can be shown) and the pages to time."""
    booked = common.InProcessBrowser(app)  # another citizen, for a ticket to show
    booked.client.environ_base["REMOTE_ADDR"] = "10.0.0.2"
    common.walk_to(booked, "/citas/hora")
    common.choose(booked, "/citas/hora")
    ticket = common.confirm(booked)
    if not ticket.path.startswith("/citas/ticket/"):
        raise SystemExit(f"booking did not end on a ticket: {ticket.path} ({ticket.status})")

    browser = common.InProcessBrowser(app)
    common.walk_to(browser, "/citas/hora")
    common.choose(browser, "/citas/hora")
    pages = {
        "home": "/",
        "start": "/citas/",
        "datos": "/citas/datos",
        "sede": "/citas/sede",
        "servicio": "/citas/servicio",
        "dia": "/citas/dia",
        "hora (slot page)": SLOT_PAGE,
        "revisar": "/citas/revisar",
        "ticket": ticket.path,
        "fee result": FEE_RESULT,
        "floor /api/salud": FLOOR,
    }
    for name, path in pages.items():
        response = browser.client.get(path, headers=HEADERS)
        if response.status_code != 200:
            raise SystemExit(f"{name} ({path}) answered {response.status_code}")
    slot = browser.client.get(SLOT_PAGE).get_data(as_text=True)
    if 'name="choice"' not in slot:
        raise SystemExit("the slot page did not list times")
    return browser.client, pages


def measure(client, pages: dict, requests: int) -> dict[str, list[float]]:
    for path in pages.values():  # warm-up: templates compiled, caches filled
        for _ in range(5):
            client.get(path, headers=HEADERS)
    timings = {name: [] for name in pages}
    for _ in range(requests):
        for name, path in pages.items():
            start = time.process_time()
            response = client.get(path, headers=HEADERS)
            response.get_data()
            timings[name].append((time.process_time() - start) * 1000)
    return timings


def report(timings: dict[str, list[float]]) -> None:
    floor = statistics.median(timings["floor /api/salud"])
    print(f"{'page':<18} {'median ms':>10} {'mean ms':>8} {'x floor':>8}")
    for name, values in timings.items():
        median = statistics.median(values)
        print(f"{name:<18} {median:>10.2f} {statistics.fmean(values):>8.2f} {median / floor:>8.2f}")
    slot = statistics.median(timings["hora (slot page)"])
    verdict = "ok" if floor / slot >= 0.5 else "BELOW TARGET"
    print(
        f"slot page req/s as a fraction of the floor's (floor CPU / slot CPU): "
        f"{floor / slot:.0%} (target >= 50 %: {verdict})"
    )


def profile(client, path: str, requests: int) -> None:
    for _ in range(5):
        client.get(path, headers=HEADERS)
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(requests):
        client.get(path, headers=HEADERS).get_data()
    profiler.disable()
    pstats.Stats(profiler).sort_stats("cumulative").print_stats(40)


def journeys(app, count: int) -> None:
    """CPU per request of whole journeys, POSTs and their redirects included."""
    from db import database
    from domain.quotas import HIGHEST, QUOTAS
    from models import Setting
    from tests.helpers import human_answer

    with database.connection_context():  # every visitor comes from one address, as in
        for quota in QUOTAS:  # peak_hour.py: the quotas raised as for a kiosk
            Setting.write(quota.name, str(HIGHEST))
    timings: dict[str, list[float]] = {}

    def timed(client, method: str, path: str, data=None) -> None:
        label = f"{method} {'/citas/ticket/<code>' if '/ticket/' in path else path.split('?')[0]}"
        start = time.process_time()
        response = client.open(path, method=method, data=data, headers=HEADERS)
        response.get_data()
        timings.setdefault(label, []).append((time.process_time() - start) * 1000)
        if response.status_code in (302, 303):
            timed(client, "GET", response.headers["Location"])
        elif response.status_code != 200:
            raise SystemExit(f"{method} {path} answered {response.status_code}")

    def form(client, path: str) -> str:  # the page as the citizen read it (not timed again)
        return client.get(path).get_data(as_text=True)

    for n in range(count):
        client = app.test_client()
        for path in ("/", FEE_RESULT, "/citas/", "/citas/datos"):
            timed(client, "GET", path)
        page = form(client, "/citas/datos")
        person = {
            **common.PERSON,
            "doc_number": f"{10_000_000 + n}",
            "email": f"persona{n}@example.pe",
            "csrf_token": common.csrf_token(page),
            **human_answer(page),
        }
        timed(client, "POST", "/citas/datos", person)
        for path in common.CHOICE_STEPS:
            page = form(client, path)
            choice = random.choice(common.input_values(page, "choice"))
            timed(client, "POST", path, {"choice": choice, "csrf_token": common.csrf_token(page)})
        page = form(client, "/citas/revisar")
        key = common.input_values(page, "request_key")[0]
        timed(
            client,
            "POST",
            "/citas/revisar",
            {"request_key": key, "csrf_token": common.csrf_token(page)},
        )
    print(f"{'request':<28} {'median ms':>10} {'mean ms':>8}")
    for label, values in sorted(timings.items()):
        print(f"{label:<28} {statistics.median(values):>10.2f} {statistics.fmean(values):>8.2f}")
    per_journey = sum(sum(values) for values in timings.values()) / count
    requests = sum(len(values) for values in timings.values()) / count
    print(
        f"CPU per journey: {per_journey:.1f} ms for {requests:.0f} requests, "
        f"{per_journey / requests:.2f} ms a request on average (the app alone, without gunicorn)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--profile", metavar="PAGE")
    parser.add_argument("--journeys", type=int, metavar="N")
    parser.add_argument(
        "--uncompressed",
        action="store_true",
        help="ask for no compression (Accept-Encoding: identity): the pages' own work, "
        "without the compression the floor's 15 bytes never pay",
    )
    args = parser.parse_args()
    if args.uncompressed:
        HEADERS["Accept-Encoding"] = "identity"
    print(common.cpu_check())
    with tempfile.TemporaryDirectory(prefix="bench-cpu-") as name:
        # Mail queued as in production (no worker): the booking's PDF and e-mail are not timed.
        app = common.demo_app(Path(name), JOBS_IMMEDIATE=False)
        if args.journeys:
            journeys(app, args.journeys)
            return
        client, pages = prepare(app)
        if args.profile:
            profile(client, pages.get(args.profile, args.profile), args.requests)
        else:
            report(measure(client, pages, args.requests))


if __name__ == "__main__":
    main()
