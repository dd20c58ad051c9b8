"""Changing a sede and its closures, called as the pages and the CLI call it: what is
cancelled, what is kept, and what the same confirmation does twice."""

from datetime import date, time

import pytest

from domain import affected
from domain.states import AppointmentStatus
from models import Appointment, Closure, Sede, Service
from services import appointments, sede_changes
from services.actor import SYSTEM
from services.clock import utc_now
from services.sede_changes import AffectedChanged, CapacityBelowBooked, ClosureSpec

PERSON = {
    "doc_type": "DNI",
    "doc_number": "45678901",
    "names": "Ana María",
    "surnames": "Quispe Mamani",
    "email": "ana@example.pe",
    "phone": "987654321",
    "birth_date": date(1990, 5, 17),
}


def book_at(code: str, key: str, doc_number="45678901") -> Appointment:
    """The first free time of a coming day at the sede `code`."""
    service = Service.get(Service.sede == Sede.get(Sede.code == code), Service.code == "escritos")
    day = list(appointments.free_days(service, now=utc_now()))[1]
    start = next(iter(appointments.free_times(service, day, now=utc_now())))
    appointment, _ = appointments.book(
        service=service,
        day=day,
        start=start,
        person=PERSON | {"doc_number": doc_number},
        vulnerable=False,
        request_key=key,
        actor=SYSTEM,
        now=utc_now(),
    )
    return appointment


def status(appointment) -> str:
    return Appointment.get_by_id(appointment.id).status


def test_a_closure_of_one_sede_cancels_only_that_sedes_appointments(ctx):
    here, there = book_at("zavala", "k1"), book_at("pierola", "k2", "40123456")
    spec = ClosureSpec(day=here.day, reason="Fumigación", sede=here.sede)
    hit = sede_changes.affected_by_closures([spec], now=utc_now())
    assert [a.code for a in hit] == [here.code]
    seen = affected.digest([here.code])
    _, cancelled = sede_changes.declare_closure(spec, seen=seen, actor=SYSTEM, now=utc_now())
    assert [a.code for a in cancelled] == [here.code]
    assert status(here) == AppointmentStatus.ANULADA
    assert status(there) == AppointmentStatus.ACTIVA


def test_without_the_list_seen_nothing_is_cancelled_or_written(ctx):
    appointment = book_at("zavala", "k1")
    spec = ClosureSpec(day=appointment.day, reason="Paro")
    with pytest.raises(AffectedChanged) as changed:
        sede_changes.declare_closure(spec, seen="", actor=SYSTEM, now=utc_now())
    assert [a.code for a in changed.value.appointments] == [appointment.code]
    assert not Closure.select().where(Closure.reason == "Paro").exists()
    assert status(appointment) == AppointmentStatus.ACTIVA


def test_a_part_day_closure_after_the_appointment_keeps_it(ctx):
    appointment = book_at("zavala", "k1")
    after = time(appointment.ends.hour, appointment.ends.minute)
    spec = ClosureSpec(day=appointment.day, reason="Tarde libre", closed_from=after)
    _, cancelled = sede_changes.declare_closure(spec, seen="", actor=SYSTEM, now=utc_now())
    assert cancelled == [] and status(appointment) == AppointmentStatus.ACTIVA


def test_capacity_is_refused_below_a_slot_and_accepted_at_it(ctx):
    book_at("alzamora", "k1")
    book_at("alzamora", "k2", "40123456")  # the same first free time: two places of two
    sede = Sede.get(Sede.code == "alzamora")
    settings = sede_changes.settings_of(sede)
    lower = sede_changes.SedeSettings(**(vars(settings) | {"capacity_per_slot": 1}))
    with pytest.raises(CapacityBelowBooked, match=r"\(2 reservas\)"):
        sede_changes.change_sede(sede, lower, seen="", actor=SYSTEM, now=utc_now())
    same = sede_changes.SedeSettings(**(vars(settings) | {"phone": "(01) 000"}))
    assert sede_changes.change_sede(sede, same, seen="", actor=SYSTEM, now=utc_now()) == []
    assert Sede.get_by_id(sede.id).phone == "(01) 000"
