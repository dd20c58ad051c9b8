"""Shared fixtures: an app on SQLite and, when reachable, on PostgreSQL; helpers to book."""

import os
import re
import shutil
import uuid
from datetime import datetime

import psycopg2
import pytest

from app import create_app
from cli import create_demo_court
from db import apply_migrations, database
from services import clock

HX = {"HX-Request": "true"}
HX_BOOSTED = {"HX-Request": "true", "HX-Boosted": "true"}

# The server to test the PostgreSQL path against; this machine's runs on 127.0.0.1:5432.
POSTGRES_ADMIN_URL = os.environ.get(
    "VENTANILLA_TEST_POSTGRES", "postgresql://postgres@127.0.0.1:5432/postgres"
)
HOW_TO_ENABLE = (
    "PostgreSQL is not reachable at {url}: the PostgreSQL tests are skipped. To run them, "
    "start a server with trust auth on 127.0.0.1:5432 or set VENTANILLA_TEST_POSTGRES to an "
    "admin URL (postgresql://user@host:port/postgres)."
)
IN_CI = os.environ.get("CI", "").lower() == "true"

# The whole suite runs at one instant of the app's clock, never at the wall clock's: a weekday
# morning by default, or VENTANILLA_TEST_NOW (ISO 8601 with its UTC offset), which
# scripts/test-at-hours uses to prove the suite passes at any hour, on a Saturday and a holiday.
TEST_NOW = datetime.fromisoformat(os.environ.get("VENTANILLA_TEST_NOW", "2026-12-02T10:00-05:00"))
clock.set_now(TEST_NOW)  # before any session fixture builds the demo court (its holidays' years)


@pytest.fixture(autouse=True)
def court_clock():
    """Every test starts at TEST_NOW; a test may move the clock on (clock.advance)."""
    clock.set_now(TEST_NOW)
    yield clock
    clock.set_now(TEST_NOW)


def _admin_connection():
    connection = psycopg2.connect(POSTGRES_ADMIN_URL, connect_timeout=3)
    connection.autocommit = True
    return connection


def _postgres_admin():
    """A connection to the PostgreSQL server; skip (fail under CI=true) when there is none."""
    try:
        return _admin_connection()
    except psycopg2.OperationalError as error:
        message = HOW_TO_ENABLE.format(url=POSTGRES_ADMIN_URL)
        if IN_CI:
            pytest.fail(f"{message} Under CI=true that is a failure. ({error})")
        pytest.skip(message)


def _database_url(name: str) -> str:
    return re.sub(r"/[^/]*$", f"/{name}", POSTGRES_ADMIN_URL)


@pytest.fixture(scope="session")
def postgres_url():
    """A throw-away, empty PostgreSQL database for this test run."""
    admin = _postgres_admin()
    name = f"ventanilla_test_{uuid.uuid4().hex[:10]}"
    with admin.cursor() as cursor:
        cursor.execute(f'CREATE DATABASE "{name}"')
    yield _database_url(name)
    with admin.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    admin.close()


def reset_postgres(url: str) -> None:
    connection = psycopg2.connect(url)
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public;")
    connection.close()


def _prepare(url: str) -> None:
    """Migrations and the demo court, then every pooled connection closed."""
    create_app({"DATABASE_URL": url, "SECRET_KEY": "template"})
    with database.connection_context():
        apply_migrations()
        create_demo_court()
    database.obj.close_all()


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory):
    """A migrated SQLite file with the demo court, built once and copied for each test."""
    path = tmp_path_factory.mktemp("template") / "court.db"
    _prepare(f"sqlite:///{path}")
    return path


@pytest.fixture(scope="session")
def postgres_demo():
    """A migrated PostgreSQL database with the demo court, and a pristine copy of every table.

    Cloning a database per test costs half a second; putting the rows back costs a few
    milliseconds, so every PostgreSQL test gets the same fresh demo court that way.
    """
    admin = _postgres_admin()
    name = f"ventanilla_demo_{uuid.uuid4().hex[:10]}"
    with admin.cursor() as cursor:
        cursor.execute(f'CREATE DATABASE "{name}"')
    _prepare(_database_url(name))
    connection = psycopg2.connect(_database_url(name))
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename"
        )
        tables = [row[0] for row in cursor.fetchall()]
        cursor.execute("CREATE SCHEMA pristine")
        for table in tables:
            cursor.execute(f'CREATE TABLE pristine."{table}" AS TABLE public."{table}"')
    yield connection, tables, _database_url(name)
    connection.close()
    with admin.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    admin.close()


def restore_demo(connection, tables: list[str]) -> None:
    """Every table back to the pristine demo court, ids and sequences included."""
    listed = ", ".join(f'public."{t}"' for t in tables)
    with connection.cursor() as cursor:
        # replica mode skips foreign-key and audit triggers while the rows go back in
        cursor.execute("SET session_replication_role = replica")
        cursor.execute(f"TRUNCATE {listed} RESTART IDENTITY CASCADE")
        for table in tables:
            cursor.execute(f'INSERT INTO public."{table}" SELECT * FROM pristine."{table}"')
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence('public.\"{table}\"', 'id'), "
                f'COALESCE(MAX(id), 1), MAX(id) IS NOT NULL) FROM public."{table}"'
            )
        cursor.execute("SET session_replication_role = DEFAULT")


@pytest.fixture(params=["sqlite", "postgres"])
def database_url(request, tmp_path):
    """Each test that needs a database runs once per engine, on a fresh demo court."""
    if request.param == "sqlite":
        path = tmp_path / "court.db"
        shutil.copyfile(request.getfixturevalue("sqlite_template"), path)
        yield f"sqlite:///{path}"
        return
    connection, tables, url = request.getfixturevalue("postgres_demo")
    yield url
    if database.obj is not None:
        database.obj.close_all()  # nothing may hold a lock on the tables being emptied
    restore_demo(connection, tables)


def make_app(database_url, tmp_path, **overrides):
    return create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "test-secret",
            "DATABASE_URL": database_url,
            "WTF_CSRF_ENABLED": False,
            "OUTBOX_FOLDER": str(tmp_path / "outbox"),
            "UPLOAD_FOLDER": str(tmp_path / "uploads"),
            "MAIL_SERVER": "",
            "SETUP_CACHE_SECONDS": 0,  # tests change the set-up between requests
            "HUMAN_CHECK_MIN_SECONDS": 0,  # tests answer faster than people
            **overrides,
        }
    )


@pytest.fixture
def app(database_url, tmp_path):
    app = make_app(database_url, tmp_path)
    yield app
    database.close()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def db(app):
    """The database, for tests that read or write models directly (peewee reconnects itself:
    each request of the test client closes the connection when it ends)."""
    yield database
    if not database.is_closed():
        database.close()


PERSON = {
    "doc_type": "DNI",
    "doc_number": "45678901",
    "names": "Ana María",
    "surnames": "Quispe Mamani",
    "birth_date": "17/05/1990",
    "email": "ana@example.pe",
    "phone": "987654321",
}


def choices(response) -> list[str]:
    """The values of the radio buttons on a page, in order."""
    return re.findall(r'type="radio" id="[^"]+" name="[^"]+" value="([^"]+)"', response.text)


def request_key(response) -> str:
    return re.search(r'name="request_key"[^>]*value="([^"]+)"', response.text).group(1)


def submit_identity(client, person=None, headers=None):
    """Fill 'Sus datos' as a person does, answering the anti-bot question when it is asked."""
    page = client.get("/citas/datos")
    return client.post(
        "/citas/datos", data=(person or PERSON) | human_answer(page.text), headers=headers
    )


def book(client, person=None, sede_index=0, service_index=0, day_index=0, time_index=0):
    """Walk the whole flow as a browser without JavaScript; return the ticket response."""
    submit_identity(client, person)
    sede = choices(client.get("/citas/sede"))[sede_index]
    client.post("/citas/sede", data={"choice": sede})
    service = choices(client.get("/citas/servicio"))[service_index]
    client.post("/citas/servicio", data={"choice": service})
    day = choices(client.get("/citas/dia"))[day_index]
    client.post("/citas/dia", data={"choice": day})
    start = choices(client.get("/citas/hora"))[time_index]
    client.post("/citas/hora", data={"choice": start})
    key = request_key(client.get("/citas/revisar"))
    return client.post("/citas/revisar", data={"request_key": key}, follow_redirects=True)


WORDS = {w: n for n, w in enumerate(
    ("cero", "uno", "dos", "tres", "cuatro", "cinco", "seis", "siete", "ocho", "nueve")
)}  # fmt: skip


def human_answer(page_text: str) -> dict:
    """The fields a person fills in for the anti-bot question on `page_text` (if it asks)."""
    question = re.search(r"¿Cuánto es (\w+) más (\w+)\?", page_text)
    if question is None:  # this session already answered one
        return {}
    a, b = question.groups()
    token = re.search(r'name="human_token" value="([^"]+)"', page_text).group(1)
    return {"human_answer": str(WORDS[a] + WORDS[b]), "human_token": token, "website": ""}
