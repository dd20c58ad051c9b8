"""The appointment use cases, called as the pages, the CLI and the jobs call them."""

from datetime import date, time, timedelta
from pathlib import Path

import pytest

from domain import slots
from domain.clock import to_utc
from domain.roles import Role
from domain.states import AppointmentStatus, NotPermitted
from models import Appointment, Court, Sede, Service, Slot, User
from services import appointments
from services.actor import SYSTEM, Actor
from services.clock import utc_now
from tests.helpers import mails

PERSON = {
    "doc_type": "DNI",
    "doc_number": "45678901",
    "names": "Ana María",
    "surnames": "Quispe Mamani",
    "email": "ana@example.pe",
    "phone": "987654321",
    "birth_date": date(1990, 5, 17),
}


def outbox(app) -> list:
    return mails(Path(app.config["OUTBOX_FOLDER"]).parent)


def first_free(service, after=0) -> tuple[date, time]:
    day = list(appointments.free_days(service, now=utc_now()))[after]
    return day, next(iter(appointments.free_times(service, day, now=utc_now())))


def book(service=None, key="k1", person=PERSON, vulnerable=False, after=1):
    """Book the first free time of a coming day (today's may be too close to change)."""
    service = service or Service.get()
    day, start = first_free(service, after)
    return appointments.book(
        service=service,
        day=day,
        start=start,
        person=person,
        vulnerable=vulnerable,
        request_key=key,
        actor=SYSTEM,
        now=utc_now(),
    )


def desk_clerk() -> Actor:
    user = User(
        email="mesa@corte.pe",
        full_name="Rosa Quispe",
        roles=Role.MESA_DE_PARTES,
        created_at=utc_now(),
        is_staff=True,
    )
    user.set_password("Clave-Segura-2026")
    user.save()
    return Actor(user, "10.0.0.9")


def test_free_days_and_times_leave_out_a_full_time(ctx):
    service = Service.get()
    day, start = first_free(service)
    places = appointments.free_times(service, day, now=utc_now())[start]
    assert places == service.sede.capacity_per_slot
    times_before = appointments.free_days(service, now=utc_now())[day]
    for n in range(places):
        person = PERSON | {"doc_number": f"4567890{n}"}
        appointments.book(
            service=service,
            day=day,
            start=start,
            person=person,
            vulnerable=False,
            request_key=f"k{n}",
            actor=SYSTEM,
            now=utc_now(),
        )
    assert start not in appointments.free_times(service, day, now=utc_now())
    assert appointments.free_days(service, now=utc_now()).get(day, 0) == times_before - 1


def test_a_sede_that_keeps_priority_groups_away_says_so(ctx):
    Sede.update(restrict_vulnerable=True).execute()
    sede = Sede.get()
    appointments.check_eligibility(
        sede, birth_date=date(1990, 5, 17), vulnerable=False, now=utc_now()
    )
    with pytest.raises(slots.NotEligible, match="turno preferente"):
        appointments.check_eligibility(
            sede, birth_date=date(1950, 1, 1), vulnerable=False, now=utc_now()
        )


def test_booking_issues_the_ticket_and_e_mails_it_once(ctx):
    appointment, created = book()
    assert created and appointment.is_active and not appointment.priority
    again, created_again = book(key="k1", after=2)  # a second tap of the same form
    assert not created_again and again.id == appointment.id
    [mail] = outbox(ctx)
    assert mail["To"] == "ana@example.pe" and appointment.code in mail["Subject"]
    names = [part.get_filename() for part in mail.walk() if part.get_filename()]
    assert names == [f"cita-{appointment.code}.pdf", f"cita-{appointment.code}.ics"]


def test_priority_is_decided_on_the_court_s_date(ctx):
    appointment, _ = book(vulnerable=True)
    assert appointment.priority
    senior, _ = book(
        key="k2", person=PERSON | {"doc_number": "11111111", "birth_date": date(1950, 1, 1)}
    )
    assert senior.priority


def test_booking_refusals_say_why_and_send_nothing(ctx):
    service = Service.get()
    book(service)
    day, start = first_free(service, after=1)
    with pytest.raises(slots.AlreadyBooked, match="Ya tiene una cita activa"):
        appointments.book(
            service=service,
            day=day,
            start=start,
            person=PERSON,
            vulnerable=False,
            request_key="other",
            actor=SYSTEM,
            now=utc_now(),
        )
    with pytest.raises(slots.NotBookable, match="Ese horario ya pasó"):
        appointments.book(
            service=service,
            day=day - timedelta(days=30),
            start=start,
            person=PERSON,
            vulnerable=False,
            request_key="past",
            actor=SYSTEM,
            now=utc_now(),
        )
    assert len(outbox(ctx)) == 1 and Appointment.select().count() == 1


def test_an_appointment_is_found_by_its_code_as_typed_and_the_document(ctx):
    appointment, _ = book()
    typed = f"  {appointment.code.lower().replace('-', ' ')} "
    assert appointments.find(typed, "DNI", "45678901").id == appointment.id
    with pytest.raises(appointments.NotFound, match="Revise ambos datos"):
        appointments.find(appointment.code, "DNI", "45678902")


def test_it_can_be_changed_until_the_cut_off_and_only_while_active(ctx):
    appointment, _ = book()
    assert appointments.can_change(appointment, now=utc_now()) == (True, "")
    starts = to_utc(Court.current().timezone, appointment.day, appointment.starts)
    late = starts.replace(tzinfo=None) - timedelta(hours=1)
    allowed, reason = appointments.can_change(appointment, now=late)
    assert not allowed and "hasta 2 horas antes" in reason
    appointments.cancel(appointment, actor=SYSTEM, now=utc_now())
    cancelled = Appointment.get_by_id(appointment.id)
    assert appointments.can_change(cancelled, now=utc_now()) == (False, "Esta cita está anulada.")


def test_cancelling_frees_the_place_once(ctx):
    appointment, _ = book()
    now = utc_now()
    assert appointments.cancel(appointment, actor=SYSTEM, now=now)
    again = Appointment.get_by_id(appointment.id)
    assert again.status == AppointmentStatus.ANULADA and again.status_changed_at == now
    assert Slot.get().booked == 0
    assert not appointments.cancel(appointment, actor=SYSTEM, now=utc_now())
    assert Slot.get().booked == 0


def test_cancelling_too_late_is_refused(ctx):
    appointment, _ = book()
    starts = to_utc(Court.current().timezone, appointment.day, appointment.starts)
    with pytest.raises(slots.TooLateToChange, match="hasta 2 horas antes"):
        appointments.cancel(appointment, actor=SYSTEM, now=starts.replace(tzinfo=None))
    assert Appointment.get_by_id(appointment.id).is_active


def test_rescheduling_moves_it_and_e_mails_the_new_ticket_once(ctx):
    appointment, _ = book()
    day, start = first_free(Service.get(), after=2)
    args = {"day": day, "start": start, "request_key": "move", "actor": SYSTEM, "now": utc_now()}
    new, created = appointments.reschedule(appointment, **args)
    assert (
        created
        and new.rescheduled_from_id == appointment.id
        and (new.day, new.starts) == (day, start)
    )
    assert Appointment.get_by_id(appointment.id).status == AppointmentStatus.REPROGRAMADA
    again, created_again = appointments.reschedule(appointment, **args)
    assert not created_again and again.id == new.id
    assert [m["Subject"].strip().split(":")[0] for m in outbox(ctx)] == [  # a long one is folded
        f"Su cita {appointment.code}",
        f"Su cita {new.code}",
    ]


def test_rescheduling_to_a_time_that_cannot_be_booked_changes_nothing(ctx):
    appointment, _ = book()
    with pytest.raises(slots.NotBookable, match="no existe en la sede"):
        appointments.reschedule(
            appointment,
            day=appointment.day,
            start=time(7, 1),
            request_key="move",
            actor=SYSTEM,
            now=utc_now(),
        )
    assert Appointment.get_by_id(appointment.id).is_active and len(outbox(ctx)) == 1


@pytest.mark.parametrize(
    ("outcome", "booked"), [(AppointmentStatus.ATENDIDA, 1), (AppointmentStatus.NO_ASISTIO, 1)]
)
def test_the_desk_marks_the_outcome_once(ctx, outcome, booked):
    appointment, _ = book()
    clerk = desk_clerk()
    assert appointments.mark_outcome(appointment, outcome, actor=clerk, now=utc_now())
    assert Appointment.get_by_id(appointment.id).status == outcome
    assert Slot.get().booked == booked  # the place was used, not given back
    other = AppointmentStatus.NO_ASISTIO if outcome == AppointmentStatus.ATENDIDA else outcome
    assert not appointments.mark_outcome(appointment, other, actor=clerk, now=utc_now())
    assert Appointment.get_by_id(appointment.id).status == outcome


def test_only_the_desk_marks_outcomes(ctx):
    appointment, _ = book()
    with pytest.raises(NotPermitted, match="Su rol no le permite marcar como atendida"):
        appointments.mark_outcome(
            appointment, AppointmentStatus.ATENDIDA, actor=SYSTEM, now=utc_now()
        )
    assert Appointment.get_by_id(appointment.id).is_active
