"""Which booked appointments a change of a sede breaks, and which slots a lower capacity
would overfill."""

from datetime import date, datetime, time

import pytest

from domain import affected
from domain.affected import Booking
from domain.slots import SedeRules

MONDAY = date(2026, 12, 7)
TUESDAY = date(2026, 12, 8)
NOW = datetime(2026, 12, 2, 10, 0)
DEMO_HOURS = [(time(8), time(13)), (time(14), time(16, 40))]


def rules(opening=None, closed_days=frozenset(), closed_periods=None) -> SedeRules:
    return SedeRules(
        slot_minutes=20,
        capacity=2,
        horizon_days=14,
        cancel_cutoff_hours=2,
        same_day_cutoff=time(12),
        restrict_vulnerable=False,
        opening={d: DEMO_HOURS for d in range(5)} if opening is None else opening,
        closed_days=closed_days,
        closed_periods=closed_periods or {},
    )


def at(day, hour, minute=0, code=None) -> Booking:
    start = time(hour, minute)
    ends = time(hour + (minute + 20) // 60, (minute + 20) % 60)
    return Booking(code or f"{day:%d}-{hour:02d}{minute:02d}", "Escritos", day, start, ends)


BOOKINGS = [at(MONDAY, 8), at(MONDAY, 12, 40), at(MONDAY, 14), at(MONDAY, 16, 20), at(TUESDAY, 9)]


@pytest.mark.parametrize(
    ("new_rules", "cancelled"),
    [
        (rules(), []),  # nothing changed
        (rules(closed_days=frozenset({MONDAY})), ["07-0800", "07-1240", "07-1400", "07-1620"]),
        (rules(closed_periods={MONDAY: ((time(13), time.max),)}), ["07-1400", "07-1620"]),
        (rules(closed_periods={MONDAY: ((time(0), time(8, 10)),)}), ["07-0800"]),
        (rules(closed_periods={MONDAY: ((time(0), time(8)),)}), []),  # ends as it starts
        (rules(opening={d: [(time(8), time(13))] for d in range(5)}), ["07-1400", "07-1620"]),
        (rules(opening={d: [(time(9), time(16))] for d in range(5)}), ["07-0800", "07-1620"]),
        (rules(opening={d: DEMO_HOURS for d in (0, 2, 3, 4)}), ["08-0900"]),  # Tuesdays closed
        (rules(opening={d: [(time(8), time(17))] for d in range(5)}), []),  # longer: all fit
    ],
)
def test_the_bookings_a_change_leaves_outside_the_hours(new_rules, cancelled):
    found = affected.no_longer_fitting(new_rules, BOOKINGS, NOW)
    assert [b.code for b in found] == cancelled


def test_bookings_already_started_are_left_to_the_desk():
    now = datetime.combine(MONDAY, time(12, 45))
    found = affected.no_longer_fitting(rules(closed_days=frozenset({MONDAY})), BOOKINGS, now)
    assert [b.code for b in found] == ["07-1400", "07-1620"]


@pytest.mark.parametrize(
    ("capacity", "listed"),
    [
        (3, []),
        (2, ["Escritos, lunes 7 de diciembre 08:00 (3 reservas)"]),
        (
            1,
            [
                "Demandas, lunes 7 de diciembre 08:00 (2 reservas)",
                "Escritos, lunes 7 de diciembre 08:00 (3 reservas)",
            ],
        ),
    ],
)
def test_slots_holding_more_than_a_lower_capacity_are_named(capacity, listed):
    taken = {
        ("Escritos", MONDAY, time(8)): 3,
        ("Demandas", MONDAY, time(8)): 2,
        ("Escritos", MONDAY, time(8, 20)): 1,
    }
    assert affected.overfull(taken, capacity) == listed


def test_the_fingerprint_of_a_list_ignores_order_and_is_empty_for_none():
    assert affected.digest([]) == ""
    assert affected.digest(["B", "A"]) == affected.digest(["A", "B"]) != affected.digest(["A"])


def test_bookings_the_same_change_cancels_do_not_count_against_the_lower_capacity():
    taken = {("Escritos", MONDAY, time(8)): 2, ("Escritos", MONDAY, time(8, 20)): 2}
    leaving = [at(MONDAY, 8, code="a"), at(MONDAY, 8, code="b")]
    assert affected.overfull(taken, 1, leaving) == [
        "Escritos, lunes 7 de diciembre 08:20 (2 reservas)"
    ]
