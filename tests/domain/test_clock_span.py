"""Court days to UTC instants, at the ends of the calendar too."""

from datetime import UTC, date, datetime

import pytest

from domain.clock import FIRST_DAY, LAST_DAY, in_calendar, utc_span

LIMA = "America/Lima"


@pytest.mark.parametrize(
    ("first", "last", "start", "end"),
    [
        (date(2026, 3, 9), date(2026, 3, 9), datetime(2026, 3, 9, 5), datetime(2026, 3, 10, 5)),
        (None, date(2026, 3, 8), None, datetime(2026, 3, 9, 5)),
        (date(2026, 3, 9), None, datetime(2026, 3, 9, 5), None),
        (None, date.max, None, datetime(2101, 1, 1, 5)),  # was an OverflowError
        (date.min, None, datetime(1900, 1, 1, 5, 8, 36), None),  # Lima kept its local mean time
        (None, None, None, None),
    ],
)
def test_a_span_of_court_days_in_utc(first, last, start, end):
    aware = [None if t is None else t.replace(tzinfo=UTC) for t in (start, end)]
    assert utc_span(LIMA, first, last) == tuple(aware)


@pytest.mark.parametrize(
    ("day", "inside"),
    [(FIRST_DAY, True), (LAST_DAY, True), (date(1899, 12, 31), False), (date.max, False)],
)
def test_the_calendar_the_app_works_with(day, inside):
    assert in_calendar(day) is inside
