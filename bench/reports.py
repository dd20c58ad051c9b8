"""How fast the staff reports answer over a busy year, on SQLite and on PostgreSQL.

Run: python bench/reports.py [--appointments 500000] [--runs 30] [--postgres ADMIN_URL]
                             [--skip-postgres]

For each engine it builds the demo court (SQLite in a temporary folder; PostgreSQL in a
throw-away database on ADMIN_URL, default the tests' 127.0.0.1:5432), then bulk-inserts, with
one executemany (SQLite) or one COPY (PostgreSQL) per table:
  - --appointments appointments over the 12 months before the court's today, spread over
    every sede, service, open day and slot, in the mix of states a desk sees (attended 70 %,
    no-show 10 %, cancelled 10 %, moved 5 %, still active 5 %), booked 0-30 days ahead;
  - 30,000 identity verifications and 30,000 bank payments with their receipts used.
It runs ANALYZE (VACUUM ANALYZE on PostgreSQL), then times each report (services.reports.run,
what the page calls: the queries and the arithmetic, not the HTML) over those 12 months, every
sede and then one sede, --runs times after a warm-up, and prints p50 and p95 against the
target (300 ms).
Nothing is asserted; it exits 0 whatever the figures.
"""

import argparse
import csv
import io
import os
import random
import statistics
import tempfile
import time
from collections import Counter
from datetime import date, datetime, timedelta
from datetime import time as clock_time
from pathlib import Path

import common  # puts the repository on sys.path

from db import database, is_sqlite
from domain import slots
from domain.reports import Period
from domain.states import AppointmentStatus as S
from domain.states import IdentityStatus
from models import Court, Sede, Service, User
from services import reports
from services.clock import court_now

TARGET_MS = 300
MIX = [(S.ATENDIDA, 70), (S.NO_ASISTIO, 10), (S.ANULADA, 10), (S.REPROGRAMADA, 5), (S.ACTIVA, 5)]
FREED = {S.ANULADA, S.REPROGRAMADA}
EXTRA_ROWS = 30_000  # verifications, and bank payments with a receipt used
LIMA = timedelta(hours=5)  # the demo court's offset from UTC
NULL = "\\N"  # COPY's NULL: an empty field stays an empty string


def bulk(table: str, columns: list[str], rows) -> None:
    """Insert rows fast: executemany in one transaction (SQLite), COPY (PostgreSQL)."""
    connection = database.connection()
    if is_sqlite():
        marks = ", ".join("?" for _ in columns)
        with database.atomic():
            connection.executemany(
                f'INSERT INTO "{table}" ({", ".join(columns)}) VALUES ({marks})', rows
            )
        return
    buffer = io.StringIO()
    csv.writer(buffer).writerows(
        [NULL if value is None else value for value in row] for row in rows
    )
    buffer.seek(0)
    with connection.cursor() as cursor:
        cursor.copy_expert(
            f"COPY \"{table}\" ({', '.join(columns)}) FROM STDIN WITH (FORMAT csv, NULL '\\N')",
            buffer,
        )
    connection.commit()


def every_slot(first: date, last: date) -> list[tuple[int, int, date, clock_time, int]]:
    """(service id, sede id, day, start, capacity) of every slot the demo court offers."""
    found = []
    for sede in Sede.select():
        rules = sede.rules(first)
        for service in Service.select().where(Service.sede == sede):
            day = first
            while day <= last:
                for start in slots.day_slots(rules, day):
                    found.append((service.id, sede.id, day, start, sede.capacity_per_slot))
                day += timedelta(days=1)
    return found


def fill(count: int, today: date) -> None:
    """`count` appointments over the 12 months before `today`, and the slots they took."""
    random.seed(11)
    first = today - timedelta(days=365)
    offered = every_slot(first, today - timedelta(days=1))
    per_slot = -(-count // len(offered))
    states = [s for s, weight in MIX for _ in range(weight)]
    taken: Counter = Counter()
    rows = []
    for n in range(count):
        slot_index = n % len(offered)
        service, sede, day, start, _ = offered[slot_index]
        status = random.choice(states)
        if status not in FREED:
            taken[slot_index] += 1
        ahead = random.randint(0, 30)
        issued = datetime.combine(day - timedelta(days=ahead), clock_time(random.randint(0, 23)))
        ends = slots.slot_end(start, 20)
        active_key = f"{service}:{day}:DNI:{n}" if status == S.ACTIVA else None
        rows.append(
            (n + 1, f"B{n:09d}", f"bench-{n}", slot_index + 1, sede, service, day.isoformat(),
             start.isoformat(), ends.isoformat(), "DNI", f"{n:08d}", "Ana", "Quispe",
             "ana@example.pe", "987654321", None, False, status, issued.isoformat(" "), None,
             active_key, None, None, (day - (issued - LIMA).date()).days)
        )  # fmt: skip
    slot_rows = [
        (i + 1, service, day.isoformat(), start.isoformat(), max(per_slot, cap), taken[i])
        for i, (service, _sede, day, start, cap) in enumerate(offered)
    ]
    bulk("slot", ["id", "service_id", "day", "starts", "capacity", "booked"], slot_rows)
    columns = (
        "id code request_key slot_id sede_id service_id day starts ends doc_type doc_number "
        "names surnames email phone birth_date priority status issued_at status_changed_at "
        "active_key rescheduled_from_id reminder_sent_at lead_days"
    ).split()
    for chunk in range(0, len(rows), 100_000):
        bulk("appointment", columns, rows[chunk : chunk + 100_000])
    print(f"  {count:,} appointments in {len(offered):,} slots ({per_slot} a slot at most)")


def fill_others(today: date) -> None:
    user = User.create(
        email="bench@example.pe", full_name="Bench", password_hash="x", created_at=datetime.now()
    )
    states = [IdentityStatus.APROBADA] * 6 + [IdentityStatus.RECHAZADA] * 3
    states += [IdentityStatus.PENDIENTE]
    verifications, payments, uses = [], [], []
    for n in range(EXTRA_ROWS):
        sent = datetime.combine(today - timedelta(days=n % 365), clock_time(15))
        status = states[n % len(states)]
        decided = sent + timedelta(minutes=n % 3000)
        if status == IdentityStatus.PENDIENTE:
            decided = None
        verifications.append((user.id, sent.isoformat(" "), "d", "image/png", "v", "video/mp4",
                              status, None, decided and decided.isoformat(" "), ""))  # fmt: skip
        stamp = sent.isoformat(" ")
        payments.append(
            (
                n + 1,
                f"{n:07d}",
                stamp,
                sent.date().isoformat(),
                "55.00",
                "07900",
                "45678901",
                "",
                "",
                "bench",
                stamp,
            )
        )
        uses.append((n + 1, 0, sent.isoformat(" "), "Escrito", "07900"))
    bulk(
        "identity_verification",
        "user_id submitted_at document_file document_mime video_file video_mime status "
        "reviewer_id reviewed_at reason".split(),
        verifications,
    )
    bulk(
        "bank_payment",
        "id sequence paid_at paid_on amount concept_code payer_document case_number court "
        "batch imported_at".split(),
        payments,
    )
    bulk("receipt_use", ["payment_id", "use_number", "used_at", "used_for", "concept_code"], uses)


def measure(runs: int, today: date) -> None:
    """Wall-clock p50 and p95 per report; on SQLite also the p95 of this process's CPU time,
    which is where SQLite works: on a machine shared with other work the wall clock also
    counts the time the scheduler gave to others (the load average is printed)."""
    period = Period(today - timedelta(days=365), today - timedelta(days=1))
    timezone = Court.current().timezone
    one_sede = Sede.select().order_by(Sede.id).first()
    cpu = "  cpu p95" if is_sqlite() else ""
    print(f"  load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    print(f"  {'report':<16}{'sedes':<8}{'p50 ms':>8}{'p95 ms':>8}{cpu}  target {TARGET_MS} ms")
    for report in reports.REPORTS.values():
        for label, sede in (("todas", None), ("una", one_sede)):
            if sede is not None and not report.by_sede:
                continue
            timings, cpu_times = [], []
            for run in range(runs + 1):
                start, start_cpu = time.perf_counter(), time.process_time()
                reports.run(report, period, sede, today=today, timezone=timezone)
                if run:  # the first run warms the caches up
                    timings.append((time.perf_counter() - start) * 1000)
                    cpu_times.append((time.process_time() - start_cpu) * 1000)
            p95 = statistics.quantiles(timings, n=20)[-1]
            cpu_p95 = statistics.quantiles(cpu_times, n=20)[-1]
            verdict = "ok" if p95 <= TARGET_MS else "OVER"
            print(
                f"  {report.slug:<16}{label:<8}{statistics.median(timings):>8.1f}{p95:>8.1f}"
                + (f"{cpu_p95:>9.1f}" if cpu else "")
                + f"  {verdict}"
            )


def run_engine(name: str, url: str, folder: Path, args) -> None:
    print(f"\n{name}")
    app = common.demo_app(folder, DATABASE_URL=url)
    with app.app_context(), database.connection_context():
        today = court_now().date()
        start = time.perf_counter()
        fill(args.appointments, today)
        fill_others(today)
        # After a bulk load, as autovacuum would soon: PostgreSQL's index-only scans need
        # the visibility map that VACUUM writes.
        database.execute_sql("ANALYZE" if is_sqlite() else "VACUUM ANALYZE")
        print(f"  filled and analysed in {time.perf_counter() - start:.0f} s")
        measure(args.runs, today)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--appointments", type=int, default=500_000)
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--postgres", default=None, help="admin URL (default: the tests')")
    parser.add_argument("--skip-postgres", action="store_true")
    args = parser.parse_args()
    print(common.cpu_check())
    with tempfile.TemporaryDirectory() as folder:
        run_engine("SQLite", f"sqlite:///{Path(folder) / 'court.db'}", Path(folder), args)
    if args.skip_postgres:
        return
    if args.postgres:
        os.environ["VENTANILLA_TEST_POSTGRES"] = args.postgres
    from tests import postgres

    admin = postgres.admin()
    name = postgres.create_database(admin, "ventanilla_bench_reports")
    try:
        with tempfile.TemporaryDirectory() as folder:
            run_engine("PostgreSQL", postgres.database_url(name), Path(folder), args)
    finally:
        database.obj.close_all()
        postgres.drop_database(admin, name)
        admin.close()


if __name__ == "__main__":
    main()
