"""A handful of appointments, verifications and receipts in known states, for the reports'
figures to be checked against counts made by hand (see the expected tables in the tests)."""

from datetime import date, datetime, time

from domain.states import FREES_THE_PLACE, AppointmentStatus, IdentityStatus
from models import Appointment, IdentityVerification, ReceiptUse, Sede, Service, Slot
from tests.blueprints.receipt_helpers import pay
from tests.helpers import citizen

S = AppointmentStatus
FIRST, LAST = date(2026, 11, 23), date(2026, 11, 29)  # Monday to Sunday, before TEST_NOW
PERIOD = {"desde": "2026-11-23", "hasta": "2026-11-29"}
_made = [0]


def two_sedes() -> tuple[Sede, Sede]:
    first, second = list(Sede.select().order_by(Sede.name))[:2]
    return first, second


def appointment(sede, day, start, status, issued_at, lead, moved_from=None) -> Appointment:
    """One appointment written straight to the tables, its slot's place taken unless freed;
    `lead` is the lead time booking stores (counted by hand below; test_reports checks that
    booking stores it so)."""
    _made[0] += 1
    service = Service.select().where(Service.sede == sede).order_by(Service.id).first()
    slot, _ = Slot.get_or_create(service=service, day=day, starts=start, defaults={"capacity": 10})
    if status not in FREES_THE_PLACE:
        Slot.update(booked=Slot.booked + 1).where(Slot.id == slot.id).execute()
    return Appointment.create(
        code=f"R{_made[0]:05d}",
        request_key=f"report-{_made[0]}",
        slot=slot,
        sede=sede,
        service=service,
        day=day,
        starts=start,
        ends=time(start.hour, start.minute + 20),
        doc_type="DNI",
        doc_number=f"{40000000 + _made[0]}",
        names="Ana",
        surnames="Quispe",
        email="ana@example.pe",
        phone="987654321",
        status=status,
        issued_at=issued_at,
        rescheduled_from=moved_from,
        lead_days=lead,
    )


def the_week() -> None:
    """Six tickets in the week of FIRST (Lima is UTC-5) and one after it.

    sede A  24/11 09:00 atendida      booked 20/11 10:00 local        lead 4
    sede A  24/11 09:00 no asistió    booked 23/11 23:00 local        lead 1 (24/11 in UTC)
    sede A  25/11 10:20 anulada       booked 10/11                    lead 15
    sede A  25/11 10:20 reprogramada  booked 22/11                    lead 3
    sede A  26/11 08:00 atendida      its replacement, booked 23/11   lead 3
    sede B  24/11 14:00 activa        booked 24/11 08:00 local        lead 0 (never marked)
    sede B  10/12 09:00 activa        outside the period
    """
    a, b = two_sedes()
    appointment(a, date(2026, 11, 24), time(9), S.ATENDIDA, datetime(2026, 11, 20, 15), 4)
    appointment(a, date(2026, 11, 24), time(9), S.NO_ASISTIO, datetime(2026, 11, 24, 4), 1)
    appointment(a, date(2026, 11, 25), time(10, 20), S.ANULADA, datetime(2026, 11, 10, 15), 15)
    moved = appointment(
        a, date(2026, 11, 25), time(10, 20), S.REPROGRAMADA, datetime(2026, 11, 22, 15), 3
    )
    appointment(a, date(2026, 11, 26), time(8), S.ATENDIDA, datetime(2026, 11, 23, 15), 3, moved)
    appointment(b, date(2026, 11, 24), time(14), S.ACTIVA, datetime(2026, 11, 24, 13), 0)
    appointment(b, date(2026, 12, 10), time(9), S.ACTIVA, datetime(2026, 11, 24, 13), 16)


def verifications() -> None:
    """Sent in the week: approved after 90 minutes, rejected after 30, one still pending;
    and one pending sent long before (pending today, not in the period)."""
    person = citizen()
    sent = [
        (datetime(2026, 11, 24, 15), datetime(2026, 11, 24, 16, 30), IdentityStatus.APROBADA),
        (datetime(2026, 11, 25, 15), datetime(2026, 11, 25, 15, 30), IdentityStatus.RECHAZADA),
        (datetime(2026, 11, 26, 15), None, IdentityStatus.PENDIENTE),
        (datetime(2026, 10, 1, 15), None, IdentityStatus.PENDIENTE),
    ]
    for submitted, reviewed, status in sent:
        IdentityVerification.create(
            user=person,
            submitted_at=submitted,
            document_file="d",
            document_mime="image/png",
            video_file="v",
            video_mime="video/mp4",
            status=status,
            reviewed_at=reviewed,
        )


def receipts() -> list:
    """Two receipts used on 24/11 (one at 23:30 local, already the 25th in UTC: counted on the
    24th), one on 27/11, one before the period."""
    uses = [
        ("1000001", datetime(2026, 11, 24, 15)),
        ("1000002", datetime(2026, 11, 25, 4, 30)),
        ("1000003", datetime(2026, 11, 27, 15)),
        ("1000004", datetime(2026, 11, 1, 15)),
    ]
    payments = []
    for sequence, used_at in uses:
        payment = pay(sequence, days_ago=40)
        ReceiptUse.use(payment, "Escrito", used_at)
        payments.append(payment)
    return payments
