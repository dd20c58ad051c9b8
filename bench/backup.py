"""How long a backup of a busy court takes and how big it is; then a restore, checked.

Run: python bench/backup.py [--appointments 10000] [--megabytes 200] [--postgres ADMIN_URL]

Builds the demo court in a temporary folder (SQLite, or with --postgres a throw-away database
on that server), adds --appointments past appointments and --megabytes of uploads (random
bytes: documents of 0.2-2 MB and videos of 4-16 MB, as citizens send them), then times
services.backup.backup() and prints the copy's size. It restores the copy into a new database
and a new upload folder, times that too, and checks every row of every table and every file
against the original. Exits 1 only when the check fails; no targets.
"""

import argparse
import hashlib
import os
import random
import tempfile
import time
import uuid
from datetime import timedelta
from pathlib import Path

import common  # puts the repository on sys.path
import psycopg2
from playhouse.db_url import connect

from db import database
from domain import slots
from domain.codes import new_code
from models import Appointment, Court, Service, Slot
from services import backup_engines
from services.backup import backup, restore
from services.clock import utc_now

MB = 1024 * 1024


def add_appointments(count: int) -> None:
    """`count` attended appointments on past working days, every place of each day taken."""
    now = utc_now()
    today = Court.current().local_time(now).date()
    services = [(service, service.sede.rules(today)) for service in Service.select()]
    day, made = today, 0
    with database.atomic():
        while made < count:
            day -= timedelta(days=1)
            for service, rules in services:
                for start in slots.day_slots(rules, day):
                    places = min(rules.capacity, count - made)
                    if places <= 0:
                        break
                    slot = Slot.create(
                        service=service,
                        day=day,
                        starts=start,
                        capacity=rules.capacity,
                        booked=places,
                    )
                    rows = [
                        {
                            "code": new_code(),
                            "request_key": uuid.uuid4().hex,
                            "slot": slot,
                            "sede": service.sede_id,
                            "service": service,
                            "day": day,
                            "starts": start,
                            "ends": slots.slot_end(start, rules.slot_minutes),
                            "doc_type": "DNI",
                            "doc_number": f"{10000000 + made + n}",
                            "names": "Rosa Elvira",
                            "surnames": "Huamán Quispe",
                            "email": f"persona{made + n}@example.pe",
                            "phone": "987654321",
                            "status": "atendida",
                            "issued_at": now,
                            "status_changed_at": now,
                        }
                        for n in range(places)
                    ]
                    Appointment.insert_many(rows).execute()
                    made += places


def add_uploads(folder: Path, megabytes: int) -> int:
    """Random files under folder/identity until `megabytes` MB; returns how many."""
    chooser, left, count = random.Random(13), megabytes * MB, 0
    (folder / "identity").mkdir(parents=True, exist_ok=True)
    while left > 0:
        video = chooser.random() < 0.3
        size = min(
            left, chooser.randint(4 * MB, 16 * MB) if video else chooser.randint(MB // 5, 2 * MB)
        )
        (folder / "identity" / f"{uuid.uuid4().hex}.{'mp4' if video else 'jpg'}").write_bytes(
            os.urandom(size)
        )
        left, count = left - size, count + 1
    return count


def table_rows(url: str) -> dict[str, list[tuple]]:
    connection = connect(url)
    try:
        return {
            table: connection.execute_sql(f'SELECT * FROM "{table}" ORDER BY 1').fetchall()
            for table in connection.get_tables()
        }
    finally:
        connection.close()


def check(source_url: str, restored_url: str, uploads: Path, restored: Path, manifest) -> str:
    """What differs between the original and the restored copy; empty when nothing does."""
    source, copy = table_rows(source_url), table_rows(restored_url)
    problems = [
        f"table {t} differs"
        for t in sorted(set(source) | set(copy))
        if source.get(t) != copy.get(t)
    ]
    for entry in manifest["files"]:
        data = (restored / entry["path"]).read_bytes()
        if data != (uploads / entry["path"]).read_bytes():
            problems.append(f"file {entry['path']} differs")
        elif hashlib.sha256(data).hexdigest() != entry["sha256"]:
            problems.append(f"file {entry['path']} does not match its SHA-256")
    listed = {e["path"] for e in manifest["files"]}
    if listed != {p.relative_to(uploads).as_posix() for p in uploads.rglob("*") if p.is_file()}:
        problems.append("the copy does not list exactly the uploaded files")
    return "; ".join(problems)


def postgres_databases(admin_url: str, names: list[str], drop: bool = False) -> list[str]:
    admin = psycopg2.connect(admin_url)
    admin.autocommit = True
    with admin.cursor() as cursor:
        for name in names:
            cursor.execute(
                f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'
                if drop
                else f'CREATE DATABASE "{name}"'
            )
    admin.close()
    return [admin_url.rsplit("/", 1)[0] + f"/{name}" for name in names]


def run(folder: Path, args, source_url: str, restored_url: str) -> bool:
    uploads, copy, restored_uploads = folder / "uploads", folder / "copy", folder / "restored"
    common.demo_app(folder, DATABASE_URL=source_url)
    started = time.perf_counter()
    with database.connection_context():
        add_appointments(args.appointments)
    files = add_uploads(uploads, args.megabytes)
    print(
        f"Built in {time.perf_counter() - started:.1f} s: the demo court on "
        f"{backup_engines.engine(source_url)}, {args.appointments} appointments, "
        f"{files} uploads ({args.megabytes} MB)"
    )

    started = time.perf_counter()
    manifest = backup(source_url, str(uploads), str(copy), utc_now())
    took = time.perf_counter() - started
    database_bytes = manifest["database"]["size"]
    file_bytes = sum(entry["size"] for entry in manifest["files"])
    print(
        f"backup   {took:6.2f} s   database {database_bytes / MB:7.1f} MB   "
        f"files {file_bytes / MB:7.1f} MB ({len(manifest['files'])})   "
        f"{(database_bytes + file_bytes) / MB / took:5.0f} MB/s"
    )

    started = time.perf_counter()
    restore(str(copy), restored_url, str(restored_uploads))
    print(
        f"restore  {time.perf_counter() - started:6.2f} s   (checks every SHA-256 first, "
        f"then copies)"
    )
    problems = check(source_url, restored_url, uploads, restored_uploads, manifest)
    rows, tables = sum(manifest["tables"].values()), len(manifest["tables"])
    print(
        f"check    {'FAILED: ' + problems if problems else 'ok'}   ({rows} rows in "
        f"{tables} tables, {len(manifest['files'])} files compared)"
    )
    return not problems


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--appointments", type=int, default=10_000)
    parser.add_argument("--megabytes", type=int, default=200)
    parser.add_argument(
        "--postgres", metavar="ADMIN_URL", help="e.g. postgresql://postgres@127.0.0.1:5432/postgres"
    )
    args = parser.parse_args()
    print(f"backup.py (load average {os.getloadavg()[0]:.2f} at the start)")
    print(common.cpu_check())
    with tempfile.TemporaryDirectory(prefix="ventanilla-backup-") as temporary:
        folder = Path(temporary)
        if not args.postgres:
            urls = [f"sqlite:///{folder / 'court.db'}", f"sqlite:///{folder / 'restored.db'}"]
            ok = run(folder, args, *urls)
        else:
            names = [f"ventanilla_bench_{uuid.uuid4().hex[:8]}_{n}" for n in ("a", "b")]
            urls = postgres_databases(args.postgres, names)
            try:
                ok = run(folder, args, *urls)
            finally:
                database.obj.close_all()
                postgres_databases(args.postgres, names, drop=True)
    raise SystemExit(0 if ok else 1)


if __name__ == "__main__":
    main()
