"""Booking rules enforced below the views: in the models and the database itself."""

from datetime import time, timedelta

import peewee
import pytest

from db import write_transaction
from domain import slots
from domain.roles import AS_CITIZEN, DESK
from domain.states import AppointmentAction, AppointmentStatus, NotPermitted
from models import Appointment, Closure, Court, Service, Slot
from services.clock import court_now, utc_now
from tests.helpers import PERSON

PERSON_DATA = PERSON | {"birth_date": None}


def next_open_day(service, after=1):
    court = Court.current()
    rules = service.sede.rules(court.local_time(utc_now()).date())
    return slots.bookable_days(rules, court.local_time(utc_now()))[after]


def attempt(service, day, start=time(9, 0), key="k1", person=PERSON_DATA):
    court = Court.current()
    return Appointment.book(
        service=service,
        day=day,
        start=start,
        person=person,
        request_key=key,
        now_utc=utc_now(),
        now_local=court.local_time(utc_now()),
    )


def test_a_closure_added_after_the_page_was_shown_still_blocks_the_booking(db):
    service = Service.get()
    day = next_open_day(service)
    Closure.create(sede=service.sede, day=day, reason="Fumigación")
    with pytest.raises(slots.NotBookable, match="no atiende ese día"):
        attempt(service, day)
    assert Slot.select().count() == 0


def test_past_and_beyond_horizon_bookings_are_refused_by_the_model(db):
    service = Service.get()
    today = court_now().date()
    with pytest.raises(slots.NotBookable):
        attempt(service, today - timedelta(days=1))
    with pytest.raises(slots.NotBookable, match="anticipación"):
        attempt(service, today + timedelta(days=service.sede.horizon_days + 1))


def test_the_database_itself_refuses_more_places_than_capacity(db):
    service = Service.get()
    appointment, created = attempt(service, next_open_day(service))
    assert created
    with pytest.raises(peewee.IntegrityError), write_transaction():
        Slot.update(booked=Slot.capacity + 1).where(Slot.id == appointment.slot_id).execute()


def test_the_database_itself_refuses_a_second_active_appointment_for_a_person(db):
    service = Service.get()
    appointment, _ = attempt(service, next_open_day(service))
    with pytest.raises(peewee.IntegrityError), write_transaction():
        Appointment.insert(
            **{
                f: getattr(appointment, f)
                for f in (
                    "doc_type",
                    "doc_number",
                    "names",
                    "surnames",
                    "email",
                    "phone",
                    "day",
                    "starts",
                    "ends",
                    "active_key",
                )
            },
            code="OTHR-CODE-0001",
            request_key="other",
            slot=appointment.slot_id,
            sede=appointment.sede_id,
            service=service,
            issued_at=utc_now(),
        ).execute()


def test_the_same_request_key_returns_the_first_appointment(db):
    service = Service.get()
    day = next_open_day(service)
    first, created = attempt(service, day, key="same")
    again, created_again = attempt(service, day, start=time(10, 0), key="same")
    assert created and not created_again and again.id == first.id
    assert Slot.select().count() == 1


# --- the appointment machine, below the views -------------------------------------------


@pytest.mark.parametrize(
    ("action", "by", "status", "booked"),
    [
        (AppointmentAction.ATENDER, DESK, AppointmentStatus.ATENDIDA, 1),  # the slot was used
        (AppointmentAction.MARCAR_NO_ASISTIO, DESK, AppointmentStatus.NO_ASISTIO, 1),
        (AppointmentAction.ANULAR, AS_CITIZEN, AppointmentStatus.ANULADA, 0),  # given back
    ],
)
def test_leaving_activa_follows_the_machine_and_gives_back_only_a_freed_place(
    db, action, by, status, booked
):
    appointment, _ = attempt(Service.get(), next_open_day(Service.get()))
    assert appointment.take(action, utc_now(), by=by)
    again = Appointment.get_by_id(appointment.id)
    assert again.status == status and again.active_key is None
    assert again.slot.booked == booked
    assert not again.take(action, utc_now(), by=by)  # it has moved on: nothing changes
    assert Appointment.get_by_id(appointment.id).slot.booked == booked


def test_an_undone_outcome_is_active_again_without_taking_a_key_booked_meanwhile(db):
    service = Service.get()
    day = next_open_day(service)
    first, _ = attempt(service, day)
    assert first.take(AppointmentAction.ATENDER, utc_now(), by=DESK)
    second, _ = attempt(service, day, start=time(10, 0), key="k2")  # the same person, again
    with write_transaction():  # as the use case does: a refused key must not undo the rest
        assert first.take(AppointmentAction.DESHACER, utc_now(), by=DESK)
    again = Appointment.get_by_id(first.id)
    assert again.status == AppointmentStatus.ACTIVA and again.active_key is None
    assert Appointment.get_by_id(second.id).active_key is not None
    assert again.slot.booked == 1  # its place was never given back


def test_a_role_the_machine_refuses_changes_nothing(db):
    appointment, _ = attempt(Service.get(), next_open_day(Service.get()))
    with pytest.raises(NotPermitted, match="Su rol no le permite marcar como atendida la cita"):
        appointment.take(AppointmentAction.ATENDER, utc_now(), by=AS_CITIZEN)
    with pytest.raises(NotPermitted):
        appointment.cancel(utc_now(), court_now(), by=DESK)
    assert Appointment.get_by_id(appointment.id).status == AppointmentStatus.ACTIVA
