"""Blueprint-test fixtures: signed-in staff, one client per role, and a still clock for limits."""

import pytest

from db import apply_migrations, database
from services import clock
from tests.helpers import make_app, sign_in, staff


def signed_in_staff(client, email: str, role: str):
    staff(email, role)
    assert sign_in(client, email).status_code == 303
    return client


@pytest.fixture
def admin(client, db):
    return signed_in_staff(client, "admin@corte.pe", "administrador")


@pytest.fixture
def clerk(client, db):
    return signed_in_staff(client, "mesa@corte.pe", "mesa_de_partes")


@pytest.fixture
def verifier(app, db):
    """A client of its own: the verification tests have a citizen signed in on another one."""
    return signed_in_staff(app.test_client(), "verifica@corte.pe", "verificador")


@pytest.fixture
def still_clock():
    """The app's clock, held still. Rate-limit windows are fixed (now // window), so a test that
    counts up to a limit would now and then straddle a window boundary and never reach it."""
    clock.set_now(clock.utc_now(), frozen=True)


@pytest.fixture
def empty_app(tmp_path):
    """An app on a migrated SQLite database with no court at all: a first start without the
    demo (scripts/start with VENTANILLA_COURT=empty)."""
    url = f"sqlite:///{tmp_path / 'empty.db'}"
    app = make_app(url, tmp_path)
    with database.connection_context():
        apply_migrations()
    yield app
    database.close()
