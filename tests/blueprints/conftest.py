"""Blueprint-test fixtures: signed-in staff, one client per role, and a still clock for limits."""

import pytest

from services import clock
from tests.helpers import sign_in, staff


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
