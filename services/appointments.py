"""Desk appointments: what is free, booking, finding, cancelling, rescheduling, the desk's outcome.

The citizen's use cases act as the person the appointment belongs to (AS_CITIZEN): holding
the ticket's code and document, or the e-mail's signed link, is what lets them change it.
"""

from datetime import date, datetime, time

from domain import slots
from domain.codes import normalize_code
from domain.roles import AS_CITIZEN
from domain.states import AppointmentAction, AppointmentStatus
from models import Appointment, Court, Sede, Slot
from services import quotas
from services.actor import Actor
from services.tickets import send_ticket_mail

# The desk's buttons send the status an outcome leads to; the action is what the machine takes.
OUTCOMES = {
    AppointmentStatus.ATENDIDA: AppointmentAction.ATENDER,
    AppointmentStatus.NO_ASISTIO: AppointmentAction.MARCAR_NO_ASISTIO,
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
        return False, f"Esta cita está {appointment.status_label.lower()}."
    court_time = Court.current().local_time(now)
    try:
        rules = appointment.sede.rules(court_time.date())
        slots.check_can_change(rules, appointment.day, appointment.starts, court_time)
    except slots.TooLateToChange as reason:
        return False, str(reason)
    return True, ""


def cancel(appointment: Appointment, *, actor: Actor, now: datetime) -> bool:
    """Cancel and free the place at once; False if it was no longer active.
    Raises slots.TooLateToChange."""
    court_time = Court.current().local_time(now)
    return appointment.cancel(now, court_time, by=AS_CITIZEN)


def reschedule(
    appointment: Appointment,
    *,
    day: date,
    start: time,
    request_key: str,
    actor: Actor,
    now: datetime,
) -> tuple[Appointment, bool]:
    """Move it to another time of the same service and e-mail the new ticket: (new, True);
    a repeat of the same form gets the first one's result and no e-mail: (new, False).
    Raises slots.NotBookable or slots.TooLateToChange."""
    court_time = Court.current().local_time(now)
    new, created = appointment.reschedule(day, start, request_key, now, court_time, by=AS_CITIZEN)
    if created:
        send_ticket_mail(new)
    return new, created


def mark_outcome(
    appointment: Appointment, outcome: AppointmentStatus, *, actor: Actor, now: datetime
) -> bool:
    """The desk's outcome (attended or no-show); False if it was no longer active.
    Raises states.NotPermitted for roles that do not work the desk."""
    roles = actor.user.role_set if actor.user else set()
    return appointment.mark(OUTCOMES[outcome], now, by=roles)
