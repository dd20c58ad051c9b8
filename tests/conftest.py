"""Shared fixtures: an app on SQLite and, when reachable, on PostgreSQL; helpers to book."""

import os
import re
import shutil
from datetime import datetime

import psycopg2
import pytest

from app import create_app
from cli import create_demo_court
from db import apply_migrations, database
from services import clock
from tests import postgres

HX = {"HX-Request": "true"}
HX_BOOSTED = {"HX-Request": "true", "HX-Boosted": "true"}


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


def _prepare(url: str) -> None:
    """Migrations and the demo court, then every pooled connection closed."""
    create_app({"DATABASE_URL": url, "SECRET_KEY": "template"})
    with database.connection_context():
        apply_migrations()
        create_demo_court()
    database.obj.close_all()


@pytest.fixture(scope="session")
def postgres_url():
    """A throw-away, empty PostgreSQL database for this test run."""
    admin = postgres.admin()
    name = postgres.create_database(admin, "ventanilla_test")
    yield postgres.database_url(name)
    postgres.drop_database(admin, name)
    admin.close()


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
    admin = postgres.admin()
    name = postgres.create_database(admin, "ventanilla_demo")
    _prepare(postgres.database_url(name))
    connection = psycopg2.connect(postgres.database_url(name))
    connection.autocommit = True
    tables = postgres.keep_pristine(connection)
    yield connection, tables, postgres.database_url(name)
    connection.close()
    postgres.drop_database(admin, name)
    admin.close()


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
    postgres.restore_pristine(connection, tables)


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
