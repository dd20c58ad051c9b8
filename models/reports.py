"""The reports' aggregate queries: the database groups and counts, a few hundred rows come back.

Each function takes the period as wall-clock dates (appointments) or naive UTC instants
(everything stamped when it happened), and `sede_ids` (None: every sede). The few expressions
SQLite and PostgreSQL write differently (a local date, days and minutes between two values)
are the helpers at the bottom.
"""

from datetime import date, datetime, time
from decimal import Decimal

import peewee as pw

from db import is_sqlite
from domain.states import FILING_CLERK_ACTIONS, AppointmentStatus, IdentityStatus
from models.accounts import IdentityVerification
from models.appointments import Appointment, Slot
from models.court import Dependencia, Service
from models.fees import BankPayment, ReceiptHabilitation, ReceiptUse
from models.filings import Filing, FilingEvent

COUNT = pw.fn.COUNT(pw.SQL("*"))


def _appointments(first: date, last: date, sede_ids):
    query = Appointment.day.between(first, last)
    if sede_ids is not None:
        query &= Appointment.sede.in_(list(sede_ids))
    return query


def booked_by_day(first: date, last: date, sede_ids) -> list[tuple[date, int, int]]:
    """(day, sede id, appointments) for each day and sede; a moved appointment counts at its
    new day only (the row it left is REPROGRAMADA)."""
    where = _appointments(first, last, sede_ids) & (
        Appointment.status != AppointmentStatus.REPROGRAMADA
    )
    query = (
        Appointment.select(Appointment.day, Appointment.sede, COUNT)
        .where(where)
        .group_by(Appointment.day, Appointment.sede)
    )
    to_day = Appointment.day.python_value
    return [(to_day(day), sede, n) for day, sede, n in query.tuples()]


def by_status(first: date, last: date, sede_ids) -> list[tuple[date, int, str, int]]:
    """(day, sede id, status, appointments) for the period. Grouped in the index's order
    (day first, migration 0014): SQLite then counts as it reads, without sorting a year."""
    query = (
        Appointment.select(Appointment.day, Appointment.sede, Appointment.status, COUNT)
        .where(_appointments(first, last, sede_ids))
        .group_by(Appointment.day, Appointment.sede, Appointment.status)
    )
    to_day = Appointment.day.python_value
    return [(to_day(day), sede, status, n) for day, sede, status, n in query.tuples()]


def lead_days(first: date, last: date, sede_ids) -> dict[int, int]:
    """{days between the booking and the appointment's day: appointments}, for every ticket
    issued for a day of the period, moved ones included (Appointment.lead_days). Grouped by
    day too, the index's order (migration 0014): SQLite counts as it reads, sorting nothing;
    the few thousand (day, lead) counts are then added up here."""
    query = (
        Appointment.select(Appointment.lead_days, COUNT)
        .where(_appointments(first, last, sede_ids) & Appointment.lead_days.is_null(False))
        .group_by(Appointment.day, Appointment.lead_days)
    )
    found: dict[int, int] = {}
    for lead, n in query.tuples():
        found[lead] = found.get(lead, 0) + n
    return found


def places_by_start(first: date, last: date, sede_ids) -> list[tuple[int, time, int]]:
    """(sede id, slot start, places taken now) summed over the period's days and services."""
    where = Slot.day.between(first, last)
    if sede_ids is not None:
        where &= Service.sede.in_(list(sede_ids))
    query = (
        Slot.select(Service.sede, Slot.starts, pw.fn.SUM(Slot.booked))
        .join(Service)
        .where(where)
        .group_by(Service.sede, Slot.starts)
    )
    to_time = Slot.starts.python_value
    return [(sede, to_time(start), int(n or 0)) for sede, start, n in query.tuples()]


def verifications_by_status(start: datetime, end: datetime) -> dict[str, int]:
    """{status: verifications sent in [start, end)}."""
    query = (
        IdentityVerification.select(IdentityVerification.status, COUNT)
        .where(_within(IdentityVerification.submitted_at, start, end))
        .group_by(IdentityVerification.status)
    )
    return dict(query.tuples())


def pending_verifications() -> int:
    """Verifications waiting for a verifier now, whenever they were sent."""
    return (
        IdentityVerification.select()
        .where(IdentityVerification.status == IdentityStatus.PENDIENTE)
        .count()
    )


def decision_minutes(start: datetime, end: datetime) -> dict[int, int]:
    """{whole minutes from sending to decision: verifications} for those sent in [start, end)
    and decided."""
    minutes = _minutes_between(IdentityVerification.submitted_at, IdentityVerification.reviewed_at)
    query = (
        IdentityVerification.select(minutes, COUNT)
        .where(
            _within(IdentityVerification.submitted_at, start, end)
            & IdentityVerification.reviewed_at.is_null(False)
        )
        .group_by(minutes)
    )
    return {int(m): n for m, n in query.tuples()}


def receipts_used_by_day(start: datetime, end: datetime, utc_offset_seconds: int):
    """(court's date, receipts used, amount paid) for receipts registered in [start, end)."""
    day = _local_date(ReceiptUse.used_at, utc_offset_seconds)
    query = (
        ReceiptUse.select(day, COUNT, pw.fn.SUM(BankPayment.amount))
        .join(BankPayment)
        .where(_within(ReceiptUse.used_at, start, end))
        .group_by(day)
    )
    return [(_as_date(d), n, _money(amount)) for d, n, amount in query.tuples()]


def receipt_totals(first: date, last: date, start: datetime, end: datetime) -> dict[str, int]:
    """Bank payments made in the period, receipts used with a typo accepted, habilitations."""
    return {
        "paid": BankPayment.select().where(BankPayment.paid_on.between(first, last)).count(),
        "typo": ReceiptUse.select()
        .where(_within(ReceiptUse.used_at, start, end) & ReceiptUse.typo_accepted_by.is_null(False))
        .count(),
        "habilitated": ReceiptHabilitation.select()
        .where(_within(ReceiptHabilitation.decided_at, start, end))
        .count(),
    }


def _filings(start: datetime, end: datetime, sede_ids):
    """Filings received in [start, end), to a dependencia of the sedes (None: any, those
    of no sede too). A filing counts for the dependencia it was filed to."""
    where = _within(Filing.received_at, start, end)
    if sede_ids is not None:
        chosen = Dependencia.select(Dependencia.id).where(Dependencia.sede.in_(list(sede_ids)))
        where &= Filing.dependencia.in_(chosen)
    return where


def filings_by_status(start: datetime, end: datetime, sede_ids) -> list[tuple[int, str, int]]:
    """(dependencia id, status now, filings) for filings received in [start, end)."""
    query = (
        Filing.select(Filing.dependencia, Filing.status, COUNT)
        .where(_filings(start, end, sede_ids))
        .group_by(Filing.dependencia, Filing.status)
    )
    return list(query.tuples())


def first_action_minutes(start: datetime, end: datetime, sede_ids) -> list[tuple[int, int, int]]:
    """(dependencia id, whole minutes from the legal reception to mesa de partes' first
    action, filings) for filings received in [start, end) that a clerk has acted on."""
    first = (
        FilingEvent.select(FilingEvent.filing, pw.fn.MIN(FilingEvent.at).alias("first_at"))
        .where(FilingEvent.action.in_(sorted(FILING_CLERK_ACTIONS)))
        .group_by(FilingEvent.filing)
        .alias("first")
    )
    minutes = _minutes_between(Filing.received_at, first.c.first_at)
    query = (
        Filing.select(Filing.dependencia, minutes, COUNT)
        .join(first, on=(first.c.filing_id == Filing.id))
        .where(_filings(start, end, sede_ids))
        .group_by(Filing.dependencia, minutes)
    )
    return [(dependencia, int(m), n) for dependencia, m, n in query.tuples()]


# --- what SQLite and PostgreSQL write differently ---------------------------------------


def _local_date(instant: pw.Field, offset_seconds: int):
    """The court's date of a naive UTC instant, for a zone `offset_seconds` from UTC."""
    offset = int(offset_seconds)
    if is_sqlite():
        return pw.fn.date(instant, f"{offset:+d} seconds")
    return pw.Cast(instant + pw.SQL(f"INTERVAL '{offset} seconds'"), "date")


def _minutes_between(earlier: pw.Field, later: pw.Field):
    if is_sqlite():  # whole seconds, then whole minutes: julianday's floats could round down
        seconds = _epoch(later) - _epoch(earlier)
        return seconds / 60  # integer division of integers in SQLite
    seconds = pw.fn.EXTRACT(pw.NodeList((pw.SQL("EPOCH FROM"), later - earlier)))
    return pw.Cast(pw.fn.FLOOR(seconds / 60), "INTEGER")


def _epoch(instant: pw.Field):
    return pw.Cast(pw.fn.strftime("%s", instant), "INTEGER")


def _within(instant: pw.Field, start: datetime, end: datetime):
    """start <= instant < end: the instants of whole days, none counted twice."""
    return (instant >= start) & (instant < end)


def _money(amount) -> Decimal:
    """SQLite sums a decimal column as a float: back to cents."""
    return Decimal(str(amount or 0)).quantize(Decimal("0.01"))


def _as_date(value) -> date:
    """A computed date comes back as text, a date or a datetime, by driver."""
    if isinstance(value, datetime):
        return value.date()
    return value if isinstance(value, date) else date.fromisoformat(value)
