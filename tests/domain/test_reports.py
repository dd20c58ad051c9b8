"""The reports' arithmetic: periods, buckets, medians, shares, lead bands, places offered."""

from datetime import date, time

import pytest

from domain.reports import (
    Granularity,
    Period,
    bucket_label,
    bucket_of,
    buckets,
    default_period,
    duration_words,
    granularity,
    lead_bands,
    median_of_counts,
    offered_by_hour,
    share,
    span_problem,
)
from domain.slots import SedeRules

D = date


@pytest.mark.parametrize(
    ("first", "last", "problem"),
    [
        (D(2026, 1, 1), D(2026, 1, 1), None),
        (D(2025, 1, 1), D(2025, 12, 31), None),
        (D(2024, 1, 1), D(2024, 12, 31), None),  # 366 days: a leap year fits
        (D(2025, 1, 1), D(2026, 1, 2), "Elija un periodo de hasta 366 días"),
        (D(2026, 1, 2), D(2026, 1, 1), "La fecha «Hasta» debe ser igual o posterior a «Desde»"),
    ],
)
def test_span_problem(first, last, problem):
    assert span_problem(first, last) == problem


def test_the_default_period_is_the_last_30_days_with_today():
    assert default_period(D(2026, 12, 2)) == Period(D(2026, 11, 3), D(2026, 12, 2))


@pytest.mark.parametrize(
    ("days", "grain"),
    [(1, Granularity.DAY), (62, Granularity.DAY), (63, Granularity.WEEK)]
    + [(183, Granularity.WEEK), (184, Granularity.MONTH), (366, Granularity.MONTH)],
)
def test_granularity_keeps_a_chart_legible(days, grain):
    first = D(2026, 1, 1)
    assert granularity(Period(first, D.fromordinal(first.toordinal() + days - 1))) == grain


@pytest.mark.parametrize(
    ("day", "grain", "start", "label"),
    [
        (D(2026, 12, 2), Granularity.DAY, D(2026, 12, 2), "02/12"),
        (D(2026, 12, 2), Granularity.WEEK, D(2026, 11, 30), "sem. 30/11"),  # a Wednesday
        (D(2026, 11, 30), Granularity.WEEK, D(2026, 11, 30), "sem. 30/11"),
        (D(2026, 12, 2), Granularity.MONTH, D(2026, 12, 1), "dic 2026"),
    ],
)
def test_buckets_start_on_a_day_a_monday_or_the_first(day, grain, start, label):
    assert bucket_of(day, grain) == start
    assert bucket_label(start, grain) == label


def test_every_bucket_of_the_period_in_order_empty_ones_too():
    period = Period(D(2026, 1, 30), D(2026, 3, 2))
    assert buckets(period, Granularity.MONTH) == [D(2026, 1, 1), D(2026, 2, 1), D(2026, 3, 1)]
    assert len(buckets(period, Granularity.DAY)) == period.days == 32
    assert buckets(Period(D(2026, 2, 8), D(2026, 2, 9)), Granularity.WEEK) == [
        D(2026, 2, 2),
        D(2026, 2, 9),
    ]


@pytest.mark.parametrize(
    ("counts", "median"),
    [
        ({}, None),
        ({5: 0}, None),
        ({7: 1}, 7.0),
        ({1: 1, 3: 1}, 2.0),
        ({0: 1, 1: 1, 3: 2, 4: 1, 15: 1}, 3.0),  # 0 1 3 3 4 15
        ({10: 1, 1: 3}, 1.0),  # 1 1 1 10
        ({30: 1, 90: 1}, 60.0),
    ],
)
def test_median_of_counted_values(counts, median):
    assert median_of_counts(counts) == median


@pytest.mark.parametrize(
    ("part", "whole", "percent"), [(1, 3, 33.3), (2, 3, 66.7), (0, 5, 0.0), (3, 0, None)]
)
def test_share(part, whole, percent):
    assert share(part, whole) == percent


def test_lead_bands_gather_days_ahead():
    bands = dict(lead_bands({-1: 1, 0: 2, 1: 1, 3: 4, 7: 1, 8: 2, 30: 1, 31: 5}))
    assert bands == {
        "El mismo día": 3,  # a booking stamped after its day (clock skew) counts as the same day
        "1 día antes": 1,
        "2 o 3 días": 4,
        "4 a 7 días": 1,
        "8 a 14 días": 2,
        "15 a 30 días": 1,
        "Más de 30 días": 5,
    }


@pytest.mark.parametrize(
    ("minutes", "words"),
    [(None, "—"), (0, "0 min"), (45, "45 min"), (60, "1 h 0 min"), (200, "3 h 20 min")]
    + [(1440, "1 día 0 h"), (3120, "2 días 4 h")],
)
def test_duration_words(minutes, words):
    assert duration_words(minutes) == words


def test_places_offered_by_hour_skip_closed_days():
    rules = SedeRules(
        slot_minutes=20,
        capacity=2,
        horizon_days=14,
        cancel_cutoff_hours=2,
        same_day_cutoff=None,
        restrict_vulnerable=False,
        opening={0: [(time(8), time(9, 40))], 1: [(time(8), time(9))]},
        closed_days=frozenset({D(2026, 11, 24)}),
    )
    # Monday 23 open 08:00-09:40 (3 + 2 slots), Tuesday 24 closed, the rest of the week shut.
    week = Period(D(2026, 11, 23), D(2026, 11, 29))
    assert offered_by_hour(rules, week, services=2) == {8: 3 * 2 * 2, 9: 2 * 2 * 2}
