"""The assistance desk (seed 001): what a request holds, its ticket number and the legal
period to answer a complaint, counted in business days. No Flask, no database."""

import re
from collections.abc import Collection
from dataclasses import dataclass
from datetime import date, timedelta

from domain.enums import LabelledEnum


class AssistanceKind(LabelledEnum):
    """Seed 001's three kinds of request; only a complaint has a legal answer period."""

    CONSULTA = "consulta", "Consulta"
    SUGERENCIA = "sugerencia", "Sugerencia"
    RECLAMO = "reclamo", "Reclamo"


class Gender(LabelledEnum):
    FEMENINO = "femenino", "Femenino"
    MASCULINO = "masculino", "Masculino"
    OTRO = "otro", "Otro"
    NO_DICE = "no_dice", "Prefiero no decirlo"


MIN_AGE, MAX_AGE = 12, 120  # a younger person asks through an adult
MIN_TEXT, MAX_TEXT = 20, 3000  # characters: a question in a few words, at most about a page
MAX_ANSWER = 5000
DEFAULT_CLAIM_DAYS = 30  # business days to answer a complaint, unless the court sets another
MAX_CLAIM_DAYS = 120
PREFIX = "AS"
NUMBER = re.compile(r"^AS-([0-9]{4})-([0-9]{6})$")  # ASCII digits only


@dataclass(frozen=True)
class Period:
    """Where a complaint stands against its answer period."""

    deadline: date  # the last business day to answer
    remaining: int  # business days after today up to the deadline; negative once past it

    @property
    def overdue(self) -> bool:
        return self.remaining < 0


def ticket_number(year: int, sequence: int) -> str:
    """'AS-2026-000123': the year the request arrived (court time) and its place in that year."""
    return f"{PREFIX}-{year:04d}-{sequence:06d}"


def parse_number(text: str) -> tuple[int, int] | None:
    """(year, sequence) of a ticket number as typed (either case, spaces around), else None."""
    found = NUMBER.match((text or "").strip().upper())
    return (int(found.group(1)), int(found.group(2))) if found else None


def is_business_day(day: date, holidays: Collection[date]) -> bool:
    """Monday to Friday and not a national holiday."""
    return day.weekday() < 5 and day not in holidays


def add_business_days(start: date, days: int, holidays: Collection[date]) -> date:
    """The `days`-th business day after `start` (the day it arrived does not count, even
    when it is itself a business day: a complaint sent on Friday evening starts on Monday)."""
    day, counted = start, 0
    while counted < days:
        day += timedelta(days=1)
        if is_business_day(day, holidays):
            counted += 1
    return day


def business_days_between(first: date, last: date, holidays: Collection[date]) -> int:
    """Business days after `first` up to and including `last`; negative when `last` is
    earlier (the business days after `last` up to and including `first`)."""
    if last < first:
        return -business_days_between(last, first, holidays)
    return sum(
        is_business_day(first + timedelta(days=n), holidays)
        for n in range(1, (last - first).days + 1)
    )


def claim_period(received: date, today: date, days: int, holidays: Collection[date]) -> Period:
    """A complaint received on `received` (court date) with `days` business days to answer:
    its deadline and the business days left `today`. `holidays` must cover both spans."""
    deadline = add_business_days(received, days, holidays)
    return Period(deadline, business_days_between(today, deadline, holidays))
