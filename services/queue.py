"""The lobby's queue: tickets from the kiosk (walk-in or appointment check-in), the clerk's
calls, the board, the public page that follows a ticket, and the day's figures.

Every use case takes `now` (UTC) and, for the clerk's, the actor; the kiosk's take the
KioskDevice its key belongs to. Numbers come from a counter row updated inside the ticket's
transaction and calls are compare-and-set on the ticket's status, so two kiosks never print
the same number and two clerks never call the same person.
"""

import secrets
from dataclasses import dataclass
from datetime import date, datetime

from peewee import IntegrityError

from db import is_sqlite, write_transaction
from domain import queue as rules
from domain.clock import to_utc
from domain.codes import normalize_code
from domain.queue import PreferenceReason, TicketKind
from domain.states import (
    APPOINTMENT,
    QUEUE_TICKET,
    AppointmentAction,
    TicketAction,
    TicketStatus,
    TransitionNotAllowed,
)
from models import Appointment, Court, Sede, Service, Window
from models.court import kept_while
from models.queue import KioskDevice, QueueCounter, QueueEvent, QueueTicket
from services import audit, limits
from services.actor import Actor


class QueueError(Exception):
    """A request the queue cannot take, in Spanish; `field` names what to correct."""

    def __init__(self, message: str, field: str = ""):
        super().__init__(message)
        self.field = field


class TooManyTickets(QueueError):
    """A kiosk asked for tickets faster than any lobby does; `retry_after`: seconds to wait."""

    def __init__(self, retry_after: int):
        super().__init__(
            "Este quiosco pidió demasiados turnos seguidos. Espere un momento y vuelva a "
            "intentarlo; si sigue, avise al personal de la sede.",
            "request",
        )
        self.retry_after = retry_after


@dataclass(frozen=True)
class Position:
    status: str
    ahead: int  # people who will be called before this ticket
    minutes: int  # the estimated wait
    window: str  # where to go, once called
    expired: bool = False  # waiting or called on a day gone by: nobody will call it now


def local_day(now: datetime) -> date:
    return Court.current().local_time(now).date()


# --- the kiosk ------------------------------------------------------------------------------


def device_for(key: str, sede: Sede, *, now: datetime) -> KioskDevice:
    """The kiosk this key opens at this sede; QueueError when it does not."""
    device = KioskDevice.with_key(key)
    if device is None or device.sede_id != sede.id:
        raise QueueError("Este terminal no está autorizado a dar turnos en esta sede.", "device")
    if device.last_seen_at is None or (now - device.last_seen_at).total_seconds() > 60:
        KioskDevice.update(last_seen_at=now).where(KioskDevice.id == device.id).execute()
    return device


# What one kiosk may ask for (tickets and check-ins, refused ones too): a busy lobby issues
# one every few seconds, far below; a stolen key cannot fill the sede's queue, nor try document
# numbers at speed. (seconds, requests) per window.
KIOSK_PER_MINUTE = 30
KIOSK_PER_HOUR = 600
KIOSK_PACE = ((60, KIOSK_PER_MINUTE), (3600, KIOSK_PER_HOUR))


def keep_pace(device: KioskDevice, *, now: datetime) -> None:
    """Count one issuing request of this kiosk; TooManyTickets past its pace."""
    at = limits.timestamp_of(now)
    windows = [(f"kiosk:{device.id}:{seconds}", seconds) for seconds, _ in KIOSK_PACE]
    for (seconds, most), total in zip(KIOSK_PACE, limits.hit_all(windows, at), strict=True):
        if total > most:
            raise TooManyTickets(seconds - int(at) % seconds)


def prefixes(sede) -> dict[int, str]:
    """Each service's letter at a sede, inactive ones included (their tickets keep it)."""
    query = Service.select(Service.id, Service.name, Service.queue_prefix).where(
        Service.sede == sede
    )
    return rules.service_prefixes((s.id, s.name, s.queue_prefix) for s in query)


def kiosk_services(sede: Sede) -> list[tuple[Service, str]]:
    """The services a walk-in may choose at this sede, with their letters."""
    letters = prefixes(sede)
    return [(service, letters[service.id]) for service in Service.offered_at(sede)]


def take_ticket(
    sede: Sede,
    *,
    service_id,
    preference: str = "",
    request_key: str,
    kiosk: KioskDevice,
    now: datetime,
) -> tuple[QueueTicket, bool]:
    """A walk-in's ticket (preferential when `preference` names a reason); (ticket, created).
    The same request_key gives back the same ticket: a retried tap prints once."""
    if preference and preference not in PreferenceReason.choices():
        raise QueueError("Elija una de las razones de la lista.", "preference")
    service = Service.get_or_none(
        (Service.id == _int(service_id)) & (Service.sede == sede) & Service.active
    )
    if service is None:
        raise QueueError("Elija uno de los servicios de esta sede.", "service_id")
    kind = TicketKind.PREFERENCIAL if preference else TicketKind.SIN_CITA
    prefix = rules.PREFERENTIAL_PREFIX if preference else prefixes(sede)[service.id]
    return _issue(
        sede,
        service,
        prefix,
        kind=kind,
        preference=preference,
        request_key=request_key,
        kiosk=kiosk,
        now=now,
    )


def check_in(
    sede: Sede,
    *,
    code: str = "",
    doc_number: str = "",
    request_key: str,
    kiosk: KioskDevice,
    now: datetime,
) -> tuple[QueueTicket, bool]:
    """The ticket of an appointment found by its code (typed or scanned) or by the document
    number of a person with an appointment today; QueueError says why not."""
    court = Court.current()
    local = court.local_time(now)
    appointment = _appointment_for(sede, code, doc_number, local.date())
    existing = QueueTicket.get_or_none(QueueTicket.appointment == appointment)
    if existing is not None and existing.request_key == request_key:
        return existing, False
    problem = rules.check_in_problem(
        active=appointment.is_active,
        sede_matches=appointment.sede_id == sede.id,
        sede_name=appointment.sede.name,
        day=appointment.day,
        starts=appointment.starts,
        now_local=local,
        ticket_label=existing.label if existing else None,
        ticket_status=existing.status if existing else TicketStatus.EN_ESPERA,
        ticket_window=existing.window.label if existing and existing.window_id else "",
    )
    if problem:
        raise QueueError(problem, "code" if code else "doc_number")
    starts_utc = to_utc(court.timezone, appointment.day, appointment.starts).replace(tzinfo=None)
    return _issue(
        sede,
        appointment.service,
        rules.APPOINTMENT_PREFIX,
        kind=TicketKind.CITA,
        refused_as="code" if code else "doc_number",
        appointment=appointment,
        appointment_at=starts_utc,
        request_key=request_key,
        kiosk=kiosk,
        now=now,
    )


def _appointment_for(sede: Sede, code: str, doc_number: str, today: date) -> Appointment:
    if code.strip():
        found = Appointment.by_code(normalize_code(code))
        if found is None:
            raise QueueError("No encontramos una cita con ese código. Revíselo.", "code")
        return found
    number = "".join((doc_number or "").split()).upper()[:20]
    if not number:
        raise QueueError("Escriba el código de su cita o su número de documento.", "code")
    today_ones = list(
        Appointment.select()
        .where((Appointment.doc_number == number) & (Appointment.day == today))
        .order_by(Appointment.sede != sede.id, Appointment.starts)
    )
    live = [a for a in today_ones if a.is_active]
    if not today_ones:
        message = (
            "No encontramos una cita para hoy con ese documento. Puede sacar un turno sin cita."
        )
        raise QueueError(message, "doc_number")
    waiting = [a for a in live if QueueTicket.get_or_none(QueueTicket.appointment == a) is None]
    return (waiting or live or today_ones)[0]


def _issue(sede, service, prefix, *, kind, request_key, kiosk, now, refused_as="code", **extra):
    key = (request_key or "").strip()
    if not 8 <= len(key) <= 64:
        raise QueueError("Vuelva a intentarlo desde el inicio.", "request_key")
    earlier = _earlier(key, sede, kiosk)
    if earlier is not None:
        return earlier, False
    day = local_day(now)
    try:
        with write_transaction():
            number = QueueCounter.take_next(sede.id, day, prefix)
            ticket = QueueTicket.create(
                sede=sede,
                day=day,
                service=service,
                prefix=prefix,
                number=number,
                kind=kind,
                token=secrets.token_urlsafe(12),
                request_key=key,
                issued_at=now,
                queued_at=now,
                kiosk=kiosk,
                **extra,
            )
    except IntegrityError:  # the same tap, or the same appointment, a moment ago: its ticket
        earlier = _earlier(key, sede, kiosk)
        if earlier is not None:
            return earlier, False
        taken = extra.get("appointment") and QueueTicket.get_or_none(
            QueueTicket.appointment == extra["appointment"]
        )
        if not taken:
            raise
        raise QueueError(rules.already_checked_in(taken.label), refused_as) from None
    return ticket, True


def _earlier(key: str, sede: Sede, kiosk: KioskDevice) -> QueueTicket | None:
    """The ticket this kiosk already issued for this tap; QueueError if another kiosk did."""
    earlier = QueueTicket.get_or_none(QueueTicket.request_key == key)
    if earlier is not None and (earlier.sede_id != sede.id or earlier.kiosk_id != kiosk.id):
        raise QueueError("Vuelva a intentarlo desde el inicio.", "request_key")
    return earlier


def _int(value) -> int:
    """A positive id from JSON or a form (an integer or its digits); 0 for anything else."""
    if isinstance(value, bool) or not isinstance(value, int | str):
        return 0
    text = str(value).strip()
    if not text.isascii() or not text.isdigit() or len(text) > 9:
        return 0
    return int(text)


# --- where a ticket stands --------------------------------------------------------------


def position(ticket: QueueTicket, *, now: datetime) -> Position:
    """How many are ahead of a ticket and the likely wait; where to go once it is called."""
    gone_by = ticket.day != local_day(now)
    if ticket.status != TicketStatus.EN_ESPERA or gone_by:
        window = ticket.window.label if ticket.window_id else ""
        expired = gone_by and ticket.status in (TicketStatus.EN_ESPERA, TicketStatus.LLAMADO)
        return Position(ticket.status, 0, 0, window, expired)
    windows, services = _windows_calling(ticket)
    waiting = [t.as_waiting() for t in QueueTicket.waiting(ticket.sede_id, ticket.day)]
    order = rules.call_order(waiting, now, services=services)
    ahead = next((i for i, t in enumerate(order) if t.id == ticket.id), len(order))
    minutes = rules.estimated_wait_minutes(
        ahead, service_minutes(ticket.sede_id, ticket.day, ticket.service_id), windows
    )
    return Position(ticket.status, ahead, minutes, "")


def service_minutes(sede_id: int, day: date, service_id: int) -> list[float]:
    """Today's service times of a service: from the first call to attended, in minutes."""
    query = QueueTicket.select(QueueTicket.first_called_at, QueueTicket.finished_at).where(
        (QueueTicket.sede == sede_id)
        & (QueueTicket.day == day)
        & (QueueTicket.service == service_id)
        & (QueueTicket.status == TicketStatus.ATENDIDO)
    )
    return [(t.finished_at - t.first_called_at).total_seconds() / 60 for t in query]


def windows_for(ticket: QueueTicket) -> int:
    """The sede's active windows that serve the ticket's service."""
    return _windows_calling(ticket)[0]


def _windows_calling(ticket: QueueTicket) -> tuple[int, set[int] | None]:
    """How many active windows serve the ticket's service, and every service those windows
    call (None: all): a ticket of any of them may be called before this one."""
    count, services = 0, {ticket.service_id}
    for window in Window.select().where((Window.sede == ticket.sede_id) & Window.active):
        listed = window.service_ids()
        if listed and ticket.service_id not in listed:
            continue
        count += 1
        services = services | listed if services is not None and listed else None
    return count, services


# --- the clerk's console ----------------------------------------------------------------


def call_next(window: Window, *, actor: Actor, now: datetime) -> QueueTicket | None:
    """Call the next ticket this window serves, by the sede's call order; None when nobody
    waits. Refused while the window still has a called ticket open."""
    _check(TicketStatus.EN_ESPERA, TicketAction.LLAMAR, actor)
    day = local_day(now)
    sede = Sede.get_by_id(window.sede_id)
    with write_transaction():
        if not is_sqlite():  # one call at a time per window: a double tap calls once
            Window.select().where(Window.id == window.id).for_update().execute()
        open_ticket = QueueTicket.at_window(window, day)
        if open_ticket is not None:
            raise QueueError(
                f"Cierre primero el turno {open_ticket.label}: atendido, no se presentó o "
                "transferir."
            )
        waiting = {t.id: t for t in QueueTicket.waiting(sede.id, day)}
        order = _call_order(sede, day, window, waiting.values(), now)
        for candidate in order:
            ticket = waiting[candidate.id]
            moved = ticket.move(
                TicketStatus.EN_ESPERA,
                status=TicketStatus.LLAMADO,
                window=window,
                clerk=actor.user,
                called_at=now,
                first_called_at=ticket.first_called_at or now,
                calls=ticket.calls + 1,
            )
            if moved:  # else another window called this one a moment ago: the next
                _event(ticket, TicketAction.LLAMAR, actor, now, priority=candidate.is_priority(now))
                return ticket
    return None


def _call_order(sede: Sede, day: date, window: Window, waiting, now: datetime) -> list:
    """The window's waiting tickets in the order «call next» takes them: the sede's setting
    and its latest calls decide whether a priority ticket goes ahead now."""
    recent = (
        QueueEvent.select(QueueEvent.priority)
        .where(
            (QueueEvent.sede == sede.id)
            & (QueueEvent.day == day)
            & (QueueEvent.action == TicketAction.LLAMAR)
        )
        .order_by(QueueEvent.at.desc(), QueueEvent.id.desc())
        .limit(max(0, sede.queue_priority_every - 1))
    )
    return rules.call_order(
        [t.as_waiting() for t in waiting],
        now,
        services=window.service_ids() or None,
        priority_every=sede.queue_priority_every,
        recent_calls_priority=[e.priority for e in recent],
    )


def recall(ticket: QueueTicket, *, actor: Actor, now: datetime) -> QueueTicket:
    """Call the same ticket again (the board shows and says it once more)."""
    return _act(
        ticket, TicketAction.VOLVER_A_LLAMAR, actor, now, called_at=now, calls=ticket.calls + 1
    )


def attend(ticket: QueueTicket, *, actor: Actor, now: datetime) -> QueueTicket:
    """The person was served; an appointment's ticket marks the appointment attended."""
    return _act(ticket, TicketAction.ATENDER, actor, now, finished_at=now)


def no_show(ticket: QueueTicket, *, actor: Actor, now: datetime) -> QueueTicket:
    """Nobody came after a recall; an appointment's ticket marks the appointment a no-show."""
    if ticket.status == TicketStatus.LLAMADO and ticket.calls < 2:
        raise QueueError("Vuelva a llamar al menos una vez antes de marcar que no se presentó.")
    return _act(ticket, TicketAction.MARCAR_NO_SE_PRESENTO, actor, now, finished_at=now)


def transfer(ticket: QueueTicket, service_id, *, actor: Actor, now: datetime) -> QueueTicket:
    """Send the ticket to the queue of another service of the sede, keeping its number and
    its place by arrival."""
    service = Service.get_or_none(
        (Service.id == _int(service_id)) & (Service.sede == ticket.sede_id) & Service.active
    )
    if service is None:
        raise QueueError("Elija uno de los servicios de esta sede.", "service_id")
    if service.id == ticket.service_id:
        raise QueueError("El turno ya es de ese servicio: elija otro.", "service_id")
    return _act(
        ticket,
        TicketAction.TRANSFERIR,
        actor,
        now,
        detail=f"a {service.name}",
        service=service,
        window=None,
        calls=0,  # called anew by its new service: a no-show needs a recall there too
    )


def _check(status: str, action: TicketAction, actor: Actor) -> str:
    roles = actor.user.role_set if actor.user else set()
    try:
        return QUEUE_TICKET.check(status, action, roles)
    except TransitionNotAllowed as error:
        raise QueueError(str(error)) from error


def _act(ticket, action, actor, now, *, detail: str = "", **changes) -> QueueTicket:
    to = _check(ticket.status, action, actor)
    if ticket.day != local_day(now):
        raise QueueError("Ese turno es de otro día: ya no se puede cambiar.")
    with write_transaction():
        if not ticket.move(ticket.status, status=to, **changes):
            raise QueueError(f"El turno {ticket.label} cambió hace un momento: vea cómo quedó.")
        _event(ticket, action, actor, now, detail=detail)
        if ticket.appointment_id and action in APPOINTMENT_OUTCOME:
            appointment = Appointment.get_by_id(ticket.appointment_id)
            roles = actor.user.role_set if actor.user else set()
            outcome = APPOINTMENT_OUTCOME[action]
            if APPOINTMENT.allows(appointment.status, outcome, roles):
                appointment.take(outcome, now, by=roles)
    return ticket


# A ticket's end is its appointment's outcome too: the desk does not mark it twice.
APPOINTMENT_OUTCOME = {
    TicketAction.ATENDER: AppointmentAction.ATENDER,
    TicketAction.MARCAR_NO_SE_PRESENTO: AppointmentAction.MARCAR_NO_ASISTIO,
}


def _event(ticket, action, actor, now, *, priority=False, detail=""):
    QueueEvent.create(
        ticket=ticket,
        sede=ticket.sede_id,
        day=ticket.day,
        action=action,
        at=now,
        window=ticket.window_id,
        clerk=actor.user,
        priority=priority,
        detail=detail,
    )


def console(window: Window, *, now: datetime) -> dict:
    """What a window's clerk sees: its open ticket and who waits for what it serves, in the
    order they would be called, with minutes waited."""
    day = local_day(now)
    sede = Sede.get_by_id(window.sede_id)
    waiting = {t.id: t for t in QueueTicket.waiting(sede.id, day)}
    order = _call_order(sede, day, window, waiting.values(), now)
    return {
        "current": QueueTicket.at_window(window, day),
        "waiting": [(waiting[t.id], int((now - t.queued_at).total_seconds() // 60)) for t in order],
        "others": len(waiting) - len(order),
    }


# --- the waiting room's board -----------------------------------------------------------------


def board(sede: Sede, *, now: datetime, size: int = 6) -> dict:
    """The latest calls of the day, newest first: what the board shows and says.

    Every board asks for it every second, and building the list costs several times a whole
    request's floor (bench/boards_load.py): each worker keeps it, with the set-up's other
    data, for as long as one small query says the day's calls are the same. A call or a
    recall is seen by the next request; a window renamed, like the rest of the set-up."""
    day = local_day(now)
    version = QueueEvent.calls_version(sede.id, day)
    return kept_while(("board", sede.id, day, size), version, lambda: _board(sede, day, size))


def _board(sede: Sede, day: date, size: int) -> dict:
    calls = [
        {
            "ticket": event.ticket.label,
            "window": event.window.label,
            "called_at": event.at.isoformat(timespec="seconds") + "Z",
            "recall": event.action == TicketAction.VOLVER_A_LLAMAR,
            "call_id": event.id,
        }
        for event in QueueEvent.latest_calls(sede.id, day, size)
    ]
    return {"sede": sede.name, "calls": calls}


# --- the day's figures ---------------------------------------------------------------------


def daily_figures(sede: Sede, day: date) -> list[rules.ServiceFigures]:
    """Per service: tickets issued, served, no-shows, median and p90 wait (minutes)."""
    names = {s.id: s.name for s in Service.select().where(Service.sede == sede)}
    per_service: dict[int, list] = {}
    query = QueueTicket.select(
        QueueTicket.service, QueueTicket.status, QueueTicket.issued_at, QueueTicket.first_called_at
    ).where((QueueTicket.sede == sede) & (QueueTicket.day == day))
    for ticket in query:
        waited = (
            (ticket.first_called_at - ticket.issued_at).total_seconds() / 60
            if ticket.first_called_at
            else None
        )
        per_service.setdefault(ticket.service_id, []).append((ticket.status, waited))
    return [
        rules.figures(names[service_id], rows)
        for service_id, rows in sorted(per_service.items(), key=lambda item: names[item[0]])
    ]


# --- set-up: kiosks and the call order -------------------------------------------------------


def create_kiosk(sede: Sede, name: str, *, actor: Actor, now: datetime) -> tuple[KioskDevice, str]:
    """A new terminal for the sede and its key, which is shown this once."""
    key = KioskDevice.new_key()
    with write_transaction():
        device = KioskDevice.create(
            sede=sede, name=name.strip()[:80], key_hash=KioskDevice.hash_of(key), created_at=now
        )
        audit.log(actor, "kiosco_creado", now, subject=f"{sede.name}: {device.name}")
    return device, key


def revoke_kiosk(device: KioskDevice, *, actor: Actor, now: datetime) -> bool:
    """The key stops working at once; False if it already had."""
    with write_transaction():
        done = (
            KioskDevice.update(revoked_at=now)
            .where((KioskDevice.id == device.id) & KioskDevice.revoked_at.is_null())
            .execute()
        )
        if done:
            audit.log(actor, "kiosco_revocado", now, subject=device.name)
    return bool(done)


def set_prefixes(sede: Sede, chosen: dict[int, str], *, actor: Actor, now: datetime) -> bool:
    """The ticket letter an administrator chose for each service of the sede ('' = from its
    name); QueueError (field: the service's id) for a bad or repeated letter. False when
    nothing changed. Tickets already issued keep their letter."""
    services = {s.id: s for s in Service.select().where(Service.sede == sede)}
    if set(chosen) - set(services):
        raise QueueError("Elija uno de los servicios de esta sede.", "")
    letters: dict[int, str] = {}
    seen: dict[str, int] = {}
    kept = {i: service.queue_prefix for i, service in sorted(services.items())}
    for service_id, typed in (kept | chosen).items():
        letter = rules.clean_prefix(typed) if (typed or "").strip() else ""
        if (typed or "").strip() and (len(typed.strip()) != 1 or not letter):
            raise QueueError("Use una sola letra, de la A a la Z.", str(service_id))
        problem = rules.prefix_problem(letter)
        if problem:
            raise QueueError(problem, str(service_id))
        if letter and letter in seen:
            other = services[seen[letter]].name
            raise QueueError(f"La letra {letter} ya es de «{other}».", str(service_id))
        if letter:
            seen[letter] = service_id
        letters[service_id] = letter
    changed = {i: v for i, v in letters.items() if services[i].queue_prefix != v}
    if not changed:
        return False
    with write_transaction():
        for service_id, letter in changed.items():
            Service.update(queue_prefix=letter).where(Service.id == service_id).execute()
        detail = ", ".join(f"{services[i].name}: {v or 'de su nombre'}" for i, v in changed.items())
        audit.log(actor, "letras_de_turno_cambiadas", now, subject=sede.name, detail=detail)
    return True


def set_call_order(sede: Sede, every: int, *, actor: Actor, now: datetime) -> bool:
    """How strongly priority tickets go ahead at a sede; False when it did not change."""
    if every not in rules.PRIORITY_EVERY_CHOICES:
        raise QueueError("Elija una de las opciones.", "every")
    if every == sede.queue_priority_every:
        return False
    with write_transaction():
        before = sede.queue_priority_every
        Sede.update(queue_priority_every=every).where(Sede.id == sede.id).execute()
        detail = f"{rules.priority_every_label(before)} → {rules.priority_every_label(every)}"
        audit.log(actor, "orden_de_llamada_cambiado", now, subject=sede.name, detail=detail)
    sede.queue_priority_every = every
    return True
