"""The queue's use cases with no request: numbers, check-in, calls, the board, the figures;
and the races: kiosks issuing at the same instant, clerks pressing «call next» together."""

from datetime import datetime, time, timedelta

import pytest

from domain.queue import TicketKind
from domain.roles import Role
from domain.states import AppointmentStatus, TicketStatus
from models import Appointment, AuditEvent, Sede, Service, Window, WindowService
from models.queue import KioskDevice, QueueEvent, QueueTicket
from services import queue
from services.actor import Actor
from services.queue import QueueError
from tests.blueprints.queue_api_helpers import appointment, race
from tests.helpers import staff

NOW = datetime(2026, 12, 2, 15, 0)  # Wednesday 2 December 2026, 10:00 in Lima
THREADS = 8


@pytest.fixture
def sede(ctx):
    return Sede.get(Sede.code == "alzamora")


@pytest.fixture
def kiosk(sede):
    admin = Actor(staff("admin@corte.pe", Role.ADMINISTRADOR))
    device, key = queue.create_kiosk(sede, "Lobby 1", actor=admin, now=NOW)
    return device


@pytest.fixture
def clerk(ctx):
    return Actor(staff("mesa@corte.pe", Role.MESA_DE_PARTES))


def service(sede, code="escritos"):
    return Service.get((Service.sede == sede) & (Service.code == code))


def walk_in(sede, kiosk, key, code="escritos", preference="", now=NOW):
    ticket, _ = queue.take_ticket(
        sede,
        service_id=service(sede, code).id,
        preference=preference,
        request_key=f"key-{key}-000",
        kiosk=kiosk,
        now=now,
    )
    return ticket


def appointment_at(sede, starts=time(10, 20), doc="45678901", code="AAAA-BBBB-CCCC", day=None):
    return appointment(starts=starts, code=code, doc=doc, at=sede.code, day=day)


def window(sede, number=1):
    return Window.get((Window.sede == sede) & (Window.number == number))


def test_walk_ins_are_numbered_per_letter_and_a_retry_prints_once(sede, kiosk):
    first = walk_in(sede, kiosk, "a")
    second = walk_in(sede, kiosk, "b")
    other = walk_in(sede, kiosk, "c", code="demandas")
    preferential = walk_in(sede, kiosk, "d", preference="mayor_65")
    assert [first.label, second.label, other.label] == ["E-001", "E-002", "D-001"]
    assert preferential.label == "P-001" and preferential.kind == TicketKind.PREFERENCIAL
    again, created = queue.take_ticket(
        sede,
        service_id=service(sede).id,
        request_key="key-a-000",
        kiosk=kiosk,
        now=NOW,
    )
    assert again.id == first.id and not created
    tomorrow = walk_in(sede, kiosk, "e", now=NOW + timedelta(days=1))
    assert tomorrow.label == "E-001"


@pytest.mark.parametrize(
    "changes, field",
    [
        ({"service_id": 999999}, "service_id"),
        ({"service_id": "x"}, "service_id"),
        ({"service_id": 10**30}, "service_id"),
        ({"preference": "vip"}, "preference"),
        ({"request_key": "short"}, "request_key"),
    ],
)
def test_a_bad_request_is_refused_by_field(sede, kiosk, changes, field):
    values = dict(service_id=service(sede).id, request_key="k" * 20, kiosk=kiosk, now=NOW)
    with pytest.raises(QueueError) as error:
        queue.take_ticket(sede, **(values | changes))
    assert error.value.field == field


def test_a_service_of_another_sede_is_not_offered(sede, kiosk):
    other = Sede.get(Sede.code == "zavala")
    with pytest.raises(QueueError):
        queue.take_ticket(
            sede, service_id=service(other).id, request_key="k" * 20, kiosk=kiosk, now=NOW
        )


def test_a_device_key_opens_only_its_own_sede_until_revoked(sede, kiosk):
    admin = Actor(staff("jefe@corte.pe", Role.ADMINISTRADOR))
    device, key = queue.create_kiosk(sede, "Lobby 2", actor=admin, now=NOW)
    assert queue.device_for(key, sede, now=NOW).id == device.id
    assert len(key) == 29 and key.count("-") == 5  # six groups of four, typed once
    typed = key.lower().replace("-", "").replace("0", "o")  # as a person might type it
    assert queue.device_for(typed, sede, now=NOW).id == device.id
    with pytest.raises(QueueError, match="no está autorizado"):
        queue.device_for(key, Sede.get(Sede.code == "zavala"), now=NOW)
    with pytest.raises(QueueError):
        queue.device_for("wrong", sede, now=NOW)
    assert queue.revoke_kiosk(device, actor=admin, now=NOW)
    assert not queue.revoke_kiosk(device, actor=admin, now=NOW)
    with pytest.raises(QueueError):
        queue.device_for(key, sede, now=NOW)
    actions = [e.action for e in AuditEvent.select().order_by(AuditEvent.id)]
    assert actions[-3:] == ["kiosco_creado", "kiosco_creado", "kiosco_revocado"][-3:]
    assert KioskDevice.get_by_id(device.id).key_hash != key  # only the hash is kept


def test_check_in_by_code_or_document_gives_an_appointment_ticket(sede, kiosk):
    appointment = appointment_at(sede)
    ticket, created = queue.check_in(
        sede, code="aaaa bbbb cccc", request_key="check-in-1", kiosk=kiosk, now=NOW
    )
    assert created and ticket.label == "C-001" and ticket.appointment_id == appointment.id
    with pytest.raises(QueueError, match="ya se registró: su turno es el C-001"):
        queue.check_in(sede, doc_number="45678901", request_key="check-in-2", kiosk=kiosk, now=NOW)
    second = appointment_at(sede, time(10, 40), doc="11112222", code="DDDD-EEEE-FFFF")
    by_doc, _ = queue.check_in(
        sede, doc_number=" 1111 2222 ", request_key="check-in-3", kiosk=kiosk, now=NOW
    )
    assert by_doc.appointment_id == second.id and by_doc.label == "C-002"


@pytest.mark.parametrize(
    "starts, code, sede_code, match",
    [
        (time(11, 30), "AAAA-BBBB-CCCC", "alzamora", "muy temprano"),
        (time(9, 30), "AAAA-BBBB-CCCC", "alzamora", "pasaron más de 15 minutos"),
        (time(10, 20), "AAAA-BBBB-CCCC", "zavala", "otra sede"),
        (time(10, 20), "ZZZZ-ZZZZ-ZZZZ", "alzamora", "No encontramos"),
    ],
)
def test_check_in_refusals_say_why(sede, kiosk, starts, code, sede_code, match):
    appointment_at(sede, starts)
    here = Sede.get(Sede.code == sede_code)
    device = kiosk
    if here.id != sede.id:
        admin = Actor(staff("a2@corte.pe", Role.ADMINISTRADOR))
        device, _ = queue.create_kiosk(here, "Otro", actor=admin, now=NOW)
    with pytest.raises(QueueError, match=match):
        queue.check_in(here, code=code, request_key="check-in-x", kiosk=device, now=NOW)


def test_a_cancelled_appointment_cannot_check_in(sede, kiosk):
    appointment = appointment_at(sede)
    Appointment.update(status=AppointmentStatus.ANULADA).where(
        Appointment.id == appointment.id
    ).execute()
    with pytest.raises(QueueError, match="no está vigente"):
        queue.check_in(sede, code=appointment.code, request_key="check-in-1", kiosk=kiosk, now=NOW)


def test_call_next_follows_the_order_and_the_console_closes_each_ticket(sede, kiosk, clerk):
    walk = walk_in(sede, kiosk, "a", now=NOW - timedelta(minutes=20))
    appointment_at(sede, time(10, 0))
    checked, _ = queue.check_in(
        sede, code="AAAA-BBBB-CCCC", request_key="check-in-1", kiosk=kiosk, now=NOW
    )
    preferential = walk_in(sede, kiosk, "b", preference="gestante")
    first = queue.call_next(window(sede), actor=clerk, now=NOW)
    assert first.id == preferential.id and first.status == TicketStatus.LLAMADO
    with pytest.raises(QueueError, match="Cierre primero el turno P-001"):
        queue.call_next(window(sede), actor=clerk, now=NOW)
    with pytest.raises(QueueError, match="Vuelva a llamar"):
        queue.no_show(first, actor=clerk, now=NOW)
    queue.recall(first, actor=clerk, now=NOW + timedelta(minutes=1))
    queue.no_show(first, actor=clerk, now=NOW + timedelta(minutes=3))
    second = queue.call_next(window(sede), actor=clerk, now=NOW + timedelta(minutes=3))
    assert second.id == checked.id
    queue.attend(second, actor=clerk, now=NOW + timedelta(minutes=9))
    assert Appointment.get_by_id(checked.appointment_id).status == AppointmentStatus.ATENDIDA
    third = queue.call_next(window(sede), actor=clerk, now=NOW + timedelta(minutes=9))
    assert third.id == walk.id
    queue.transfer(
        third, service(sede, "demandas").id, actor=clerk, now=NOW + timedelta(minutes=10)
    )
    moved = QueueTicket.get_by_id(walk.id)
    assert moved.status == TicketStatus.EN_ESPERA and moved.label == "E-001"
    assert moved.queued_at == walk.queued_at  # not to the back of the line
    assert (
        queue.call_next(window(sede, 2), actor=clerk, now=NOW + timedelta(minutes=11)).id == walk.id
    )
    assert queue.call_next(window(sede), actor=clerk, now=NOW + timedelta(minutes=11)) is None
    history = [e.action for e in QueueEvent.select().where(QueueEvent.ticket == first.id)]
    assert history == ["llamar", "volver_a_llamar", "marcar_no_se_presento"]


def test_only_the_desk_works_the_queue(sede, kiosk):
    walk_in(sede, kiosk, "a")
    verifier = Actor(staff("ver@corte.pe", Role.VERIFICADOR))
    with pytest.raises(QueueError, match="rol"):
        queue.call_next(window(sede), actor=verifier, now=NOW)


def test_one_in_every_n_calls_when_the_sede_says_so(sede, kiosk, clerk):
    admin = Actor(staff("admin2@corte.pe", Role.ADMINISTRADOR))
    assert queue.set_call_order(sede, 2, actor=admin, now=NOW)
    for n in range(3):
        walk_in(sede, kiosk, f"w{n}", now=NOW - timedelta(minutes=30 - n))
        walk_in(sede, kiosk, f"p{n}", preference="mayor_65")
    called = []
    for minute in range(6):
        ticket = queue.call_next(window(sede), actor=clerk, now=NOW + timedelta(minutes=minute))
        called.append(ticket.prefix)
        queue.attend(ticket, actor=clerk, now=NOW + timedelta(minutes=minute))
    assert called == ["P", "E", "P", "E", "P", "E"]
    assert AuditEvent.select().where(AuditEvent.action == "orden_de_llamada_cambiado").count() == 1


def test_the_wait_and_the_board(sede, kiosk, clerk):
    tickets = [walk_in(sede, kiosk, f"t{n}", now=NOW - timedelta(minutes=10 - n)) for n in range(4)]
    position = queue.position(tickets[3], now=NOW)
    windows = queue.windows_for(tickets[3])
    assert position.ahead == 3 and position.minutes == -(-3 * 10 // windows)
    first = queue.call_next(window(sede), actor=clerk, now=NOW)
    queue.attend(first, actor=clerk, now=NOW + timedelta(minutes=4))
    assert queue.service_minutes(sede.id, NOW.date(), service(sede).id) == [4.0]
    board = queue.board(sede, now=NOW + timedelta(minutes=4))
    assert [c["ticket"] for c in board["calls"]] == ["E-001"]
    assert board["calls"][0]["window"] == window(sede).label
    called = queue.position(QueueTicket.get_by_id(first.id), now=NOW)
    assert called.status == TicketStatus.ATENDIDO


def test_the_days_figures_per_service(sede, kiosk, clerk):
    a = walk_in(sede, kiosk, "a", now=NOW - timedelta(minutes=12))
    walk_in(sede, kiosk, "b", code="demandas")
    ticket = queue.call_next(window(sede), actor=clerk, now=NOW)
    assert ticket.id == a.id
    queue.attend(ticket, actor=clerk, now=NOW + timedelta(minutes=5))
    figures = {f.service: f for f in queue.daily_figures(sede, NOW.date())}
    assert figures["Escritos"].served == 1 and figures["Escritos"].median_wait == 12.0
    assert figures["Demandas"].waiting == 1 and figures["Demandas"].median_wait is None


def test_kiosks_issuing_at_the_same_instant_never_share_a_number(app, sede, kiosk):
    sede_id, service_id = sede.id, service(sede).id

    def issue(n):
        ticket, _ = queue.take_ticket(
            Sede.get_by_id(sede_id),
            service_id=service_id,
            request_key=f"race-ticket-{n}",
            kiosk=KioskDevice.get_by_id(kiosk.id),
            now=NOW,
        )
        return ticket.number

    assert sorted(race(app, issue, THREADS)) == list(range(1, THREADS + 1))


def test_clerks_calling_next_at_the_same_instant_never_get_the_same_ticket(app, sede, kiosk):
    for n in range(THREADS):
        walk_in(sede, kiosk, f"r{n}", now=NOW - timedelta(minutes=THREADS - n))
    numbers = [1, 2, 3]
    for n in range(4, THREADS + 1):  # more windows than the demo has
        Window.create(sede=sede, number=n)
        numbers.append(n)
    clerks = [staff(f"c{n}@corte.pe", Role.MESA_DE_PARTES).id for n in range(THREADS)]
    windows = [window(sede, n).id for n in numbers[:THREADS]]

    def call(n):
        from models import User

        ticket = queue.call_next(
            Window.get_by_id(windows[n]), actor=Actor(User.get_by_id(clerks[n])), now=NOW
        )
        return ticket.id if ticket else None

    called = race(app, call, THREADS)
    assert None not in called and len(set(called)) == THREADS


def test_a_double_tap_on_call_next_calls_once(app, sede, kiosk, clerk):
    for n in range(2):
        walk_in(sede, kiosk, f"d{n}")
    window_id, clerk_id = window(sede).id, clerk.user.id

    def call(_):
        from models import User

        try:
            ticket = queue.call_next(
                Window.get_by_id(window_id), actor=Actor(User.get_by_id(clerk_id)), now=NOW
            )
        except QueueError:
            return "refused"
        return ticket.id

    results = race(app, call, 2)
    assert results.count("refused") == 1
    assert QueueTicket.select().where(QueueTicket.status == TicketStatus.LLAMADO).count() == 1


def test_checking_in_again_says_where_the_ticket_stands(sede, kiosk, clerk):
    """A second check-in of the same appointment: «wait to be called» only while it waits."""
    appointment_at(sede, time(10, 0))
    first, _ = queue.check_in(
        sede, code="AAAA-BBBB-CCCC", request_key="check-in-1", kiosk=kiosk, now=NOW
    )

    def again(n):
        with pytest.raises(QueueError) as refusal:
            queue.check_in(
                sede, doc_number="45678901", request_key=f"check-in-{n}", kiosk=kiosk, now=NOW
            )
        return str(refusal.value)

    assert "Espere a que lo llamen" in again(2)
    called = queue.call_next(window(sede, 2), actor=clerk, now=NOW)
    assert called.id == first.id
    assert "ya fue llamado: acérquese a Ventanilla 2" in again(3)
    queue.recall(called, actor=clerk, now=NOW)
    queue.no_show(called, actor=clerk, now=NOW)
    message = again(4)
    assert "no se presentó" in message and "Espere" not in message


def test_a_transferred_ticket_is_recalled_before_a_no_show_in_its_new_service(sede, kiosk, clerk):
    ticket = walk_in(sede, kiosk, "a")
    called = queue.call_next(window(sede), actor=clerk, now=NOW)
    queue.transfer(called, service(sede, "demandas").id, actor=clerk, now=NOW)
    again = queue.call_next(window(sede), actor=clerk, now=NOW + timedelta(minutes=1))
    assert again.id == ticket.id and again.calls == 1  # called once where it is now
    with pytest.raises(QueueError, match="Vuelva a llamar"):
        queue.no_show(again, actor=clerk, now=NOW + timedelta(minutes=2))


def test_those_ahead_include_other_services_the_same_windows_call_first(sede, kiosk):
    """The demo's windows serve every service: an earlier Demandas walk-in and a preferential
    ticket are called before a later Escritos walk-in, so they are ahead of it."""
    walk_in(sede, kiosk, "d", code="demandas", now=NOW - timedelta(minutes=5))
    walk_in(sede, kiosk, "p", code="demandas", preference="gestante")
    mine = walk_in(sede, kiosk, "e", now=NOW - timedelta(minutes=1))
    assert queue.position(mine, now=NOW).ahead == 2
    for number in (1, 2, 3):
        WindowService.create(window=window(sede, number), service=service(sede))
    assert queue.position(mine, now=NOW).ahead == 0  # its windows now call Escritos only
