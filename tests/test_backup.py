"""Backup and restore, on SQLite and PostgreSQL: a copy taken while citizens keep booking comes
back as one consistent moment, and restore refuses anything but an empty target and an intact copy.
"""

import hashlib
import json
import os
import shutil
import threading
import uuid
from collections import Counter
from datetime import UTC
from pathlib import Path

import peewee
import psycopg2
import pytest
from playhouse.db_url import connect

from db import MIGRATIONS_DIR, database, write_transaction
from domain import slots
from models import Appointment, AuditEvent, Court, Service, Setting
from services import audit, storage
from services.actor import SYSTEM
from services.backup import BackupError, backup, restore
from services.backup_engines import sqlite_path
from services.clock import utc_now
from tests import postgres
from tests.helpers import PERSON, TEST_NOW, make_app

LAST_MIGRATION = max(name[:-3] for name in os.listdir(MIGRATIONS_DIR) if name[0].isdigit())
WRITTEN = {"appointment", "slot", "audit_event", "setting"}  # the tables the writer changes


@pytest.fixture(scope="module")
def spare_postgres():
    """A PostgreSQL database to restore into, made once for this module (dropping a database
    costs seconds; emptying one costs milliseconds)."""
    admin = postgres.admin()
    name = f"ventanilla_restore_{uuid.uuid4().hex[:10]}"
    with admin.cursor() as cursor:
        cursor.execute(f'CREATE DATABASE "{name}"')
    yield postgres.database_url(name)
    with admin.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    admin.close()


def empty_postgres(url: str) -> None:
    """Every schema dropped (a restored demo also brings the tests' pristine copy), public made
    anew: the state of a database just made with createdb."""
    connection = psycopg2.connect(url)
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nspname FROM pg_namespace "
            "WHERE nspname NOT LIKE 'pg\\_%' AND nspname <> 'information_schema'"
        )
        for (schema,) in cursor.fetchall():
            cursor.execute(f'DROP SCHEMA "{schema}" CASCADE')
        cursor.execute("CREATE SCHEMA public")
    connection.close()


@pytest.fixture
def fresh_url(request, database_url, tmp_path):
    """An empty database of the test's engine: a SQLite file not yet made, or the spare
    PostgreSQL database emptied."""
    if database_url.startswith("sqlite"):
        return f"sqlite:///{tmp_path / 'restaurada' / 'court.db'}"
    url = request.getfixturevalue("spare_postgres")
    empty_postgres(url)
    return url


def table_rows(url: str) -> dict[str, list[dict]]:
    """Every row of every table of the app's schema, as dicts, in id order."""
    connection = connect(url)
    try:
        tables = {}
        for table in connection.get_tables():
            cursor = connection.execute_sql(f'SELECT * FROM "{table}" ORDER BY 1')
            names = [column[0] for column in cursor.description]
            tables[table] = [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
        return tables
    finally:
        connection.close()


def untouched(url: str) -> bool:
    """The SQLite file was never made, or the PostgreSQL database has no table at all."""
    if url.startswith("sqlite"):
        return not os.path.exists(sqlite_path(url))
    connection = connect(url)
    try:
        query = "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'"
        return connection.execute_sql(query).fetchone()[0] == 0
    finally:
        connection.close()


def files_under(folder) -> dict[str, bytes]:
    folder = Path(folder)
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


def put_uploads(folder, count=30, size=64 * 1024) -> None:
    """Identity documents and videos as the app stores them, and one upload still arriving."""
    for n in range(count):
        area = Path(folder) / ("identity" if n % 3 else "videos")
        area.mkdir(parents=True, exist_ok=True)
        (area / f"{uuid.uuid4().hex}.{'jpg' if n % 3 else 'mp4'}").write_bytes(os.urandom(size))
    (Path(folder) / "identity" / ".part-half-sent").write_bytes(b"not yet a file")


class Writer(threading.Thread):
    """Citizens booking one after another: each booking, its audit event, an upload and a
    counter of writes in the settings table commit together, in one transaction."""

    def __init__(self, places, upload_folder):
        super().__init__(daemon=True)
        self.places, self.upload_folder = places, Path(upload_folder)
        self.done, self.error, self.stop = 0, None, threading.Event()

    def run(self):
        try:
            with database.connection_context():
                for service, day, start in self.places:
                    if self.stop.is_set():
                        return
                    self.book(service, day, start, self.done + 1)
        except Exception as error:  # the test reports it
            self.error = error

    def book(self, service, day, start, n):
        area = self.upload_folder / "identity"
        part = area / f".part-{n}"
        part.write_bytes(n.to_bytes(4, "big") * 1000)
        os.replace(part, area / f"{n:032x}.jpg")  # the file first, then the row, as the app does
        person = PERSON | {"doc_number": f"{70000000 + n}", "birth_date": None}
        now = utc_now()
        with write_transaction():
            appointment, _ = Appointment.book(
                service=service,
                day=day,
                start=start,
                person=person,
                request_key=f"k{n}",
                now_utc=now,
                now_local=Court.current().local_time(now),
            )
            audit.log(SYSTEM, "cita_reservada", utc_now(), subject=appointment.code)
            Setting.write("escrituras", str(n))
        self.done = n


def free_places() -> list:
    """Every place the demo court still offers, each service's days and times in turn."""
    court = Court.current()
    now = court.local_time(utc_now())
    places = []
    for service in Service.select().order_by(Service.id):
        rules = service.sede.rules(now.date())
        for day in slots.bookable_days(rules, now):
            for start in slots.bookable_slots(rules, day, now):
                places += [(service, day, start)] * rules.capacity
    return places


def test_a_backup_taken_while_citizens_book_restores_one_consistent_moment(
    app, db, database_url, fresh_url, tmp_path
):
    uploads = app.config["UPLOAD_FOLDER"]
    put_uploads(uploads)
    writer = Writer(free_places(), uploads)
    writer.start()
    while writer.done < 20 and writer.is_alive():
        writer.join(0.01)
    before = writer.done
    manifest = backup(database_url, uploads, str(tmp_path / "copia"), utc_now())
    after = writer.done
    writer.stop.set()
    writer.join()
    assert writer.error is None
    assert after > before  # the bookings went on while the copy was made

    restore(str(tmp_path / "copia"), fresh_url, str(tmp_path / "archivos"))
    source, restored = table_rows(database_url), table_rows(fresh_url)
    writes = int({r["key"]: r["value"] for r in restored["setting"]}["escrituras"])
    assert before <= writes <= after
    assert set(restored) == set(source) == set(manifest["tables"])
    assert {table: len(rows) for table, rows in restored.items()} == manifest["tables"]
    for table in set(source) - WRITTEN:
        assert restored[table] == source[table], table
    # The snapshot holds exactly the first `writes` bookings, each with its event and place.
    assert restored["appointment"] == source["appointment"][:writes]
    assert restored["audit_event"] == source["audit_event"][:writes]
    assert [e["subject"] for e in restored["audit_event"]] == [
        a["code"] for a in restored["appointment"]
    ]
    taken = Counter(a["slot_id"] for a in restored["appointment"])
    assert {s["id"]: s["booked"] for s in restored["slot"]} == {
        s["id"]: taken[s["id"]] for s in restored["slot"]
    }
    assert sum(taken.values()) == writes
    places = {s["id"]: s | {"booked": None} for s in source["slot"]}
    assert all(places[s["id"]] == s | {"booked": None} for s in restored["slot"])
    assert manifest["schema_migration"] == LAST_MIGRATION and manifest["engine"] in database_url

    # Every file: what the manifest lists, with its SHA-256, byte for byte what was uploaded.
    copied, now_there = files_under(tmp_path / "archivos"), files_under(uploads)
    assert sorted(copied) == [entry["path"] for entry in manifest["files"]]
    assert len(copied) >= 30 + before and ".part-" not in "".join(copied)
    # Each booking's file was stored before its row, so every booking in the copy has its file.
    assert all(f"identity/{n:032x}.jpg" in copied for n in range(1, writes + 1))
    for entry in manifest["files"]:
        content = copied[entry["path"]]
        assert content == now_there[entry["path"]]
        assert (len(content), hashlib.sha256(content).hexdigest()) == (
            entry["size"],
            entry["sha256"],
        )
    dump = (tmp_path / "copia" / manifest["database"]["path"]).read_bytes()
    assert hashlib.sha256(dump).hexdigest() == manifest["database"]["sha256"]


@pytest.fixture
def copy(app, database_url, tmp_path):
    """A backup of the demo court and 30 uploads, in tmp_path/copia."""
    put_uploads(app.config["UPLOAD_FOLDER"], size=1024)
    backup(database_url, app.config["UPLOAD_FOLDER"], str(tmp_path / "copia"), utc_now())
    return tmp_path / "copia"


def test_restore_refuses_a_database_or_folder_that_is_not_empty(
    app, database_url, fresh_url, copy, tmp_path
):
    rows = table_rows(database_url)
    with pytest.raises(BackupError, match=r"La base de datos .* no está vacía \(\d+ tablas"):
        restore(str(copy), database_url, str(tmp_path / "vacia"))
    assert table_rows(database_url) == rows and not (tmp_path / "vacia").exists()

    busy = tmp_path / "ocupada"
    busy.mkdir()
    (busy / "nota.txt").write_text("de otro sistema")
    with pytest.raises(BackupError, match="La carpeta de archivos .* no está vacía"):
        restore(str(copy), fresh_url, str(busy))
    assert os.listdir(busy) == ["nota.txt"] and untouched(fresh_url)

    if fresh_url.startswith("sqlite"):  # the old database was moved away, but not its WAL
        wal = Path(f"{sqlite_path(fresh_url)}-wal")
        wal.parent.mkdir()
        wal.write_bytes(b"frames of another database")
        with pytest.raises(BackupError, match="-wal de una base anterior"):
            restore(str(copy), fresh_url, str(tmp_path / "vacia"))
        wal.unlink()
        assert untouched(fresh_url) and not (tmp_path / "vacia").exists()

    restore(str(copy), fresh_url, str(tmp_path / "vacia"))  # the same copy, now allowed
    assert table_rows(fresh_url) == rows


def flip_a_byte(path: Path) -> None:
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0x01
    path.write_bytes(bytes(data))


def edit_manifest(copy: Path, change) -> None:
    manifest = json.loads((copy / "manifest.json").read_text())
    change(manifest)
    (copy / "manifest.json").write_text(json.dumps(manifest))


def first_upload(copy: Path) -> Path:
    return next(p for p in sorted((copy / "uploads").rglob("*")) if p.is_file())


TAMPERINGS = {
    "an upload changed": (lambda c: flip_a_byte(first_upload(c)), "no coincide"),
    "the database changed": (lambda c: flip_a_byte(next(c.glob("database.*"))), "no coincide"),
    "an upload missing": (lambda c: first_upload(c).unlink(), "falta"),
    "an unlisted file": (
        lambda c: (c / "uploads" / "identity" / "extra.jpg").write_bytes(b"x"),
        "no lista: identity/extra.jpg",
    ),
    "a path leaving the copy": (
        lambda c: edit_manifest(c, lambda m: m["files"][0].update(path="../manifest.json")),
        "Ruta no válida",
    ),
    "no manifest": (lambda c: (c / "manifest.json").unlink(), "no es una copia completa"),
}


@pytest.mark.parametrize("tampering", TAMPERINGS)
def test_restore_refuses_a_copy_that_differs_from_its_manifest(
    fresh_url, copy, tmp_path, tampering
):
    change, message = TAMPERINGS[tampering]
    change(copy)
    with pytest.raises(BackupError, match=message):
        restore(str(copy), fresh_url, str(tmp_path / "archivos"))
    assert untouched(fresh_url) and not (tmp_path / "archivos").exists()
    assert not list(tmp_path.glob(".restoring-*"))


def test_restore_refuses_a_copy_of_the_other_engine(database_url, copy, tmp_path):
    if database_url.startswith("sqlite"):
        other = "postgresql://postgres@127.0.0.1:5432/ventanilla_never_created"
    else:
        other = f"sqlite:///{tmp_path / 'otra.db'}"
    with pytest.raises(BackupError, match="restaure en una base del mismo motor"):
        restore(str(copy), other, str(tmp_path / "archivos"))
    assert not (tmp_path / "otra.db").exists() and not (tmp_path / "archivos").exists()


def test_the_backup_and_restore_commands(app, database_url, fresh_url, tmp_path, court_clock):
    court_clock.set_now(TEST_NOW, frozen=True)
    put_uploads(app.config["UPLOAD_FOLDER"], count=4, size=1000)
    with database.connection_context():
        audit.log(
            SYSTEM, "antes_de_copiar", utc_now()
        )  # the restored log must go on after this one
    target = tmp_path / "copia"
    result = app.test_cli_runner().invoke(args=["backup", str(target)])
    assert result.exit_code == 0, result.output
    assert f"Copia guardada en {target}: base " in result.output
    assert f"en la migración {LAST_MIGRATION}" in result.output and "4 archivos" in result.output
    manifest = json.loads((target / "manifest.json").read_text())
    assert manifest["created_at"] == TEST_NOW.astimezone(UTC).isoformat()  # the app's clock
    again = app.test_cli_runner().invoke(args=["backup", str(target)])
    assert again.exit_code == 1 and "no está vacía" in again.output

    restored = make_app(fresh_url, tmp_path / "otro", UPLOAD_FOLDER=str(tmp_path / "otro-up"))
    result = restored.test_cli_runner().invoke(args=["restore", str(target)])
    assert result.exit_code == 0, result.output
    made = TEST_NOW.astimezone(UTC)
    assert f"Copia del {made:%Y-%m-%d %H:%M} UTC restaurada: base " in result.output
    assert table_rows(fresh_url) == table_rows(database_url)
    assert files_under(tmp_path / "otro-up") == {
        path: content
        for path, content in files_under(app.config["UPLOAD_FOLDER"]).items()
        if ".part-" not in path
    }
    again = restored.test_cli_runner().invoke(args=["restore", str(target)])
    assert again.exit_code == 1 and "no está vacía" in again.output

    # The restored database goes on as the app: ids continue, the audit log is append-only.
    with database.connection_context():
        audit.log(SYSTEM, "tras_restaurar", utc_now())
        actions = [e.action for e in AuditEvent.select().order_by(AuditEvent.id)]
        assert actions == ["antes_de_copiar", "tras_restaurar"]
        with pytest.raises(peewee.DatabaseError, match="append-only"):
            with database.atomic():
                AuditEvent.update(detail="cambiado").execute()


# --- filing files in an S3-compatible bucket (several app servers) --------------------------


def new_bucket(s3_files: dict) -> dict:
    """Settings for another empty bucket on the same S3 server."""
    import boto3

    name = f"ventanilla-{uuid.uuid4().hex[:12]}"
    endpoint = s3_files["S3_ENDPOINT_URL"]
    boto3.client("s3", endpoint_url=endpoint, region_name="us-east-1").create_bucket(Bucket=name)
    return s3_files | {"FILES_STORAGE": f"s3://{name}"}


def bucket_files(settings: dict) -> dict[str, bytes]:
    """Every filing file of the store `settings` name (a bucket, or UPLOAD_FOLDER/filings)."""
    store = storage.of({"UPLOAD_FOLDER": os.devnull} | dict(settings))
    result = {}
    for name, _ in store.names():
        with store.open(name) as stream:
            result[name] = stream.read()
    return result


@pytest.fixture
def s3_app(sqlite_template, tmp_path, s3_files):
    """The demo court on SQLite keeping its filing files in a bucket, with 3 of them there, 4
    other uploads in its folder, and what a switch from the folder left behind there."""
    path = tmp_path / "court.db"
    shutil.copyfile(sqlite_template, path)
    app = make_app(f"sqlite:///{path}", tmp_path, **s3_files)
    uploads = Path(app.config["UPLOAD_FOLDER"])
    put_uploads(uploads, count=4, size=1000)
    (uploads / "filings").mkdir()
    (uploads / "filings" / f"{'e' * 32}.pdf").write_bytes(b"left from the local folder")
    (uploads / "filings" / ".part-arriving").write_bytes(b"half")
    store = storage.of(app.config)
    for n in range(3):
        source = tmp_path / f"source-{n}"
        source.write_bytes(os.urandom(5000 + n))
        store.put(f"{n:032x}.pdf", str(source))
    yield app
    database.close()


def test_with_a_bucket_the_backup_copies_its_files_and_restore_fills_an_empty_one(
    s3_app, s3_files, tmp_path
):
    in_bucket = bucket_files(s3_app.config)
    target = tmp_path / "copia"
    result = s3_app.test_cli_runner().invoke(args=["backup", str(target)])
    assert result.exit_code == 0, result.output
    assert "7 archivos" in result.output  # 4 uploads in the folder + 3 in the bucket
    manifest = json.loads((target / "manifest.json").read_text())
    listed = {e["path"]: e for e in manifest["files"] if e["path"].startswith("filings/")}
    assert sorted(listed) == [f"filings/{name}" for name in sorted(in_bucket)]
    for name, content in in_bucket.items():
        entry = listed[f"filings/{name}"]
        assert (entry["size"], entry["sha256"]) == (
            len(content),
            hashlib.sha256(content).hexdigest(),
        )
        assert (target / "uploads" / "filings" / name).read_bytes() == content

    empty = new_bucket(s3_files)
    restored = make_app(
        f"sqlite:///{tmp_path / 'otra' / 'court.db'}",
        tmp_path / "otra",
        UPLOAD_FOLDER=str(tmp_path / "otra-up"),
        **empty,
    )
    result = restored.test_cli_runner().invoke(args=["restore", str(target)])
    assert result.exit_code == 0, result.output
    assert bucket_files(empty) == in_bucket
    assert not (tmp_path / "otra-up" / "filings").exists()  # the bucket has them
    assert sorted(files_under(tmp_path / "otra-up")) == sorted(
        e["path"] for e in manifest["files"] if not e["path"].startswith("filings/")
    )

    # A bucket that already holds files is refused before anything changes.
    again = make_app(
        f"sqlite:///{tmp_path / 'tercera' / 'court.db'}",
        tmp_path / "tercera",
        UPLOAD_FOLDER=str(tmp_path / "tercera-up"),
        **empty,
    )
    refused = again.test_cli_runner().invoke(args=["restore", str(target)])
    assert refused.exit_code == 1 and "no está vacío" in refused.output
    assert not (tmp_path / "tercera" / "court.db").exists()
    assert not (tmp_path / "tercera-up").exists()
    assert bucket_files(empty) == in_bucket


def test_a_restore_that_fails_after_filling_the_bucket_empties_it_again(s3_app, s3_files, tmp_path):
    backup(
        s3_app.config["DATABASE_URL"],
        s3_app.config["UPLOAD_FOLDER"],
        str(tmp_path / "copia"),
        utc_now(),
        files=storage.of(s3_app.config),
    )
    # Row counts that the dump does not have: found only once the database is loaded, after
    # the files went into the bucket.
    edit_manifest(tmp_path / "copia", lambda m: m["tables"].update(court=99))
    empty = new_bucket(s3_files)
    with pytest.raises(BackupError, match="no coinciden"):
        restore(
            str(tmp_path / "copia"),
            f"sqlite:///{tmp_path / 'otra' / 'court.db'}",
            str(tmp_path / "otra-up"),
            files=storage.of(empty | {"UPLOAD_FOLDER": str(tmp_path / "otra-up")}),
        )
    assert bucket_files(empty) == {} and not (tmp_path / "otra-up").exists()


def test_a_copy_from_a_bucket_restores_into_the_local_folder(s3_app, tmp_path):
    """Moving a court from a bucket back to one VM (or the reverse) is a backup and a restore."""
    in_bucket = bucket_files(s3_app.config)
    backup(
        s3_app.config["DATABASE_URL"],
        s3_app.config["UPLOAD_FOLDER"],
        str(tmp_path / "copia"),
        utc_now(),
        files=storage.of(s3_app.config),
    )
    local = {"UPLOAD_FOLDER": str(tmp_path / "una-vm")}
    restore(
        str(tmp_path / "copia"),
        f"sqlite:///{tmp_path / 'otra' / 'court.db'}",
        local["UPLOAD_FOLDER"],
        files=storage.of(local),
    )
    assert bucket_files(local) == in_bucket


def test_a_bucket_that_does_not_answer_is_said_in_spanish_and_nothing_changes(
    s3_app, s3_files, tmp_path
):
    missing = s3_files | {"FILES_STORAGE": "s3://ventanilla-no-existe"}
    broken = storage.of(missing | {"UPLOAD_FOLDER": str(tmp_path / "x")})
    with pytest.raises(BackupError, match="s3://ventanilla-no-existe/filings/ no responde"):
        backup(
            s3_app.config["DATABASE_URL"],
            s3_app.config["UPLOAD_FOLDER"],
            str(tmp_path / "copia"),
            utc_now(),
            files=broken,
        )
    assert not (tmp_path / "copia").exists()
    backup(
        s3_app.config["DATABASE_URL"],
        s3_app.config["UPLOAD_FOLDER"],
        str(tmp_path / "copia"),
        utc_now(),
        files=storage.of(s3_app.config),
    )
    fresh = f"sqlite:///{tmp_path / 'otra' / 'court.db'}"
    with pytest.raises(BackupError, match="no responde.*No se restauró nada"):
        restore(str(tmp_path / "copia"), fresh, str(tmp_path / "otra-up"), files=broken)
    assert untouched(fresh) and not (tmp_path / "otra-up").exists()
