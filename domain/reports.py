"""The arithmetic of the reports: periods, buckets, medians, shares, places offered.

The database counts (GROUP BY); these functions turn a few hundred counted rows into what a
report shows. No Flask, no database; dates and the clock come in as arguments.
"""

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta

from domain.charts import Chart
from domain.clock import MONTHS
from domain.slots import SedeRules, day_slots

MAX_SPAN_DAYS = 366  # a year, leap day included: what a report may cover at once
DEFAULT_SPAN_DAYS = 30


class Granularity:
    DAY = "día"
    WEEK = "semana"
    MONTH = "mes"


@dataclass(frozen=True)
class Period:
    first: date
    last: date  # inclusive

    @property
    def days(self) -> int:
        return (self.last - self.first).days + 1


def default_period(today: date) -> Period:
    return Period(today - timedelta(days=DEFAULT_SPAN_DAYS - 1), today)


def span_problem(first: date, last: date) -> str | None:
    """What is wrong with a period a person typed, in words that say what to do; else None."""
    if last < first:
        return "La fecha «Hasta» debe ser igual o posterior a «Desde»"
    if (last - first).days + 1 > MAX_SPAN_DAYS:
        return f"Elija un periodo de hasta {MAX_SPAN_DAYS} días"
    return None


def granularity(period: Period) -> str:
    """Days for a month or two, weeks up to half a year, months beyond: a chart stays legible."""
    if period.days <= 62:
        return Granularity.DAY
    if period.days <= 183:
        return Granularity.WEEK
    return Granularity.MONTH


def bucket_of(day: date, grain: str) -> date:
    """The first day of the bucket holding `day` (weeks start on Monday)."""
    if grain == Granularity.WEEK:
        return day - timedelta(days=day.weekday())
    if grain == Granularity.MONTH:
        return day.replace(day=1)
    return day


def buckets(period: Period, grain: str) -> list[date]:
    """Every bucket of the period, in order, counted or not (an empty day is a zero)."""
    found, day = [], period.first
    while day <= period.last:
        start = bucket_of(day, grain)
        if not found or found[-1] != start:
            found.append(start)
        day += timedelta(days=1)
    return found


def bucket_label(start: date, grain: str) -> str:
    if grain == Granularity.MONTH:
        return f"{MONTHS[start.month - 1][:3]} {start.year}"
    if grain == Granularity.WEEK:
        return f"sem. {start:%d/%m}"
    return f"{start:%d/%m}"


def share(part: float, whole: float) -> float | None:
    """`part` as a percentage of `whole`, one decimal; None when there is no whole."""
    return round(100 * part / whole, 1) if whole else None


def median_of_counts(counts: Mapping[int, int]) -> float | None:
    """The median of values given as {value: how many times}; None when there are none."""
    total = sum(counts.values())
    if not total:
        return None
    ordered = sorted((value, n) for value, n in counts.items() if n > 0)

    def nth(k: int) -> int:  # the k-th value (0-based) in sorted order
        seen = 0
        for value, n in ordered:
            seen += n
            if k < seen:
                return value
        raise IndexError(k)  # pragma: no cover - k < total always

    middle = total // 2
    if total % 2:
        return float(nth(middle))
    return (nth(middle - 1) + nth(middle)) / 2


def lead_days(day: date, booked_on: date) -> int:
    """How many days ahead an appointment was booked, both dates on the court's calendar."""
    return (day - booked_on).days


# Lead time: how many days ahead people book, in bands a clerk reads at a glance.
LEAD_BANDS = (
    (0, 0, "El mismo día"),
    (1, 1, "1 día antes"),
    (2, 3, "2 o 3 días"),
    (4, 7, "4 a 7 días"),
    (8, 14, "8 a 14 días"),
    (15, 30, "15 a 30 días"),
    (31, None, "Más de 30 días"),
)


def lead_bands(counts: Mapping[int, int]) -> list[tuple[str, int]]:
    """{days ahead: appointments} gathered into LEAD_BANDS (a negative lead counts as 0)."""
    banded = []
    for low, high, label in LEAD_BANDS:
        banded.append(
            (
                label,
                sum(
                    n
                    for days, n in counts.items()
                    if max(days, 0) >= low and (high is None or max(days, 0) <= high)
                ),
            )
        )
    return banded


def duration_words(minutes: float | None) -> str:
    """'45 min', '3 h 20 min', '2 días 4 h'; a dash when there is nothing to measure."""
    if minutes is None:
        return "—"
    whole = round(minutes)
    days, rest = divmod(whole, 1440)
    hours, mins = divmod(rest, 60)
    if days:
        return f"{days} {'día' if days == 1 else 'días'} {hours} h"
    if hours:
        return f"{hours} h {mins} min"
    return f"{mins} min"


def offered_by_hour(rules: SedeRules, period: Period, services: int) -> dict[int, int]:
    """Places a sede offered in the period, by the hour its slots start: every slot of every
    open day (closures excluded), times its capacity, times its services."""
    offered: dict[int, int] = {}
    day = period.first
    while day <= period.last:
        for start in day_slots(rules, day):
            offered[start.hour] = offered.get(start.hour, 0) + rules.capacity * services
        day += timedelta(days=1)
    return offered


@dataclass(frozen=True)
class ReportResult:
    """What every report gives the page and the CSV: a table, a chart, a few sentences."""

    columns: tuple[str, ...]
    rows: list[tuple]  # cells: text, whole numbers, percentages (None: nothing to divide)
    chart: Chart
    notes: tuple[str, ...] = field(default_factory=tuple)
