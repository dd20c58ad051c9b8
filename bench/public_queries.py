"""p50 and p95 of the public queries (consultas externas) under 32 connections, next to
/api/salud (the app's floor) measured the same way in the same run.

Run: python bench/public_queries.py [--seconds 8] [--concurrency 32] [--workers 4]

What it does:
 1. builds a demo database (SQLite, in a temporary folder), books one appointment through
    the booking pages (in-process), validates one receipt and publishes 60 hearings over 10
    days in 6 courts;
 2. starts Ventanilla with gunicorn (gevent workers, as the Procfile), with the per-address
    limit of the public queries raised (FLASK_PUBLIC_QUERIES_PER_MINUTE): every request
    here comes from 127.0.0.1. The limit is still counted on every request, as in
    production (one write to the rate-limit table);
 3. for each URL, `--concurrency` threads each keep one HTTP connection and request it in
    a loop for `--seconds` (after a warm-up); prints requests, req/s, p50, p95 and the
    status codes seen. Timing is never asserted.

The client threads share this machine's cores with gunicorn: the figures compare the
pages with each other and with the floor, not a production server's capacity.
"""

import argparse
import http.client
import os
import statistics
import tempfile
import threading
import time
from collections import Counter
from datetime import time as clock_time
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

import common
from throughput import start_gunicorn

from tests import live_server

FLOOR = "/api/salud"


def seed(folder: Path) -> dict:
    """The demo court plus one ticket, one validated receipt and 60 hearings; their codes."""
    app = common.demo_app(folder)
    browser = common.InProcessBrowser(app)
    common.walk_to(browser, "/citas/hora")
    common.choose(browser, "/citas/hora")
    common.confirm(browser)
    from db import database
    from domain.fees import BankPayment as Paid
    from models import Appointment, BankPayment, Dependencia, Hearing, ReceiptUse
    from services.clock import court_now, utc_now

    with app.app_context(), database.connection_context():
        now, today = utc_now(), court_now().date()
        BankPayment.add(
            [
                Paid(
                    "7654321",
                    court_now().replace(microsecond=0),
                    Decimal("55.00"),
                    "07900",
                    "45678901",
                    "",
                    "",
                )
            ],
            "bench",
            now,
        )
        use = ReceiptUse.use(BankPayment.get(), "bench", now)
        courts = list(Dependencia.select())
        for n in range(60):
            Hearing.create(
                dependencia=courts[n % len(courts)],
                day=today + timedelta(days=n % 10),
                starts=clock_time(8 + n % 8, 30),
                case_number=f"{n + 1:05d}-2026-0-1801-JR-CI-01",
                kind="unica",
                room=f"Sala {n % 5 + 1}",
                created_at=now,
                updated_at=now,
            )
        return {
            "ticket": Appointment.get().code,
            "receipt": use.verification_code,
            "day": today.isoformat(),
            "sede": courts[0].sede_id,
            "court": courts[0].code,
        }


def hammer(base: str, path: str, seconds: float, concurrency: int) -> dict:
    """`concurrency` keep-alive connections requesting `path` for `seconds`."""
    host, port = base.removeprefix("http://").split(":")
    timings: list[float] = []
    statuses: Counter = Counter()
    lock = threading.Lock()
    stop_at = time.perf_counter() + seconds

    def client():
        connection = http.client.HTTPConnection(host, int(port), timeout=30)
        mine, seen = [], Counter()
        while time.perf_counter() < stop_at:
            start = time.perf_counter()
            connection.request("GET", path)
            response = connection.getresponse()
            response.read()
            mine.append((time.perf_counter() - start) * 1000)
            seen[response.status] += 1
            if response.getheader("Connection", "").lower() == "close":
                connection.close()
                connection = http.client.HTTPConnection(host, int(port), timeout=30)
        connection.close()
        with lock:
            timings.extend(mine)
            statuses.update(seen)

    threads = [threading.Thread(target=client) for _ in range(concurrency)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    timings.sort()
    return {
        "requests": len(timings),
        "rps": len(timings) / elapsed,
        "p50": statistics.median(timings),
        "p95": timings[int(len(timings) * 0.95) - 1],
        "statuses": dict(statuses),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=8, help="length of each measured run")
    parser.add_argument("--warmup", type=float, default=2, help="seconds of warm-up per URL")
    parser.add_argument("--concurrency", type=int, default=32)
    parser.add_argument("--workers", type=int, default=4, help="gunicorn workers")
    args = parser.parse_args()
    print(
        f"Machine: {os.cpu_count()} CPU cores, load {os.getloadavg()[0]:.2f}. {common.cpu_check()}"
    )
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        codes = seed(folder)
        env = live_server.app_env(f"sqlite:///{folder / 'court.db'}", folder)
        env["FLASK_PUBLIC_QUERIES_PER_MINUTE"] = str(10**9)
        env["CLOCK_OFFSET_SECONDS"] = "0"
        server = start_gunicorn("app:create_app()", common.ROOT, args.workers, env, folder / "log")
        urls = [
            FLOOR,
            "/sedes",
            f"/audiencias?dia={codes['day']}",
            f"/audiencias?dia={codes['day']}&sede={codes['sede']}",
            f"/audiencias/juzgado/{codes['court']}/calendario",
            f"/verificar?codigo={codes['ticket']}",
            f"/verificar/cita/{codes['ticket']}",
            f"/verificar/comprobante/{codes['receipt']}",
        ]
        results = {}
        try:
            for path in urls:
                hammer(server.url, path, args.warmup, args.concurrency)
                results[path] = hammer(server.url, path, args.seconds, args.concurrency)
        finally:
            server.stop()
    runs = f"{args.concurrency} connections, {args.workers} gunicorn workers"
    print(f"\n{runs}, {args.seconds:.0f} s per URL\n")
    print(f"  {'URL':<52} {'requests':>8} {'req/s':>7} {'p50 ms':>7} {'p95 ms':>7}  statuses")
    for path, r in results.items():
        shown = path if len(path) <= 52 else path[:49] + "..."
        print(
            f"  {shown:<52} {r['requests']:>8} {r['rps']:>7.1f} {r['p50']:>7.1f} "
            f"{r['p95']:>7.1f}  {r['statuses']}"
        )
    floor = results[FLOOR]
    print(f"\np95 as a multiple of {FLOOR}'s ({floor['p95']:.1f} ms):")
    for path, r in results.items():
        if path != FLOOR:
            print(f"  {path[:60]:<60} x{r['p95'] / floor['p95']:.1f}")


if __name__ == "__main__":
    main()
