"""The assistance desk's use cases called directly: numbers under concurrency, who may answer
and close, and what each leaves in the audit log."""

import threading
from datetime import date

import pytest

from db import database
from domain.roles import Role
from domain.states import AssistanceStatus, NotPermitted
from models import AssistanceTicket, AuditEvent
from services import assistance
from services.actor import Actor
from services.clock import utc_now
from tests.helpers import staff

REQUEST = assistance.Request(
    kind="reclamo",
    names="Ana María",
    surnames="Quispe Mamani",
    doc_type="DNI",
    doc_number="45678901",
    gender="femenino",
    age=36,
    phone="987654321",
    email="ana@example.pe",
    text="No me atendieron en la mesa de partes pese a tener cita.",
)
THREADS = 8


def fields(n: int) -> dict:
    return {
        "kind": "consulta",
        "names": "Ana",
        "surnames": "Quispe",
        "doc_type": "DNI",
        "doc_number": "45678901",
        "gender": "femenino",
        "age": 30,
        "phone": "987654321",
        "email": f"p{n}@example.pe",
        "text": "Una consulta de prueba de concurrencia.",
        "created_at": utc_now(),
        "received_on": date(2026, 12, 2),
    }


def race(app, keys: list[str]) -> list:
    """Open a ticket per key, every thread at once, each on its own connection."""
    barrier, results, errors = threading.Barrier(len(keys)), [], []

    def open_one(n, key):
        with app.app_context():
            try:
                barrier.wait()
                results.append(AssistanceTicket.open(year=2026, request_key=key, **fields(n)))
            except Exception as error:  # reported below: a thread's failure must fail the test
                errors.append(error)
            finally:
                database.close()

    threads = [threading.Thread(target=open_one, args=(n, key)) for n, key in enumerate(keys)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors, errors
    return results


def test_requests_racing_get_consecutive_numbers_never_the_same(app, db):
    results = race(app, [f"key-{n:02d}-racing-for-a-number" for n in range(THREADS)])
    sequences = sorted(ticket.sequence for ticket, created in results if created)
    assert sequences == list(range(1, THREADS + 1))


def test_one_form_sent_many_times_at_once_opens_one_ticket(app, db):
    results = race(app, ["the-same-form-sent-again"] * THREADS)
    assert sum(created for _ticket, created in results) == 1
    assert {ticket.id for ticket, _created in results} == {AssistanceTicket.get().id}


def test_numbers_start_again_each_year(app, db):
    with app.app_context():
        AssistanceTicket.open(year=2026, request_key="a" * 16, **fields(1))
        ticket, _ = AssistanceTicket.open(year=2027, request_key="b" * 16, **fields(2))
    assert ticket.number == "AS-2027-000001"


@pytest.fixture
def ticket(ctx):
    opened, created = assistance.submit(
        REQUEST, request_key="k" * 22, actor=Actor(None, "10.0.0.1"), now=utc_now()
    )
    assert created
    return opened


@pytest.mark.parametrize("roles", [Role.VERIFICADOR, Role.MESA_DE_PARTES, Role.NOTIFICADOR, ""])
def test_only_the_desk_and_the_administrator_answer_or_close(ticket, roles):
    someone = Actor(staff(f"x{roles}@corte.pe", roles), "10.0.0.2")
    with pytest.raises(NotPermitted):
        assistance.answer(ticket, "Hola", seen=0, actor=someone, now=utc_now())
    with pytest.raises(NotPermitted):
        assistance.close(ticket, actor=someone, now=utc_now())
    assert AssistanceTicket.get_by_id(ticket.id).status == AssistanceStatus.ABIERTO


@pytest.mark.parametrize("roles", [Role.ATENCION, Role.ADMINISTRADOR])
def test_the_desk_answers_and_closes_and_the_log_says_who(ticket, roles):
    desk = Actor(staff("desk@corte.pe", roles), "10.0.0.3")
    assistance.answer(ticket, "Le respondemos.", seen=0, actor=desk, now=utc_now())
    assistance.close(ticket, actor=desk, now=utc_now())
    stored = AssistanceTicket.get_by_id(ticket.id)
    assert (stored.status, stored.answer_count) == (AssistanceStatus.CERRADO, 1)
    logged = [
        (e.action, e.actor_label, e.ip)
        for e in AuditEvent.select()
        .where(AuditEvent.subject == ticket.number)
        .order_by(AuditEvent.id)
    ]
    assert logged == [
        ("asistencia_recibida", "", "10.0.0.1"),
        ("asistencia_respondida", "desk@corte.pe", "10.0.0.3"),
        ("asistencia_cerrada", "desk@corte.pe", "10.0.0.3"),
    ]
