"""The queue API's races, on both engines: a retried tap while the first is in flight, one
appointment checked in at two kiosks at once."""

import pytest

from domain.roles import Role
from services import queue
from services.actor import Actor
from services.clock import utc_now
from tests.blueprints.queue_api_helpers import (
    CHECK_INS,
    TICKETS,
    address,
    appointment,
    race,
    sede,
    service,
    tickets,
)
from tests.helpers import staff


@pytest.fixture
def admin(app, db):
    return Actor(staff("admin@corte.pe", Role.ADMINISTRADOR))


@pytest.fixture
def key(app, admin):
    with app.app_context():
        _, key = queue.create_kiosk(sede(), "Lobby 1", actor=admin, now=utc_now())
    return key


def test_a_tap_retried_while_the_first_is_in_flight_gives_one_ticket(app, key):
    """The kiosk's network retry may arrive while the first request is still writing: both
    get the same ticket, never a 500 from the unique request_key."""
    service_id = service().id

    def tap(_):
        body = {"service_id": service_id, "request_key": "tap-race-0001"}
        response = app.test_client().post(
            address(TICKETS), json=body, headers={"X-Device-Key": key}
        )
        return response.status_code, response.get_json().get("ticket")

    for _ in range(3):  # the race is not won the same way every time
        results = race(app, tap)
        assert sorted(status for status, _ in results) in ([200, 201], [200, 200]), results
        assert {ticket for _, ticket in results} == {"E-001"}
    assert tickets() == 1


@pytest.mark.parametrize("field, typed", [("code", "AAAA-BBBB-CCCC"), ("doc_number", "45678901")])
def test_one_appointment_checked_in_at_two_kiosks_at_once_gets_one_ticket(
    app, key, admin, field, typed
):
    appointment()
    with app.app_context():
        _, other = queue.create_kiosk(sede(), "Lobby 2", actor=admin, now=utc_now())
    keys = [key, other]

    def check_in(n):
        body = {field: typed, "request_key": f"tap-race-{n}-000"}
        response = app.test_client().post(
            address(CHECK_INS), json=body, headers={"X-Device-Key": keys[n]}
        )
        return response.status_code, response.get_json()

    results = race(app, check_in)
    assert sorted(status for status, _ in results) == [201, 422], results
    refused = next(body for status, body in results if status == 422)
    message = "Esta cita ya se registró: su turno es el C-001. Espere a que lo llamen."
    assert refused == {"errors": {field: [message]}}
    assert tickets() == 1
