"""A handful of appointments, verifications and receipts in known states, for the reports'
figures to be checked against counts made by hand (see the expected tables in the tests)."""

from datetime import date, datetime, time, timedelta

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


def filings() -> None:
    """Seven filings by their legal reception instant (UTC; Lima is UTC-5), five of them in the
    week of FIRST, and the clerk's first action on each (minutes after the reception).

    1JCL  24/11 14:00  derivado    derived 2 h later                         120 min
    1JCL  24/11 15:00  atendido    observed 30 min later, corrected, attended  30 min
    1JCL  25/11 15:00  pendiente   not acted on yet
    3JFL  26/11 15:00  observado   observed the next day                      1440 min
    1SCL  27/11 15:00  anulado     (no sede) cancelled by the filer
    1JCL  23/11 04:00  pendiente   22/11 23:00 in Lima: the week before
    3JFL  30/11 13:00  pendiente   sent on Sunday 29/11, received Monday 08:00: the week after
    """
    from domain.states import FilingAction as A
    from domain.states import FilingStatus as F
    from models import Court, Dependencia, Filing, FilingEvent

    person = citizen("filer@example.pe", "41234567")
    court = Court.current()
    rows = [
        ("1JCL", datetime(2026, 11, 24, 14), F.DERIVADO, [(A.DERIVAR, 120)]),
        (
            "1JCL",
            datetime(2026, 11, 24, 15),
            F.ATENDIDO,
            [(A.OBSERVAR, 30), (A.SUBSANAR, 60), (A.ATENDER, 90)],
        ),
        ("1JCL", datetime(2026, 11, 25, 15), F.PENDIENTE, []),
        ("3JFL", datetime(2026, 11, 26, 15), F.OBSERVADO, [(A.OBSERVAR, 1440)]),
        ("1SCL", datetime(2026, 11, 27, 15), F.ANULADO, [(A.ANULAR, 5)]),
        ("1JCL", datetime(2026, 11, 23, 4), F.PENDIENTE, []),
        ("3JFL", datetime(2026, 11, 30, 13), F.PENDIENTE, [(A.OBSERVAR, 10)]),
    ]
    for number, (code, received, status, events) in enumerate(rows, start=1):
        filing = Filing.create(
            court=court.id,
            year=2026,
            number=number,
            verification_code=f"code-{number}",
            submission_key=f"report-filing-{number}",
            filer=person,
            filer_kind="natural",
            contact_email=person.email,
            dependencia=Dependencia.get(Dependencia.code == code),
            document_type="escrito",
            document_number="SN",
            subject="Escrito",
            folios=1,
            status=status,
            submitted_at=received,
            received_at=received,
            updated_at=received,
        )
        FilingEvent.create(filing=filing, at=received, action=A.PRESENTAR, to_status=F.PENDIENTE)
        for action, minutes in events:
            at = received + timedelta(minutes=minutes)
            FilingEvent.create(filing=filing, at=at, action=action, to_status=status)
