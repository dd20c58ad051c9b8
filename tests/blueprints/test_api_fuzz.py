"""The JSON API under schemathesis: every operation of /api/openapi.json, driven by the document
the app serves, in-process against the WSGI app. No answer may be a 5xx, and each must be one
the document describes: its status, its content type and its body's schema.

Schema-valid requests may still be refused (an act that needs an amount, a role the process
lacks): the calculator's questions depend on each other, and its 400 is documented. So the
positive-data-acceptance check is left out, and the document's own checks are kept.

Random sede codes, tokens and device keys would only ever meet a 404 or a 403, so most cases
are steered: to a real sede, a live kiosk's key and the latest ticket's token, and in the
positive mode to one of the sede's services and an appointment's code as well, so tickets are
really issued and their 201 and 200 are held to the document too (the negative mode keeps its
broken bodies, now read by the real kiosk's requests). The clock moves on ten seconds a call:
the kiosk's pace (30 a minute) is a documented 429, but must not be all the POSTs ever meet.
"""

from datetime import time, timedelta

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from domain.roles import Role
from models import Appointment, Sede, Service, Slot
from services import clock, queue
from services.actor import Actor
from services.clock import utc_now
from tests.helpers import staff

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]
SEDE = "alzamora"
APPOINTMENT = "AAAA-BBBB-CCCC"
ISSUING = ("/api/sedes/{code}/turnos", "/api/sedes/{code}/citas")


def lobby(app) -> tuple[str, list[int]]:
    """A live kiosk's key at the sede, its services' ids, and an appointment due this morning."""
    with app.app_context():
        sede = Sede.get(Sede.code == SEDE)
        admin = Actor(staff("admin@corte.pe", Role.ADMINISTRADOR))
        _, key = queue.create_kiosk(sede, "Lobby", actor=admin, now=utc_now())
        services = [s.id for s in Service.offered_at(sede)]
        service = Service.get_by_id(services[0])
        day = clock.court_now().date()
        slot = Slot.create(service=service, day=day, starts=time(10, 20), capacity=1, booked=1)
        Appointment.create(
            code=APPOINTMENT,
            request_key="fuzz-appointment",
            slot=slot,
            sede=sede,
            service=service,
            day=day,
            starts=time(10, 20),
            ends=time(10, 39),
            doc_type="DNI",
            doc_number="45678901",
            names="Ana",
            surnames="Quispe",
            email="ana@example.pe",
            phone="987654321",
            issued_at=utc_now() - timedelta(days=3),
        )
    return key, services


# The API reads fee tables and parses text the same on both engines: SQLite is enough here.
@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
@pytest.mark.parametrize("mode", list(schemathesis.GenerationMode))
def test_every_api_answer_is_documented_and_never_a_server_error(app, db, mode):
    schema = schemathesis.openapi.from_wsgi("/api/openapi.json", app)
    key, services = lobby(app)
    positive = mode == schemathesis.GenerationMode.POSITIVE
    operations, issued, tokens = set(), set(), []

    @given(
        case=schema.as_strategy(generation_mode=mode),
        as_generated=st.booleans(),
        pick=st.integers(),
    )
    @settings(
        max_examples=200,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    def call(case, as_generated, pick):
        operations.add(case.path)
        if not as_generated:  # False, the simplest value, is what hypothesis draws most
            steer_to_the_lobby(
                case, key, tokens[-1:], services[pick % len(services)] if positive else None
            )
        clock.advance(timedelta(seconds=10))
        # In-process, nothing undoes the app's compression: ask for the body as it is.
        response = case.call_and_validate(checks=CHECKS, headers={"Accept-Encoding": "identity"})
        if case.path in ISSUING and response.status_code in (200, 201):
            issued.add((case.path, response.status_code))
            tokens.append(response.json()["follow_url"].rsplit("/", 1)[-1])

    call()
    assert len(operations) >= 8
    if positive:  # tickets were really issued, walk-in and check-in
        assert {(path, 201) for path in ISSUING} <= issued, issued


def steer_to_the_lobby(case, key: str, tokens: list[str], service_id: int | None) -> None:
    """The real sede, the kiosk's key and the latest ticket's token; in the positive mode a
    real service and the appointment's code too (the negative mode keeps its broken bodies)."""
    if "code" in (case.path_parameters or {}):
        case.path_parameters["code"] = SEDE
    if "token" in (case.path_parameters or {}) and tokens:
        case.path_parameters["token"] = tokens[0]
    if "X-Device-Key" in (case.headers or {}):  # the operations that take the key
        case.headers = {**case.headers, "X-Device-Key": key}
    if case.path in ISSUING:
        if service_id is None:
            return
        if isinstance(case.body, dict) and "service_id" in case.body:
            case.body["service_id"] = service_id
        if isinstance(case.body, dict) and case.path.endswith("citas"):
            case.body["code"] = APPOINTMENT
