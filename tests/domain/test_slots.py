from datetime import date, datetime, time

import pytest
from hypothesis import given
from hypothesis import strategies as st

from domain import slots
from domain.slots import SedeRules

MORNING_AND_AFTERNOON = [(time(8, 0), time(13, 0)), (time(14, 0), time(16, 40))]
MONDAY = date(2026, 11, 23)
SUNDAY = date(2026, 11, 22)


def rules(**changes) -> SedeRules:
    values = dict(
        slot_minutes=20,
        capacity=2,
        horizon_days=14,
        cancel_cutoff_hours=2,
        same_day_cutoff=time(12, 0),
        restrict_vulnerable=False,
        opening={weekday: MORNING_AND_AFTERNOON for weekday in range(5)},
        closed_days=frozenset(),
    )
    values.update(changes)
    return SedeRules(**values)


def test_slots_fill_each_opening_period_without_overflowing_it():
    starts = slots.day_slots(rules(), MONDAY)
    assert starts[0] == time(8, 0)
    assert time(12, 40) in starts and time(13, 0) not in starts
    assert starts[15] == time(14, 0)
    assert starts[-1] == time(16, 20)  # 16:20-16:40 fits; 16:40 would end after closing
    assert len(starts) == 15 + 8


def test_no_slots_on_weekends_or_closures():
    assert slots.day_slots(rules(), SUNDAY) == []
    assert slots.day_slots(rules(closed_days=frozenset({MONDAY})), MONDAY) == []


def test_past_slots_of_today_are_not_offered():
    now = datetime.combine(MONDAY, time(9, 5))
    offered = slots.bookable_slots(rules(), MONDAY, now)
    assert offered[0] == time(9, 20)


def test_same_day_booking_stops_at_the_cutoff():
    assert slots.bookable_slots(rules(), MONDAY, datetime.combine(MONDAY, time(12, 0))) == []
    assert (
        slots.bookable_slots(rules(same_day_cutoff=None), MONDAY, datetime(2026, 11, 23, 7)) == []
    )


def test_days_run_from_today_to_the_horizon_and_skip_closed_days():
    now = datetime(2026, 11, 22, 10, 0)  # a Sunday
    days = slots.bookable_days(rules(horizon_days=7, closed_days={date(2026, 11, 25)}), now)
    assert days == [date(2026, 11, 23), date(2026, 11, 24), date(2026, 11, 26), date(2026, 11, 27)]


@pytest.mark.parametrize(
    ("day", "start", "message"),
    [
        (MONDAY, time(8, 0), "ya pasó"),
        (date(2026, 12, 31), time(9, 0), "14 días"),
        (date(2026, 11, 28), time(9, 0), "no atiende ese día"),
        (date(2026, 11, 24), time(13, 20), "no existe"),
        (date(2026, 11, 24), time(9, 10), "no existe"),
    ],
)
def test_check_bookable_refuses_with_a_reason(day, start, message):
    now = datetime.combine(MONDAY, time(12, 30))
    with pytest.raises(slots.NotBookable, match=message):
        slots.check_bookable(rules(), day, start, now)


def test_check_bookable_refuses_today_after_the_cutoff():
    with pytest.raises(slots.NotBookable, match="para hoy"):
        slots.check_bookable(rules(), MONDAY, time(15, 0), datetime.combine(MONDAY, time(12, 30)))


def test_a_valid_slot_passes():
    slots.check_bookable(rules(), MONDAY, time(15, 0), datetime.combine(MONDAY, time(10, 0)))


@pytest.mark.parametrize(
    ("birth", "vulnerable", "priority"),
    [
        (date(1961, 11, 23), False, True),  # 65 today
        (date(1961, 11, 24), False, False),  # 65 tomorrow
        (date(1990, 1, 1), True, True),
        (None, False, False),
    ],
)
def test_priority_is_65_or_more_or_vulnerable(birth, vulnerable, priority):
    assert slots.has_priority(birth, vulnerable, MONDAY) is priority


def test_eligibility_setting_is_off_by_default():
    slots.check_eligibility(rules(), date(1940, 1, 1), True, MONDAY)


def test_eligibility_setting_sends_priority_groups_to_the_kiosk():
    with pytest.raises(slots.NotEligible, match="turno preferente"):
        slots.check_eligibility(rules(restrict_vulnerable=True), date(1950, 1, 1), False, MONDAY)
    slots.check_eligibility(rules(restrict_vulnerable=True), date(1990, 1, 1), False, MONDAY)


def test_changes_close_hours_before_the_slot():
    start = time(10, 0)
    slots.check_can_change(rules(), MONDAY, start, datetime.combine(MONDAY, time(7, 59)))
    with pytest.raises(slots.TooLateToChange, match="2 horas"):
        slots.check_can_change(rules(), MONDAY, start, datetime.combine(MONDAY, time(8, 0)))


@given(
    minutes=st.sampled_from([10, 15, 20, 30, 45, 60]),
    opens=st.integers(min_value=6 * 60, max_value=12 * 60),
    length=st.integers(min_value=0, max_value=8 * 60),
)
def test_every_slot_fits_inside_opening_hours(minutes, opens, length):
    closes = opens + length
    period = (time(opens // 60, opens % 60), time(closes // 60, closes % 60))
    starts = slots.day_slots(rules(slot_minutes=minutes, opening={0: [period]}), MONDAY)
    assert len(starts) == length // minutes
    for start in starts:
        assert period[0] <= start and slots.slot_end(start, minutes) <= period[1]


@pytest.mark.parametrize(
    ("now", "margin", "correcting", "refusal"),
    [
        (datetime(2026, 11, 23, 6, 0), 15, False, "podrá marcarla desde las 09:45"),  # hours early
        (datetime(2026, 11, 23, 9, 44), 15, False, "desde las 09:45"),
        (datetime(2026, 11, 23, 9, 45), 15, False, None),  # the margin before the start
        (datetime(2026, 11, 23, 9, 59), 0, False, "desde las 10:00"),  # margin 0: at the start
        (datetime(2026, 11, 23, 10, 0), 0, False, None),
        (datetime(2026, 11, 22, 18, 0), 15, False, "podrá marcarla el lunes 23 de noviembre"),
        (datetime(2026, 11, 23, 23, 59), 15, True, None),  # corrected for the rest of the day
        (datetime(2026, 11, 24, 8, 0), 15, True, "solo se podía corregir el mismo día"),
        (datetime(2026, 11, 24, 8, 0), 15, False, None),  # a forgotten one is still marked
    ],
)
def test_the_desk_records_an_outcome_from_the_start_less_the_margin(
    now, margin, correcting, refusal
):
    check = slots.check_can_record_outcome
    if refusal is None:
        check(MONDAY, time(10, 0), margin, now, correcting=correcting)
    else:
        with pytest.raises(slots.OutcomeNotOpen, match=refusal):
            check(MONDAY, time(10, 0), margin, now, correcting=correcting)


def test_moving_to_the_same_slot_is_refused():
    with pytest.raises(slots.SameSlot, match="Su cita ya es ese día a esa hora"):
        slots.check_not_same_slot(MONDAY, time(9, 0), MONDAY, time(9, 0))
    slots.check_not_same_slot(MONDAY, time(9, 0), MONDAY, time(9, 20))


@pytest.mark.parametrize(
    ("closed", "first_after_noon", "count"),
    [
        ((), time(14, 0), 23),
        (((time(13, 0), slots.END_OF_DAY),), None, 15),  # closed from 13:00
        (((time(12, 30), time(15, 0)),), time(15, 0), 13 + 5),  # 12:20-12:40 overlaps: hidden
        (((slots.START_OF_DAY, time(10, 0)),), time(14, 0), 23 - 6),
    ],
)
def test_part_day_closures_hide_the_slots_they_touch(closed, first_after_noon, count):
    starts = slots.day_slots(rules(closed_periods={MONDAY: closed}), MONDAY)
    after_noon = [s for s in starts if s >= time(13, 0)]
    assert (after_noon[0] if after_noon else None) == first_after_noon
    assert len(starts) == count


def test_a_time_inside_a_part_day_closure_cannot_be_booked_and_says_why():
    closed = rules(closed_periods={MONDAY: ((time(13, 0), slots.END_OF_DAY),)})
    now = datetime(2026, 11, 20, 9, 0)
    with pytest.raises(slots.NotBookable, match="no atiende a esa hora"):
        slots.check_bookable(closed, MONDAY, time(14, 0), now)
    slots.check_bookable(closed, MONDAY, time(12, 40), now)
