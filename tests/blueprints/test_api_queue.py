"""The queue's JSON API: each operation's real answers held to /api/openapi.json, and what
the kiosk, the board and an attacker may do with it: the device key, retried taps, bad ids and
bodies, the board's ETag, a ticket's public place, the check-in refusals."""

import io
import json
from datetime import time, timedelta

import pytest
from werkzeug.test import EnvironBuilder

from domain.roles import Role
from domain.states import AppointmentStatus
from models import Appointment, Service, Window
from services import clock, queue
from services.actor import Actor
from services.clock import utc_now
from tests.blueprints.api_helpers import conforms, schema
from tests.blueprints.queue_api_helpers import (
    BOARD,
    CHECK_INS,
    DEVICE,
    PLACE,
    SEDE,
    SETUP,
    TICKETS,
    TODAY,
    address,
    appointment,
    sede,
    service,
    tickets,
)
from tests.helpers import make_app, staff

# The pages' SQL is the same on both engines (the use cases' races run on both in
# tests/services/test_queue.py): once, on SQLite, keeps the suite within its budget.
pytestmark = pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)

NOT_AUTHORIZED = "Este terminal no está autorizado a dar turnos en esta sede."
NO_SERVICE = "Elija uno de los servicios de esta sede."


def answer(response, path: str, status: int, method: str = "get"):
    """The response, once it is shown to be the documented one: its status, JSON, its body's
    schema, and no cookie (the API keeps no session)."""
    assert response.status_code == status, response.get_data(as_text=True)
    assert "Set-Cookie" not in response.headers
    assert response.mimetype == "application/json"
    body = response.get_json()
    assert conforms(body, schema(path, status, method)) == [], body
    return body


@pytest.fixture
def admin(app, db):
    return Actor(staff("admin@corte.pe", Role.ADMINISTRADOR))


@pytest.fixture
def key(app, admin):
    """A live kiosk key of the sede."""
    with app.app_context():
        _, key = queue.create_kiosk(sede(), "Lobby 1", actor=admin, now=utc_now())
    return key


def issue(client, key, request_key="tap-0001-abcd", path=TICKETS, at=SEDE, **body):
    body = {"service_id": service().id, "request_key": request_key} | body
    if path == CHECK_INS:
        body.pop("service_id")
    headers = {"X-Device-Key": key} if key is not None else {}
    return client.post(path.format(code=at), json=body, headers=headers)


def call_next(app):
    """A clerk calls the next ticket at window 1 (what the board shows)."""
    clerk = Actor(staff("mesa@corte.pe", Role.MESA_DE_PARTES))
    window = Window.get((Window.sede == sede()) & (Window.number == 1))
    with app.app_context():
        return queue.call_next(window, actor=clerk, now=utc_now())


# --- what the kiosk offers, and its key ---------------------------------------------------


def test_the_kiosk_setup_lists_the_sedes_services_and_preferences(client, db):
    response = client.get(address(SETUP))
    body = answer(response, SETUP, 200)
    assert body["sede"]["code"] == SEDE
    letters = {s["name"]: s["prefix"] for s in body["services"]}
    assert service().name in letters and "P" not in letters.values()
    assert {p["key"] for p in body["preferences"]} >= {"mayor_65", "gestante"}
    again = client.get(address(SETUP), headers={"If-None-Match": response.headers["ETag"]})
    assert again.status_code == 304 and again.data == b""
    answer(client.get(address(SETUP, code="no-existe")), SETUP, 404)
    answer(client.get(address(SETUP, code="x" * 300)), SETUP, 404)


def test_the_device_check_says_which_terminal_a_key_is(client, key, app, admin):
    body = answer(client.get(address(DEVICE), headers={"X-Device-Key": key}), DEVICE, 200)
    assert body == {"name": "Lobby 1", "sede": sede().name}
    response = client.get(address(DEVICE))
    assert answer(response, DEVICE, 403) == {"errors": {"device": [NOT_AUTHORIZED]}}
    assert (
        "no-store"
        in client.get(address(DEVICE), headers={"X-Device-Key": key}).headers["Cache-Control"]
    )
    other = client.get(address(DEVICE, code="zavala"), headers={"X-Device-Key": key})
    answer(other, DEVICE, 403)
    answer(client.get(address(DEVICE, code="nada"), headers={"X-Device-Key": key}), DEVICE, 404)


@pytest.mark.parametrize("which", ["missing", "wrong", "other sede", "revoked", "huge"])
def test_no_ticket_without_a_live_key_of_the_sede(client, key, app, admin, which):
    if which == "other sede":
        with app.app_context():
            _, key = queue.create_kiosk(sede("zavala"), "Zavala 1", actor=admin, now=utc_now())
    if which == "revoked":
        with app.app_context():
            queue.revoke_kiosk(
                queue.device_for(key, sede(), now=utc_now()), actor=admin, now=utc_now()
            )
    key = {"missing": None, "wrong": "x" * 32, "huge": "k" * 10_000}.get(which, key)
    for path in (TICKETS, CHECK_INS):
        body = answer(issue(client, key, path=path, code="AAAA-BBBB-CCCC"), path, 403, "post")
        assert body == {"errors": {"device": [NOT_AUTHORIZED]}}
    assert tickets() == 0


# --- walk-in tickets ------------------------------------------------------------------------


def test_a_walk_in_ticket_and_its_retry_are_one_ticket(client, key):
    first = issue(client, key)
    ticket = answer(first, TICKETS, 201, "post")
    assert ticket["ticket"] == "E-001" and ticket["kind"] == "sin_cita"
    assert ticket["status"] == "en_espera" and ticket["ahead"] == 0
    assert ticket["appointment"] is None and ticket["qr_svg"].startswith("<svg")
    assert ticket["follow_url"].startswith("http://localhost/cola/")
    assert "no-store" in first.headers["Cache-Control"]
    again = answer(issue(client, key), TICKETS, 200, "post")
    assert again["follow_url"] == ticket["follow_url"] and tickets() == 1
    second = answer(issue(client, key, "tap-0002-abcd"), TICKETS, 201, "post")
    assert (second["ticket"], second["ahead"]) == ("E-002", 1)
    preferential = issue(client, key, "tap-0003-abcd", preference="gestante")
    assert answer(preferential, TICKETS, 201, "post")["ticket"] == "P-001"


def test_a_request_key_of_another_kiosk_is_refused(client, key, app, admin):
    answer(issue(client, key), TICKETS, 201, "post")
    with app.app_context():
        _, other = queue.create_kiosk(sede(), "Lobby 2", actor=admin, now=utc_now())
    body = answer(issue(client, other), TICKETS, 422, "post")
    assert body == {"errors": {"request_key": ["Vuelva a intentarlo desde el inicio."]}}
    assert tickets() == 1


def _inactive_service():
    Service.update(active=False).where(Service.id == service("demandas").id).execute()
    return service("demandas").id


BAD_SERVICE_IDS = {
    "another sede's": lambda: service(at="zavala").id,
    "inactive": _inactive_service,
    "true": lambda: True,
    "float": lambda: float(service().id),
    "huge": lambda: 10**30,
    "past a column": lambda: 2**31,
    "negative": lambda: -service().id,
    "text": lambda: "escritos",
    "arabic digits": lambda: "".join(chr(0x660 + int(d)) for d in str(service().id)),
    "fullwidth digits": lambda: "".join(chr(0xFF10 + int(d)) for d in str(service().id)),
    "missing": lambda: None,
    "a list": lambda: [service().id],
}


@pytest.mark.parametrize("kind", list(BAD_SERVICE_IDS))
def test_a_service_the_kiosk_may_not_offer_is_422_in_spanish(client, key, kind):
    body = answer(issue(client, key, service_id=BAD_SERVICE_IDS[kind]()), TICKETS, 422, "post")
    assert body == {"errors": {"service_id": [NO_SERVICE]}}
    assert tickets() == 0


def test_bad_preference_and_request_key_are_422(client, key):
    body = answer(issue(client, key, preference="vip"), TICKETS, 422, "post")
    assert list(body["errors"]) == ["preference"]
    for bad in ("short", "", "x" * 65, 12345678):
        body = answer(issue(client, key, request_key=bad), TICKETS, 422, "post")
        assert list(body["errors"]) == ["request_key"], bad
    assert tickets() == 0


BAD_BODIES = {
    "over 2 KB": dict(json={"service_id": 1, "request_key": "k" * 8, "pad": "x" * 2100}),
    "not JSON": dict(data="service_id=1&request_key=abcdefgh", content_type="text/plain"),
    "a form": dict(data={"service_id": "1", "request_key": "abcdefgh"}),
    "a JSON array": dict(json=[{"service_id": 1, "request_key": "abcdefgh"}]),
    "a JSON string": dict(json="hola"),
    "broken JSON": dict(data='{"service_id": 1,', content_type="application/json"),
    "no body": dict(),
    "nested 2,000 deep": dict(data="[" * 2000, content_type="application/json"),
    "not UTF-8": dict(data=b'{"request_key": "\xff\xfe"}', content_type="application/json"),
    "a 5,000-digit number": dict(
        data='{"service_id": ' + "9" * 5000 + "}", content_type="application/json"
    ),
}


@pytest.mark.parametrize("kind", list(BAD_BODIES))
def test_a_body_that_is_not_a_small_json_object_is_400(client, key, kind):
    response = client.post(address(TICKETS), headers={"X-Device-Key": key}, **BAD_BODIES[kind])
    body = answer(response, TICKETS, 400, "post")
    assert body == {"errors": {"request": ["Envíe un objeto JSON de menos de 2 KB."]}}
    assert tickets() == 0


# --- a ticket's public place ---------------------------------------------------------------


def test_a_tickets_place_shows_no_personal_data(client, key, db):
    appointment()
    checked = answer(
        issue(client, key, path=CHECK_INS, code="aaaa bbbb cccc"), CHECK_INS, 201, "post"
    )
    token = checked["follow_url"].rsplit("/", 1)[-1]
    response = client.get(address(PLACE, token=token))
    place = answer(response, PLACE, 200)
    assert "no-store" in response.headers["Cache-Control"]
    assert place["ticket"] == checked["ticket"] and place["status"] == "en_espera"
    text = response.get_data(as_text=True)
    for personal in ("Ana", "Quispe", "45678901", "8901", "AAAA", "CCCC", "example.pe", "98765"):
        assert personal not in text, personal


@pytest.mark.parametrize("token", ["nada", "x" * 16, "x" * 65, "9" * 5000, "%C3%B1", "..%2F..%2F"])
def test_a_wrong_token_is_404(client, db, token):
    response = client.get(f"/api/turnos/{token}")
    assert response.status_code == 404 and "Set-Cookie" not in response.headers
    assert conforms(response.get_json(), schema(PLACE, 404)) == []


# --- the board ------------------------------------------------------------------------------


def test_the_board_answers_304_until_a_call_changes_it(client, key, app):
    first = client.get(address(BOARD))
    assert answer(first, BOARD, 200) == {"sede": sede().name, "calls": []}
    etag = first.headers["ETag"]
    assert first.headers["Cache-Control"] == "no-cache"
    same = client.get(address(BOARD), headers={"If-None-Match": etag})
    assert same.status_code == 304 and same.data == b""
    answer(issue(client, key), TICKETS, 201, "post")
    assert client.get(address(BOARD), headers={"If-None-Match": etag}).status_code == 304
    call_next(app)
    changed = client.get(address(BOARD), headers={"If-None-Match": etag})
    (call,) = answer(changed, BOARD, 200)["calls"]
    assert (call["ticket"], call["window"], call["recall"]) == ("E-001", "Ventanilla 1", False)
    assert changed.headers["ETag"] != etag
    answer(client.get(address(BOARD, code="nada")), BOARD, 404)


# --- appointments' check-in ---------------------------------------------------------------


def test_an_appointment_checks_in_by_its_code_or_by_document(client, key, db):
    appointment()
    appointment(starts=time(10, 40), code="DDDD-EEEE-FFFF", doc="11112222")
    by_code = issue(client, key, path=CHECK_INS, code="https://x/verificar/cita/aaaabbbbcccc")
    ticket = answer(by_code, CHECK_INS, 201, "post")
    assert ticket["ticket"] == "C-001" and ticket["kind"] == "cita"
    assert ticket["appointment"]["starts"] == "10:20"
    assert ticket["appointment"]["names"] == "Ana"
    retried = issue(client, key, path=CHECK_INS, code="AAAA-BBBB-CCCC")
    assert answer(retried, CHECK_INS, 200, "post")["ticket"] == "C-001"
    by_doc = issue(client, key, "tap-0002-abcd", path=CHECK_INS, doc_number=" 1111 2222 ")
    assert answer(by_doc, CHECK_INS, 201, "post")["ticket"] == "C-002"
    assert tickets() == 2


def test_check_in_by_document_does_not_reveal_the_appointments_code(client, key, db):
    """The code opens the appointment's ticket (full name) and, with the document, its
    cancellation: whoever types someone's document number at the kiosk must not learn it."""
    appointment()
    ticket = answer(
        issue(client, key, path=CHECK_INS, doc_number="45678901"), CHECK_INS, 201, "post"
    )
    assert "BBBB" not in str(ticket) and "AAAA" not in str(ticket)
    assert ticket["appointment"]["code"].endswith("CCCC")


def _cancelled():
    booked = appointment()
    Appointment.update(status=AppointmentStatus.ANULADA).where(
        Appointment.id == booked.id
    ).execute()


def _used(client, key):
    appointment()
    answer(
        issue(client, key, "tap-first-0001", path=CHECK_INS, code="AAAA-BBBB-CCCC"),
        CHECK_INS,
        201,
        "post",
    )


REFUSALS = [
    (
        lambda c, k: appointment(starts=time(11, 30)),
        "Es muy temprano: su cita es a las 11:30. Regístrese desde las 10:30.",
    ),
    (
        lambda c, k: appointment(starts=time(9, 30)),
        "Su cita era a las 09:30 y pasaron más de 15 minutos. Puede sacar un turno sin cita.",
    ),
    (
        lambda c, k: appointment(at="zavala"),
        "Su cita es en otra sede: {zavala}. Acuda allí o pida ayuda en informes.",
    ),
    (_used, "Esta cita ya se registró: su turno es el C-001. Espere a que lo llamen."),
    (
        lambda c, k: _cancelled(),
        "Esta cita no está vigente (fue anulada, reprogramada o ya se atendió).",
    ),
    (
        lambda c, k: appointment(day=TODAY + timedelta(days=1)),
        "Su cita es otro día: el 03/12/2026 a las 10:20. Hoy puede sacar un turno sin cita.",
    ),
    (lambda c, k: None, "No encontramos una cita con ese código. Revíselo."),
]


@pytest.mark.parametrize("make, message", REFUSALS)
def test_check_in_refusals_are_422_with_what_to_do(client, key, db, make, message):
    make(client, key)
    before = tickets()
    response = issue(client, key, path=CHECK_INS, code="AAAA-BBBB-CCCC")
    body = answer(response, CHECK_INS, 422, "post")
    assert body == {"errors": {"code": [message.format(zavala=sede("zavala").name)]}}
    assert tickets() == before


def test_check_in_by_an_unknown_document_is_422_under_doc_number(client, key, db):
    body = answer(issue(client, key, path=CHECK_INS, doc_number="99999999"), CHECK_INS, 422, "post")
    assert "No encontramos una cita para hoy" in body["errors"]["doc_number"][0]
    body = answer(issue(client, key, path=CHECK_INS), CHECK_INS, 422, "post")
    assert body["errors"] == {"code": ["Escriba el código de su cita o su número de documento."]}


# --- every documented answer, checked against a real one ----------------------------------


def test_every_documented_queue_answer_is_checked(client, key, db):
    """The document lists, per operation, exactly the statuses the tests above meet and hold
    to it with answer(): a status documented or dropped changes both together."""
    from blueprints.api.openapi import QUEUE_PATHS

    met = {
        (SETUP, "get"): {"200", "304", "404"},
        (DEVICE, "get"): {"200", "403", "404"},
        (TICKETS, "post"): {"201", "200", "400", "403", "404", "422", "429"},
        (CHECK_INS, "post"): {"201", "200", "400", "403", "404", "422", "429"},
        (PLACE, "get"): {"200", "404"},
        (BOARD, "get"): {"200", "304", "404"},
    }
    documented = {
        (path, method): set(operation["responses"]) - {"default"}
        for path, item in QUEUE_PATHS.items()
        for method, operation in item.items()
    }
    assert documented == met


# --- an attacker's requests -----------------------------------------------------------------


@pytest.mark.parametrize(
    "path, field",
    [
        (TICKETS, "request_key"),
        (CHECK_INS, "request_key"),
        (CHECK_INS, "code"),
        (CHECK_INS, "doc_number"),
    ],
)
def test_nul_in_a_json_field_is_refused_not_a_server_error(client, key, db, path, field):
    """PostgreSQL refuses text holding NUL: it must never reach a query."""
    appointment()
    values = {"request_key": "tap-0001-abcd", "code": "AAAA-BBBB-CCCC"} | {field: "abcd\x00efgh"}
    if field == "doc_number":
        values.pop("code")
    response = client.post(address(path), json=values, headers={"X-Device-Key": key})
    body = answer(response, path, 400, "post")
    assert body == {"errors": {"request": ["Envíe solo texto, sin caracteres NUL."]}}
    assert tickets() == 0


def test_a_chunked_body_past_2_kb_is_refused_before_it_is_read(app, key):
    """Without a Content-Length (chunked, straight to gunicorn) the 2 KB limit holds too:
    the body is not read past it."""
    big = b'{"service_id": 1, "request_key": "tap-0001-abcd", "pad": "' + b"x" * 50_000 + b'"}'
    stream = io.BytesIO(big)
    environ = EnvironBuilder(
        address(TICKETS), method="POST", headers={"X-Device-Key": key}
    ).get_environ()
    environ.pop("CONTENT_LENGTH", None)
    environ.update({"CONTENT_TYPE": "application/json", "wsgi.input": stream})
    environ.update({"wsgi.input_terminated": True, "HTTP_TRANSFER_ENCODING": "chunked"})
    status = []
    body = b"".join(app(environ, lambda line, headers: status.append(line)))
    assert status == ["400 BAD REQUEST"], body
    assert json.loads(body) == {"errors": {"request": ["Envíe un objeto JSON de menos de 2 KB."]}}
    assert stream.tell() < 10_000
    assert tickets() == 0


def test_links_come_from_public_url_never_from_the_host_header(tmp_path, database_url):
    app = make_app(
        database_url,
        tmp_path,
        PUBLIC_URL="https://citas.corte.pe",
        TRUSTED_HOSTS=["localhost", "atacante.example"],
    )
    client = app.test_client()
    with app.app_context():
        admin = Actor(staff("admin@corte.pe", Role.ADMINISTRADOR))
        _, key = queue.create_kiosk(sede(), "Lobby", actor=admin, now=utc_now())
    headers = {"X-Device-Key": key, "Host": "atacante.example", "X-Forwarded-Host": "otro.example"}
    body = {"service_id": service().id, "request_key": "tap-0001-abcd"}
    ticket = client.post(address(TICKETS), json=body, headers=headers).get_json()
    assert ticket["follow_url"].startswith("https://citas.corte.pe/cola/")
    assert "atacante" not in str(ticket) and "otro.example" not in str(ticket)
    untrusted = client.post(address(TICKETS), json=body, headers=headers | {"Host": "malo.example"})
    assert untrusted.status_code == 400


def test_a_kiosk_key_issues_at_a_lobbys_pace_then_429_in_spanish(client, key):
    """A stolen key cannot fill a sede's queue: a lobby issues a ticket every few seconds,
    far below the limit; past it the kiosk is told, in Spanish, and when to try again."""
    for n in range(queue.KIOSK_PER_MINUTE):
        answer(issue(client, key, f"tap-{n:04d}-abcd"), TICKETS, 201, "post")
    refused = issue(client, key, "tap-over-abcd")
    body = answer(refused, TICKETS, 429, "post")
    assert body["errors"]["request"][0].startswith("Este quiosco pidió demasiados turnos seguidos")
    assert int(refused.headers["Retry-After"]) > 0
    answer(issue(client, key, "tap-over-efgh", path=CHECK_INS, code="AAAA"), CHECK_INS, 429, "post")
    assert tickets() == queue.KIOSK_PER_MINUTE
    clock.advance(timedelta(minutes=1))
    answer(issue(client, key, "tap-later-abcd"), TICKETS, 201, "post")


def test_other_errors_of_the_queue_operations_are_documented(client, key, db):
    answer(issue(client, key, at="nada"), TICKETS, 404, "post")
    answer(issue(client, key, path=CHECK_INS, at="nada", code="AAAA"), CHECK_INS, 404, "post")
    response = client.post(address(CHECK_INS), json=["x"], headers={"X-Device-Key": key})
    answer(response, CHECK_INS, 400, "post")
    wrong_method = client.get(address(TICKETS))
    assert wrong_method.status_code == 405 and "POST" in wrong_method.headers["Allow"]
    body = wrong_method.get_json()
    assert conforms(body, schema(TICKETS, "default", "post")) == []
    assert body["errors"]["request"][0].startswith("Esta dirección solo responde a POST")
    assert (
        client.post(address(BOARD))
        .get_json()["errors"]["request"][0]
        .startswith("Esta dirección solo responde a GET")
    )


def test_a_body_past_the_apps_limit_is_the_documented_413(tmp_path, database_url):
    """Before any view reads it, a form past MAX_CONTENT_LENGTH (40 MB; 4 KB here) is refused
    by the app itself: the API's one error shape, under request."""
    app = make_app(database_url, tmp_path, MAX_CONTENT_LENGTH=4096)
    form = {"service_id": "1", "request_key": "x" * 5000}
    response = app.test_client().post(address(TICKETS), data=form)
    assert response.status_code == 413 and response.mimetype == "application/json"
    assert conforms(response.get_json(), schema(TICKETS, "default", "post")) == []
    [message] = response.get_json()["errors"]["request"]
    assert message.startswith("El envío es demasiado grande. La API recibe"), message
