"""The casilla's rules: scheduled availability and deemed notification (case numbers are
domain/case_numbers.py's, tested in test_case_numbers.py)."""

from datetime import date, datetime

import pytest

from domain.casilla import (
    DayCount,
    DeemedRule,
    NotWithinHours,
    check_schedule,
    deemed_date,
    served,
)

# Peru's national holidays of December 2026: Inmaculada Concepción, Batalla de Ayacucho, Navidad.
HOLIDAYS = frozenset({date(2026, 12, 8), date(2026, 12, 9), date(2026, 12, 25)})
CALENDAR_10 = DeemedRule(DayCount.CALENDARIO, 10)


@pytest.mark.parametrize(
    ("available_on", "rule", "deemed"),
    [
        # PJe: ten calendar days; a last day on a weekend moves to Monday
        (date(2026, 11, 2), CALENDAR_10, date(2026, 11, 12)),
        (date(2026, 12, 2), CALENDAR_10, date(2026, 12, 14)),
        # made available on a Saturday: day 3 is the 8th (holiday), the 9th too: Thursday 10th
        (date(2026, 12, 5), DeemedRule(DayCount.CALENDARIO, 3), date(2026, 12, 10)),
        # business days skip the weekend and both holidays
        (date(2026, 12, 2), DeemedRule(DayCount.HABILES, 5), date(2026, 12, 11)),
        # available on a Saturday or a Sunday: counting starts on Monday
        (date(2026, 12, 5), DeemedRule(DayCount.HABILES, 1), date(2026, 12, 7)),
        (date(2026, 12, 6), DeemedRule(DayCount.HABILES, 1), date(2026, 12, 7)),
        # available on a holiday
        (date(2026, 12, 8), DeemedRule(DayCount.HABILES, 1), date(2026, 12, 10)),
        (date(2026, 12, 18), DeemedRule(DayCount.HABILES, 5), date(2026, 12, 28)),
    ],
)
def test_deemed_date(available_on, rule, deemed):
    assert deemed_date(available_on, rule, HOLIDAYS) == deemed


def test_without_holidays_business_days_count_only_weekends():
    rule = DeemedRule(DayCount.HABILES, 5)
    assert deemed_date(date(2026, 12, 2), rule, frozenset()) == date(2026, 12, 9)


@pytest.mark.parametrize(
    ("opened_on", "today", "expected"),
    [
        (date(2026, 12, 3), date(2026, 12, 3), (date(2026, 12, 3), True, True)),
        (None, date(2026, 12, 4), (date(2026, 12, 14), False, False)),
        (None, date(2026, 12, 14), (date(2026, 12, 14), False, True)),
        # opened after the term ended: notified when the term ended
        (date(2026, 12, 20), date(2026, 12, 20), (date(2026, 12, 14), False, True)),
    ],
)
def test_served_by_opening_or_by_the_end_of_the_term(opened_on, today, expected):
    result = served(date(2026, 12, 2), opened_on, today, CALENDAR_10, HOLIDAYS)
    assert (result.on, result.by_opening, result.done) == expected


NOW = datetime(2026, 12, 2, 10, 0)


@pytest.mark.parametrize(
    ("at", "message"),
    [
        (datetime(2026, 12, 2, 9, 0), "posteriores"),
        (datetime(2026, 12, 5, 10, 0), "día hábil"),  # Saturday
        (datetime(2026, 12, 8, 10, 0), "día hábil"),  # holiday
        (datetime(2026, 12, 3, 7, 59), "entre las 08:00 y las 17:00"),
        (datetime(2026, 12, 3, 17, 0), "entre las 08:00 y las 17:00"),
    ],
)
def test_a_schedule_outside_business_hours_is_refused(at, message):
    with pytest.raises(NotWithinHours, match=message):
        check_schedule(at, NOW, HOLIDAYS)


@pytest.mark.parametrize("at", [datetime(2026, 12, 3, 8, 0), datetime(2026, 12, 10, 16, 59)])
def test_a_schedule_within_business_hours_is_taken(at):
    check_schedule(at, NOW, HOLIDAYS)
