"""The appointment use cases, called as the pages, the CLI and the jobs call them."""

from datetime import date, time, timedelta
from pathlib import Path

import pytest

from domain import slots
from domain.clock import to_utc
from domain.quotas import HIGHEST, QUOTAS, TooManyBookings
from domain.roles import Role
from domain.states import FOR_CITIZEN, AppointmentStatus, NotPermitted
from models import Appointment, AuditEvent, Court, Sede, Service, Setting, Slot, User
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
    assert appointments.can_change(cancelled, now=utc_now()) == (False, FOR_CITIZEN["anulada"])


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


def calendar_file(mail) -> str:
    [ics] = [p for p in mail.iter_attachments() if p.get_filename().endswith(".ics")]
    return ics.get_content()


def move(appointment, after=2, key="move"):
    day, start = first_free(Service.get(), after=after)
    return appointments.reschedule(
        appointment, day=day, start=start, request_key=key, actor=SYSTEM, now=utc_now()
    )


def test_rescheduling_moves_it_and_e_mails_the_change_once(ctx):
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
    booked, moved = outbox(ctx)
    assert moved["Subject"].startswith("Su cita cambió de día u hora: ahora")
    body = moved.get_body(("plain",)).get_content()
    assert "No es una cita nueva" in body
    assert f"(código {appointment.code})" in body and f"Nuevo código de la cita: {new.code}" in body
    assert "/citas/gestion/" in body
    names = [part.get_filename() for part in moved.iter_attachments()]
    assert names == [f"cita-{new.code}.pdf", f"cita-{new.code}.ics"]
    # The same calendar event as the first e-mail's, one version later: it moves, not doubles.
    first, second = calendar_file(booked), calendar_file(moved)
    assert f"UID:{appointment.code}@ventanilla" in first and "SEQUENCE:0" in first
    assert f"UID:{appointment.code}@ventanilla" in second and "SEQUENCE:1" in second
    event = AuditEvent.get(AuditEvent.action == "cita_reprogramada")
    assert event.subject == appointment.code and new.code in event.detail


def test_rescheduling_to_the_same_time_is_refused_and_changes_nothing(ctx):
    appointment, _ = book()
    with pytest.raises(slots.SameSlot, match="Su cita ya es ese día a esa hora"):
        appointments.reschedule(
            appointment,
            day=appointment.day,
            start=appointment.starts,
            request_key="same",
            actor=SYSTEM,
            now=utc_now(),
        )
    assert Appointment.get_by_id(appointment.id).is_active and Appointment.select().count() == 1
    assert len(outbox(ctx)) == 1 and Slot.get().booked == 1


def test_cancelling_e_mails_the_person_a_calendar_cancellation_of_the_same_event(ctx):
    appointment, _ = book()
    new, _ = move(appointment)
    assert appointments.cancel(new, actor=SYSTEM, now=utc_now())
    cancelled = outbox(ctx)[-1]
    assert cancelled["To"] == "ana@example.pe"
    assert cancelled["Subject"] == f"Su cita {new.code} fue anulada"
    assert "ya no es válido" in cancelled.get_body(("plain",)).get_content()
    ics = calendar_file(cancelled)
    assert "METHOD:CANCEL" in ics and "STATUS:CANCELLED" in ics
    assert f"UID:{appointment.code}@ventanilla" in ics and "SEQUENCE:2" in ics
    assert AuditEvent.get(AuditEvent.action == "cita_anulada").subject == new.code
    assert not appointments.cancel(new, actor=SYSTEM, now=utc_now())  # a second tap: no mail
    assert len(outbox(ctx)) == 3


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


@pytest.mark.parametrize("quota", ["quota_email_hour", "quota_document_hour"])
def test_a_move_counts_against_the_e_mail_and_document_quotas_unless_it_fails(ctx, quota):
    """Each move mails a ticket: a bot moving one appointment again and again would mail one
    address as often as booking out a sede would. A move that is refused costs nothing."""
    for each in QUOTAS:
        Setting.write(each.name, str(3 if each.name == quota else HIGHEST))
    appointment, _ = book()  # 1 of 3
    with pytest.raises(slots.NotBookable):
        appointments.reschedule(
            appointment,
            day=appointment.day,
            start=time(7, 1),
            request_key="bad",
            actor=SYSTEM,
            now=utc_now(),
        )
    new, _ = move(appointment, after=2, key="m1")  # 2 of 3: the refused move was given back
    newer, _ = move(new, after=3, key="m2")  # 3 of 3
    assert move(newer, after=3, key="m2") == (newer, False)  # a repeat is not counted again
    with pytest.raises(TooManyBookings, match="Podrá reservar otra cita desde"):
        move(newer, after=4, key="m3")
    assert Appointment.get_by_id(newer.id).is_active and len(outbox(ctx)) == 3


def slot_start(appointment, minutes: int = 0):
    """The stored (UTC) instant of the appointment's start, moved by `minutes`."""
    starts = to_utc(Court.current().timezone, appointment.day, appointment.starts)
    return starts.replace(tzinfo=None) + timedelta(minutes=minutes)


@pytest.mark.parametrize("outcome", [AppointmentStatus.ATENDIDA, AppointmentStatus.NO_ASISTIO])
def test_the_desk_marks_the_outcome_once(ctx, outcome):
    appointment, _ = book()
    clerk, now = desk_clerk(), slot_start(appointment)
    assert appointments.mark_outcome(appointment, outcome, actor=clerk, now=now)
    assert Appointment.get_by_id(appointment.id).status == outcome
    assert Slot.get().booked == 1  # the place was used, not given back
    stale = Appointment.get_by_id(appointment.id)
    assert appointments.mark_outcome(appointment, outcome, actor=clerk, now=now) is False
    assert Appointment.get_by_id(appointment.id).status == outcome == stale.status


def test_the_desk_cannot_mark_an_appointment_before_its_time(ctx):
    appointment, _ = book()
    clerk = desk_clerk()
    with pytest.raises(slots.OutcomeNotOpen, match="Todavía no es"):
        appointments.mark_outcome(
            appointment, AppointmentStatus.NO_ASISTIO, actor=clerk, now=slot_start(appointment, -16)
        )
    assert Appointment.get_by_id(appointment.id).is_active
    assert not AuditEvent.select().where(AuditEvent.action == "cita_no_asistio").exists()
    Sede.update(outcome_margin_minutes=0).execute()  # a sede's own setting
    with pytest.raises(slots.OutcomeNotOpen, match="desde las"):
        appointments.mark_outcome(
            Appointment.get_by_id(appointment.id),
            AppointmentStatus.ATENDIDA,
            actor=clerk,
            now=slot_start(appointment, -1),
        )
    assert appointments.mark_outcome(
        Appointment.get_by_id(appointment.id),
        AppointmentStatus.ATENDIDA,
        actor=clerk,
        now=slot_start(appointment),
    )


def test_the_clerk_corrects_or_undoes_an_outcome_the_same_day_and_each_step_is_audited(ctx):
    appointment, _ = book()
    clerk, now = desk_clerk(), slot_start(appointment, 5)
    assert appointments.mark_outcome(
        appointment, AppointmentStatus.NO_ASISTIO, actor=clerk, now=now
    )
    assert appointments.mark_outcome(appointment, AppointmentStatus.ATENDIDA, actor=clerk, now=now)
    assert appointments.undo_outcome(appointment, actor=clerk, now=now)
    again = Appointment.get_by_id(appointment.id)
    assert again.is_active and again.active_key is not None  # one active per person again
    events = (
        AuditEvent.select().where(AuditEvent.subject == appointment.code).order_by(AuditEvent.id)
    )
    assert [(e.action, e.detail, e.actor_label) for e in events] == [
        ("cita_no_asistio", "activa -> no_asistio", "mesa@corte.pe"),
        ("cita_atendida", "no_asistio -> atendida", "mesa@corte.pe"),
        ("cita_resultado_deshecho", "atendida -> activa", "mesa@corte.pe"),
    ]
    assert appointments.mark_outcome(again, AppointmentStatus.ATENDIDA, actor=clerk, now=now)
    next_day = slot_start(appointment, 24 * 60)
    with pytest.raises(slots.OutcomeNotOpen, match="mismo día"):
        appointments.undo_outcome(Appointment.get_by_id(appointment.id), actor=clerk, now=next_day)
    assert Appointment.get_by_id(appointment.id).status == AppointmentStatus.ATENDIDA


def test_the_desk_finds_the_days_appointments_by_code_or_document_moved_ones_too(ctx):
    appointment, _ = book()
    other, _ = book(key="k2", person=PERSON | {"doc_number": "11111111"})
    sede, day = appointment.sede, appointment.day
    scanned = appointment.code.lower().replace("-", " ")
    assert [a.id for a in appointments.desk_list(sede, day, scanned)] == [appointment.id]
    assert [a.id for a in appointments.desk_list(sede, day, " 11111111 ")] == [other.id]
    assert appointments.desk_list(sede, day, "99999999") == []
    new, _ = move(appointment, after=1)  # another time of the same day stays on the list
    listed = {a.id: a.status for a in appointments.desk_list(sede, day)}
    assert listed[appointment.id] == AppointmentStatus.REPROGRAMADA and new.id in listed


def test_only_the_desk_marks_outcomes(ctx):
    appointment, _ = book()
    with pytest.raises(NotPermitted, match="Su rol no le permite marcar como atendida"):
        appointments.mark_outcome(
            appointment, AppointmentStatus.ATENDIDA, actor=SYSTEM, now=slot_start(appointment)
        )
    assert Appointment.get_by_id(appointment.id).is_active
