"""A sede's settings as the administrator writes them: numbers within bounds, a weekday's hours
with an optional break, periods that do not overlap, part-day closures."""

from datetime import time

import pytest

from domain import sede_setup
from domain.sede_setup import DayHours

T = time


@pytest.mark.parametrize(
    ("hours", "slot", "errors"),
    [
        (DayHours(), 20, {}),  # closed all day
        (DayHours(T(8), T(16, 40), T(13), T(14)), 20, {}),  # the demo court's day
        (DayHours(T(8), T(13)), 20, {}),
        (DayHours(T(8), None), 20, {"closes": "Escriba la hora de cierre del lunes"}),
        (DayHours(None, T(13)), 20, {"opens": "Escriba la hora de apertura del lunes"}),
        (DayHours(T(13), T(8)), 20, {"closes": "La hora de cierre del lunes debe ser posterior"}),
        (DayHours(T(8), T(8)), 20, {"closes": "debe ser posterior"}),
        (DayHours(T(8), T(16), T(13), None), 20, {"break_ends": "Escriba el fin del descanso"}),
        (DayHours(None, None, T(13), T(14)), 20, {"break_starts": "quite el descanso"}),
        (DayHours(T(8), T(16), T(7), T(9)), 20, {"break_starts": "debe empezar después"}),
        (DayHours(T(8), T(16), T(16), T(17)), 20, {"break_starts": "debe empezar después"}),
        (DayHours(T(8), T(16), T(13), T(12)), 20, {"break_ends": "debe terminar después"}),
        (DayHours(T(8), T(16), T(13), T(16)), 20, {"break_ends": "antes del cierre"}),
        (DayHours(T(8), T(16, 40), T(13), T(14)), 30, {"closes": "sobran 10 minutos"}),
        (DayHours(T(8), T(16, 40), T(12, 50), T(14)), 20, {"break_starts": "sobran 10 minutos"}),
        (DayHours(T(8), T(8, 10)), 20, {"closes": "sobran 10 minutos"}),  # no slot fits
        (DayHours(T(8), T(8, 10)), None, {}),  # slot length wrong: said under its own field
    ],
)
def test_a_weekdays_hours(hours, slot, errors):
    found = sede_setup.check_day(0, hours, slot)
    assert set(found) == set(errors)
    for name, words in errors.items():
        assert words in found[name]


@pytest.mark.parametrize(
    ("periods", "wrong"),
    [
        ([], None),
        ([(T(8), T(13)), (T(14), T(16, 40))], None),
        ([(T(14), T(16)), (T(8), T(13))], None),  # any order
        ([(T(8), T(13)), (T(13), T(16))], None),  # touching is fine
        ([(T(8), T(13)), (T(12), T(16))], "se superponen"),
        ([(T(8), T(16)), (T(9), T(10))], "se superponen"),
        ([(T(13), T(8))], "cierra antes de abrir"),
    ],
)
def test_periods_of_a_day_open_before_they_close_and_never_overlap(periods, wrong):
    found = sede_setup.check_periods(periods)
    assert (found is None) if wrong is None else (wrong in found)


@pytest.mark.parametrize(
    ("name", "value", "ok"),
    [
        ("slot_minutes", 20, True),
        ("slot_minutes", 4, False),
        ("slot_minutes", 241, False),
        ("capacity_per_slot", 0, False),
        ("capacity_per_slot", 1, True),
        ("capacity_per_slot", None, False),
        ("horizon_days", 365, True),
        ("horizon_days", 366, False),
        ("cancel_cutoff_hours", 0, True),
        ("outcome_margin_minutes", 241, False),
    ],
)
def test_numbers_stay_within_their_bounds(name, value, ok):
    assert (sede_setup.check_number(name, value) is None) == ok


@pytest.mark.parametrize(("minutes", "ok"), [(15, True), (20, True), (17, False), (5, True)])
def test_slot_lengths_come_in_steps_of_five_minutes(minutes, ok):
    assert (sede_setup.check_slot_minutes(minutes) is None) == ok


def test_stored_periods_read_back_as_hours_with_a_break():
    periods = [(T(14), T(16, 40)), (T(8), T(13))]
    hours = sede_setup.day_hours(periods)
    assert hours == DayHours(T(8), T(16, 40), T(13), T(14))
    assert hours.periods == sorted(periods)
    assert sede_setup.day_hours([]) == DayHours() and DayHours().periods == []


def test_an_active_sede_needs_one_open_weekday():
    closed = {day: DayHours() for day in range(7)}
    assert "al menos un día" in sede_setup.check_week(closed, active=True)
    assert sede_setup.check_week(closed, active=False) is None
    assert sede_setup.check_week(closed | {2: DayHours(T(8), T(9))}, active=True) is None


@pytest.mark.parametrize(
    ("since", "until", "period", "shown", "wrong"),
    [
        (None, None, None, "Todo el día", False),
        (T(13), None, (T(13), time.max), "Desde las 13:00", False),
        (None, T(10), (T(0), T(10)), "Hasta las 10:00", False),
        (T(11), T(12, 30), (T(11), T(12, 30)), "De 11:00 a 12:30", False),
        (T(12), T(12), (T(12), T(12)), "De 12:00 a 12:00", True),
        (T(12), T(9), (T(12), T(9)), "De 12:00 a 09:00", True),
    ],
)
def test_part_day_closures(since, until, period, shown, wrong):
    assert sede_setup.closure_period(since, until) == period
    assert sede_setup.describe_closure(since, until) == shown
    assert bool(sede_setup.check_closure_times(since, until)) == wrong


def test_the_audit_text_names_only_what_changed():
    old = {"phone": "1", "capacity_per_slot": 2, "week": {0: [(T(8), T(13))]}}
    new = {"phone": "1", "capacity_per_slot": 1, "week": {0: [(T(8), T(12))]}}
    text = sede_setup.changes_text(old, new)
    assert text == "capacity_per_slot: 2 → 1; week: lunes: 08:00-13:00 → lunes: 08:00-12:00"
    assert sede_setup.changes_text(old, old) == "sin cambios"
