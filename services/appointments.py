"""Desk appointments: what is free, booking, finding, cancelling, rescheduling, the desk's outcome.

The citizen's use cases act as the person the appointment belongs to (AS_CITIZEN): holding
the ticket's code and document, or the e-mail's signed link, is what lets them change it.
"""

from datetime import date, datetime, time

from db import write_transaction
from domain import slots
from domain.codes import normalize_code
from domain.roles import AS_CITIZEN
from domain.states import (
    APPOINTMENT,
    FOR_CITIZEN,
    AppointmentAction,
    AppointmentStatus,
    WrongState,
)
from models import Appointment, Court, Sede, Slot
from services import audit, quotas
from services.actor import Actor
from services.tickets import send_cancellation_mail, send_reschedule_mail, send_ticket_mail

# The desk's buttons send the status an outcome leads to; the action is what the machine takes.
OUTCOMES = {
    AppointmentStatus.ATENDIDA: AppointmentAction.ATENDER,
    AppointmentStatus.NO_ASISTIO: AppointmentAction.MARCAR_NO_ASISTIO,
}
# What the audit log calls each change of an appointment.
AUDITED = {
    AppointmentAction.ANULAR: "cita_anulada",
    AppointmentAction.REPROGRAMAR: "cita_reprogramada",
    AppointmentAction.ATENDER: "cita_atendida",
    AppointmentAction.MARCAR_NO_ASISTIO: "cita_no_asistio",
    AppointmentAction.DESHACER: "cita_resultado_deshecho",
}


class NotFound(LookupError):
    """No appointment has that code and that document."""


def check_eligibility(sede: Sede, *, birth_date: date | None, vulnerable: bool, now: datetime):
    """Whether the person may book at `sede`; raises slots.NotEligible saying why not."""
    today = Court.current().local_time(now).date()
    slots.check_eligibility(sede.cached_rules(today), birth_date, vulnerable, today)


def free_days(service, *, now: datetime) -> dict[date, int]:
    """Bookable days with how many times still have room."""
    court_time = Court.current().local_time(now)
    rules = service.sede.cached_rules(court_time.date())
    days = slots.bookable_days(rules, court_time)
    if not days:
        return {}
    taken = Slot.taken_between(service, days[0], days[-1])
    free = {}
    for day in days:
        count = sum(
            1
            for start in slots.bookable_slots(rules, day, court_time)
            if taken.get((day, start), 0) < rules.capacity
        )
        if count:
            free[day] = count
    return free


def free_times(service, day: date, *, now: datetime) -> dict[time, int]:
    """Times of `day` that have room, with the places left in each."""
    court_time = Court.current().local_time(now)
    rules = service.sede.cached_rules(court_time.date())
    taken = Slot.taken_on(service, day)
    starts = slots.bookable_slots(rules, day, court_time)
    left = {start: rules.capacity - taken.get(start, 0) for start in starts}
    return {start: n for start, n in left.items() if n > 0}


def book(
    *,
    service,
    day: date,
    start: time,
    person: dict,
    vulnerable: bool,
    request_key: str,
    actor: Actor,
    now: datetime,
    session_key: str = "",
) -> tuple[Appointment, bool]:
    """Reserve a place and e-mail the ticket: (appointment, True). A repeat of the same form
    (`request_key`) gets the first one's appointment and no second e-mail: (appointment, False).
    Raises slots.NotBookable saying why the place cannot be had, and quotas.TooManyBookings
    when this client (its address, its session `session_key`), this e-mail or this document
    booked too many appointments lately; the repeat of a form is not counted again."""
    repeated = Appointment.made_by(request_key)
    if repeated:
        return repeated, False
    quotas.spend(person, address=actor.address, session_key=session_key, now=now)
    court_time = Court.current().local_time(now)
    priority = slots.has_priority(person["birth_date"], vulnerable, court_time.date())
    try:
        appointment, created = Appointment.book(
            service=service,
            day=day,
            start=start,
            person=person,
            request_key=request_key,
            priority=priority,
            now_utc=now,
            now_local=court_time,
        )
    except slots.NotBookable:
        quotas.give_back(person, address=actor.address, session_key=session_key, now=now)
        raise
    if created:  # only the request that made it sends the e-mail
        send_ticket_mail(appointment)
    else:  # a repeat that raced the first one: that one was counted
        quotas.give_back(person, address=actor.address, session_key=session_key, now=now)
    return appointment, created


def find(code: str, doc_type: str, doc_number: str) -> Appointment:
    """The appointment with this code (as typed: spaces, dashes, either case) and document."""
    appointment = Appointment.find(normalize_code(code), doc_type, doc_number)
    if appointment is None:
        raise NotFound(
            "No encontramos una cita con ese código y ese documento. Revise ambos datos."
        )
    return appointment


def can_change(appointment: Appointment, *, now: datetime) -> tuple[bool, str]:
    """Whether the citizen may still cancel or move it, and why not."""
    if not appointment.is_active:
        return False, FOR_CITIZEN[appointment.status]
    court_time = Court.current().local_time(now)
    try:
        rules = appointment.sede.rules(court_time.date())
        slots.check_can_change(rules, appointment.day, appointment.starts, court_time)
    except slots.TooLateToChange as reason:
        return False, str(reason)
    return True, ""


def cancel(appointment: Appointment, *, actor: Actor, now: datetime) -> bool:
    """Cancel and free the place at once, and tell the person whoever cancelled; False if it
    was no longer active. Raises slots.TooLateToChange."""
    court_time = Court.current().local_time(now)
    with write_transaction():
        done = appointment.cancel(now, court_time, by=AS_CITIZEN)
        if done:
            audit.log(actor, AUDITED[AppointmentAction.ANULAR], now, subject=appointment.code)
    if done:
        send_cancellation_mail(appointment)
    return done


def reschedule(
    appointment: Appointment,
    *,
    day: date,
    start: time,
    request_key: str,
    actor: Actor,
    now: datetime,
) -> tuple[Appointment, bool]:
    """Move it to another time of the same service and e-mail the change with the new ticket:
    (new, True); a repeat of the same form gets the first one's result and no e-mail:
    (new, False). Raises slots.NotBookable (slots.SameSlot for the time it already has),
    slots.TooLateToChange, and quotas.TooManyBookings when this e-mail or this document had
    too many tickets lately (a move mails one as a booking does; a repeat is not counted)."""
    done = Appointment.made_by(request_key)
    if done is None:
        slots.check_not_same_slot(appointment.day, appointment.starts, day, start)
        quotas.spend_reschedule(_person(appointment), now=now)
    court_time = Court.current().local_time(now)
    try:
        with write_transaction():
            new, created = appointment.reschedule(
                day, start, request_key, now, court_time, by=AS_CITIZEN
            )
            if created:
                detail = f"{appointment.code} -> {new.code}"
                audit.log(
                    actor, AUDITED[AppointmentAction.REPROGRAMAR], now, appointment.code, detail
                )
    except (slots.NotBookable, slots.TooLateToChange):
        if done is None:
            quotas.give_back_reschedule(_person(appointment), now=now)
        raise
    if created:
        send_reschedule_mail(appointment, new)
    elif done is None:  # a repeat that raced the first one: that one was counted
        quotas.give_back_reschedule(_person(appointment), now=now)
    return new, created


def _person(appointment: Appointment) -> dict:
    """What the quotas count a move by: the ticket's e-mail and document."""
    return {f: getattr(appointment, f) for f in ("email", "doc_type", "doc_number")}


def desk_list(sede: Sede, day: date, search: str = "") -> list[Appointment]:
    """The desk's list for a sede and day; with `search` (a code as typed or scanned, or a
    document number) only the appointments that match it."""
    typed = (search or "").strip()
    if not typed:
        return list(Appointment.for_desk(sede, day))
    return list(Appointment.for_desk(sede, day, code=normalize_code(typed), doc_number=typed))


def by_code(typed: str) -> Appointment | None:
    """The appointment with this code as typed or scanned, on any day and at any sede."""
    return Appointment.by_code(normalize_code(typed)) if typed.strip() else None


def _record(appointment: Appointment, action: AppointmentAction, actor: Actor, now: datetime):
    """Take one of the desk's actions, when the clock allows it, with its audit row."""
    roles = actor.user.role_set if actor.user else set()
    try:
        APPOINTMENT.check(appointment.status, action, roles)  # who may, before when
    except WrongState:
        return False
    court_time = Court.current().local_time(now)
    slots.check_can_record_outcome(
        appointment.day,
        appointment.starts,
        appointment.sede.outcome_margin_minutes,
        court_time,
        correcting=not appointment.is_active,
    )
    before = appointment.status
    with write_transaction():
        done = appointment.take(action, now, by=roles)
        if done:
            detail = f"{before} -> {appointment.status}"
            audit.log(actor, AUDITED[action], now, subject=appointment.code, detail=detail)
    return done


def mark_outcome(
    appointment: Appointment, outcome: AppointmentStatus, *, actor: Actor, now: datetime
) -> bool:
    """The desk's outcome (attended or no-show), or its correction the same day; False if the
    appointment was no longer in the state it was read in. Raises slots.OutcomeNotOpen before
    the slot's start (less the sede's margin) and for a correction after its day, and
    states.NotPermitted for roles that do not work the desk."""
    return _record(appointment, OUTCOMES[outcome], actor, now)


def undo_outcome(appointment: Appointment, *, actor: Actor, now: datetime) -> bool:
    """Put a marked appointment back to active, the same day (a clerk's slip); False if it was
    no longer in the state it was read in. Raises as mark_outcome does."""
    return _record(appointment, AppointmentAction.DESHACER, actor, now)


def change_outcome_margins(margins: dict[int, int], *, actor: Actor, now: datetime) -> bool:
    """Save the sedes' outcome margins (sede id: minutes) that changed, in one audit entry;
    False when none did. The desk reads its sede's margin on every mark."""
    sedes = {s.id: s for s in Sede.select().where(Sede.id.in_(list(margins))).order_by(Sede.name)}
    changed = {
        sede: margins[sede_id]
        for sede_id, sede in sedes.items()
        if sede.outcome_margin_minutes != margins[sede_id]
    }
    if not changed:
        return False
    with write_transaction():
        for sede, minutes in changed.items():
            Sede.update(outcome_margin_minutes=minutes).where(Sede.id == sede.id).execute()
        detail = "; ".join(
            f"{sede.name}: {sede.outcome_margin_minutes} → {minutes} minutos"
            for sede, minutes in changed.items()
        )
        audit.log(
            actor, "margen_resultado_cambiado", now, subject="margen de asistencia", detail=detail
        )
    return True
