"""Changing a sede (its data, hours, capacity) and its closures without silently breaking the
appointments already booked.

Each change is previewed first: the appointments it would cancel (domain/affected.py decides
which), and a refusal when a lower capacity would not hold a slot's bookings. The change is
applied only with the fingerprint of the list the administrator saw (`seen`): inside one write
transaction the list is worked out again, and if it differs (someone booked meanwhile) nothing
changes and AffectedChanged carries the new list to show. Otherwise the change and every
cancellation are written together, each audited, and each person is e-mailed after the commit.
"""

from dataclasses import asdict, dataclass, field
from datetime import date, datetime, time

from db import write_transaction
from domain import affected
from domain.affected import Booking
from domain.clock import long_date, national_holidays
from domain.roles import ADMIN
from domain.sede_setup import changes_text, closure_period, describe_closure
from domain.slots import ClosureKind
from domain.states import AppointmentAction
from models import Appointment, Closure, Court, OpeningHours, Sede, Slot
from models.court import forget_setup
from services import audit
from services.actor import Actor
from services.tickets import send_cancelled_by_court_mail

CHANGED_HOURS = "La sede cambió su horario de atención y ya no atiende a la hora de su cita."


class CapacityBelowBooked(Exception):
    """A lower capacity than the places already booked in some slot; the message lists them."""


class AffectedChanged(Exception):
    """The appointments the change would cancel are not the ones the administrator saw."""

    def __init__(self, appointments: list[Appointment]):
        super().__init__("La lista de citas afectadas cambió. Revísela y confirme de nuevo.")
        self.appointments = appointments


@dataclass(frozen=True)
class SedeSettings:
    """Everything the sede edit screen sets; `week` is weekday -> [(opens, closes), ...]."""

    name: str
    address: str
    district: str
    city: str
    phone: str
    instructions: str
    active: bool
    slot_minutes: int
    capacity_per_slot: int
    horizon_days: int
    same_day_cutoff: time | None
    cancel_cutoff_hours: int
    outcome_margin_minutes: int
    restrict_vulnerable: bool
    week: dict[int, list[tuple[time, time]]] = field(default_factory=dict)


@dataclass(frozen=True)
class ClosureSpec:
    """A closure to declare: one sede or every sede (None), all day or part of it."""

    day: date
    reason: str
    sede: Sede | None = None
    closed_from: time | None = None
    closed_until: time | None = None
    kind: str = ClosureKind.CIERRE


def settings_of(sede: Sede) -> SedeSettings:
    week: dict[int, list] = {}
    for period in sede.opening_hours.order_by(OpeningHours.weekday, OpeningHours.opens):
        week.setdefault(period.weekday, []).append((period.opens, period.closes))
    plain = {
        name: getattr(sede, name) for name in SedeSettings.__dataclass_fields__ if name != "week"
    }
    return SedeSettings(**(plain | {"week": week}))


def _booking(appointment: Appointment) -> Booking:
    return Booking(
        appointment.code,
        appointment.service.name,
        appointment.day,
        appointment.starts,
        appointment.ends,
    )


def _picked(appointments, bookings: list[Booking]) -> list[Appointment]:
    by_code = {a.code: a for a in appointments}
    return [by_code[b.code] for b in bookings]


# --- the sede's settings ----------------------------------------------------------------


def affected_by_change(sede: Sede, settings: SedeSettings, *, now: datetime) -> list:
    """The appointments the new settings would cancel, by day and time. Raises
    CapacityBelowBooked when a slot to come would keep more bookings than the new capacity."""
    court_time = Court.current().local_time(now)
    upcoming = list(Appointment.active_from([sede.id], court_time.date()))
    hit = []
    if upcoming:
        rules = sede.rules_between(
            court_time.date(),
            upcoming[-1].day,
            opening=settings.week,
            slot_minutes=settings.slot_minutes,
            capacity=settings.capacity_per_slot,
        )
        hit = affected.no_longer_fitting(rules, map(_booking, upcoming), court_time)
    taken = Slot.booked_from(sede, court_time)
    over = affected.overfull(taken, settings.capacity_per_slot, leaving=hit)
    if over:
        raise CapacityBelowBooked(
            f"Hay horarios con más reservas que {settings.capacity_per_slot}: "
            f"{'; '.join(over[:10])}{' y otros' if len(over) > 10 else ''}. La capacidad no "
            "puede bajar de lo ya reservado; espere a que pasen esos horarios."
        )
    return _picked(upcoming, hit)


def change_sede(
    sede: Sede, settings: SedeSettings, *, seen: str, actor: Actor, now: datetime
) -> list[Appointment]:
    """Save the settings and cancel the appointments they leave out (the list whose
    fingerprint is `seen`; with none to cancel there is nothing to confirm); returns those.
    Raises CapacityBelowBooked and AffectedChanged."""
    before = settings_of(sede)
    with write_transaction():
        hit = affected_by_change(sede, settings, now=now)
        if hit and affected.digest(a.code for a in hit) != seen:
            raise AffectedChanged(hit)
        detail = changes_text(asdict(before), asdict(settings))
        if not hit and settings == before:
            return []  # nothing to do: a repeated confirmation, or a form sent unchanged
        values = {k: v for k, v in asdict(settings).items() if k != "week"}
        Sede.update(**values).where(Sede.id == sede.id).execute()
        if settings.week != before.week:
            OpeningHours.delete().where(OpeningHours.sede == sede.id).execute()
            for weekday, periods in sorted(settings.week.items()):
                for opens, closes in periods:
                    OpeningHours.create(sede=sede.id, weekday=weekday, opens=opens, closes=closes)
        if hit:
            detail += f"; {len(hit)} citas anuladas"
        audit.log(actor, "sede_cambiada", now, subject=settings.name, detail=detail)
        _cancel([(a, CHANGED_HOURS) for a in hit], actor, now)
    _after([(a, CHANGED_HOURS) for a in hit])
    return hit


# --- closures ---------------------------------------------------------------------------


def affected_by_closures(specs: list[ClosureSpec], *, now: datetime) -> list[Appointment]:
    """The appointments the closures would cancel (at their sede, or at every sede)."""
    if not specs:
        return []
    court_time = Court.current().local_time(now)
    hit: list[Appointment] = []
    for sede in Sede.select().order_by(Sede.name):
        mine = [s for s in specs if s.sede is None or s.sede.id == sede.id]
        if not mine:
            continue
        first, last = min(s.day for s in mine), max(s.day for s in mine)
        upcoming = list(Appointment.active_from([sede.id], max(first, court_time.date()), last))
        if not upcoming:
            continue
        rules = sede.rules_between(first, last)
        whole = {s.day for s in mine if closure_period(s.closed_from, s.closed_until) is None}
        periods = dict(rules.closed_periods)
        for s in mine:
            period = closure_period(s.closed_from, s.closed_until)
            if period is not None:
                periods[s.day] = (*periods.get(s.day, ()), period)
        rules = sede.rules_between(
            first, last, closed_days=rules.closed_days | whole, closed_periods=periods
        )
        picked = affected.no_longer_fitting(rules, map(_booking, upcoming), court_time)
        hit += _picked(upcoming, picked)
    return sorted(hit, key=lambda a: (a.day, a.starts, a.sede.name, a.code))


def declare_closure(
    spec: ClosureSpec, *, seen: str, actor: Actor, now: datetime
) -> tuple[Closure, list[Appointment]]:
    """Add a court-declared closure and cancel the appointments it falls on (the list whose
    fingerprint is `seen`). Raises AffectedChanged."""
    with write_transaction():
        hit = affected_by_closures([spec], now=now)
        if hit and affected.digest(a.code for a in hit) != seen:
            raise AffectedChanged(hit)
        twin = Closure.get_or_none(
            Closure.sede == (spec.sede.id if spec.sede else None),
            Closure.day == spec.day,
            Closure.closed_from == spec.closed_from,
            Closure.closed_until == spec.closed_until,
        )
        if twin is not None and not hit:
            return twin, []  # a repeated confirmation: the closure is there already
        closure = Closure.create(
            sede=spec.sede,
            day=spec.day,
            reason=spec.reason,
            kind=spec.kind,
            closed_from=spec.closed_from,
            closed_until=spec.closed_until,
        )
        where = spec.sede.name if spec.sede else "todas las sedes"
        when = f"{long_date(spec.day)}, {describe_closure(spec.closed_from, spec.closed_until)}"
        detail = f"{where}; {when.lower()}; {spec.reason}; {len(hit)} citas anuladas"
        audit.log(actor, "cierre_declarado", now, subject=where, detail=detail)
        reasons = [(a, f"{spec.reason} ({where}, {when.lower()}).") for a in hit]
        _cancel(reasons, actor, now)
    _after(reasons)
    return closure, hit


def holidays_to_add(court: Court, year: int) -> list[ClosureSpec]:
    """The country's national holidays of `year` that are not closures of every sede yet."""
    known = {
        row.day
        for row in Closure.select(Closure.day).where(
            Closure.sede.is_null(), Closure.day.between(date(year, 1, 1), date(year, 12, 31))
        )
    }
    return [
        ClosureSpec(day=day, reason=name, kind=ClosureKind.FERIADO)
        for day, name in national_holidays(court.country, [year])
        if day not in known
    ]


def load_holidays(
    year: int, *, seen: str, actor: Actor, now: datetime
) -> tuple[int, list[Appointment]]:
    """Add `year`'s national holidays as closures of every sede, cancelling the appointments
    booked on them (the list whose fingerprint is `seen`): (holidays added, cancelled)."""
    court = Court.current()
    with write_transaction():
        specs = holidays_to_add(court, year)
        hit = affected_by_closures(specs, now=now)
        if hit and affected.digest(a.code for a in hit) != seen:
            raise AffectedChanged(hit)
        for spec in specs:
            Closure.create(day=spec.day, reason=spec.reason, kind=spec.kind)
        detail = f"{court.country} {year}: {len(specs)} feriados nuevos; {len(hit)} citas anuladas"
        audit.log(actor, "feriados_cargados", now, subject=str(year), detail=detail)
        names = {s.day: s.reason for s in specs}
        reasons = [(a, f"Feriado nacional: {names[a.day]}.") for a in hit]
        _cancel(reasons, actor, now)
    _after(reasons)
    return len(specs), hit


def delete_closure(closure: Closure, *, actor: Actor, now: datetime) -> bool:
    """Open the day again (appointments cancelled by it stay cancelled); False if another
    request deleted it first."""
    where = closure.sede.name if closure.sede_id else "todas las sedes"
    when = describe_closure(closure.closed_from, closure.closed_until).lower()
    with write_transaction():
        gone = Closure.delete().where(Closure.id == closure.id).execute()
        if gone:
            detail = f"{where}; {long_date(closure.day)}, {when}; {closure.reason}"
            audit.log(actor, "cierre_borrado", now, subject=where, detail=detail)
    forget_setup()
    return bool(gone)


# --- cancelling -------------------------------------------------------------------------


def _cancel(reasons: list[tuple[Appointment, str]], actor: Actor, now: datetime) -> None:
    """Inside the caller's transaction: each appointment cancelled (the ticket void, the place
    given back) with its audit row saying why."""
    for appointment, reason in reasons:
        if appointment.take(AppointmentAction.ANULAR_POR_LA_SEDE, now, by=ADMIN):
            audit.log(actor, "cita_anulada_por_la_sede", now, appointment.code, reason)


def _after(reasons: list[tuple[Appointment, str]]) -> None:
    """After the commit: this worker forgets the set-up (the others within
    SETUP_CACHE_SECONDS), and each person gets the e-mail offering to book again."""
    forget_setup()
    for appointment, reason in reasons:
        send_cancelled_by_court_mail(appointment, reason)
