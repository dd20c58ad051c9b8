"""The casilla electrónica's rules: case numbers, kinds of act, when a notification may be made
available, and when its addressee is deemed notified. No Flask, no database.

Instants are stored in UTC; these rules work on the court's wall-clock dates and times, which
the caller converts (domain.clock).
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from domain.enums import LabelledEnum


class ActKind(LabelledEnum):
    """What is being served: the closed set a notifier chooses from."""

    RESOLUCION = "resolucion", "Resolución"
    SENTENCIA = "sentencia", "Sentencia"
    AUTO = "auto", "Auto"
    DECRETO = "decreto", "Decreto"
    CEDULA = "cedula", "Cédula de notificación"
    OFICIO = "oficio", "Oficio"
    CITACION = "citacion", "Citación"


class DayCount(LabelledEnum):
    """How the deemed-notification term counts its days."""

    CALENDARIO = "calendario", "días calendario"
    HABILES = "habiles", "días hábiles"


class NotWithinHours(ValueError):
    """A scheduled availability outside the court's business hours; the message says when."""


# When a scheduled notification may become available: a business day, these wall-clock hours.
BUSINESS_OPENS = time(8, 0)
BUSINESS_CLOSES = time(17, 0)

# Brazil's PJe (Lei 11.419/2006, art. 5 §3): ten calendar days after it was made available.
DEFAULT_COUNT = DayCount.CALENDARIO
DEFAULT_DAYS = 10
MAX_DAYS = 60


def is_business_day(day: date, holidays: frozenset) -> bool:
    return day.weekday() < 5 and day not in holidays


def next_business_day(day: date, holidays: frozenset) -> date:
    """`day` itself if it is a business day, else the first one after it."""
    while not is_business_day(day, holidays):
        day += timedelta(days=1)
    return day


def check_schedule(at: datetime, now: datetime, holidays: frozenset) -> None:
    """A scheduled availability (court wall clock, naive) must be later than `now`, on a
    business day and within business hours; else NotWithinHours says what is allowed."""
    if at <= now:
        raise NotWithinHours("Elija una fecha y hora posteriores a este momento")
    if not is_business_day(at.date(), holidays):
        raise NotWithinHours("Elija un día hábil: ni sábado, ni domingo, ni feriado")
    if not BUSINESS_OPENS <= at.time() < BUSINESS_CLOSES:
        raise NotWithinHours(
            f"Elija una hora entre las {BUSINESS_OPENS:%H:%M} y las {BUSINESS_CLOSES:%H:%M}"
        )


@dataclass(frozen=True)
class DeemedRule:
    count: DayCount = DEFAULT_COUNT
    days: int = DEFAULT_DAYS

    @property
    def label(self) -> str:
        return f"{self.days} {self.count.label} desde la puesta a disposición"


def deemed_date(available_on: date, rule: DeemedRule, holidays: frozenset) -> date:
    """The day an addressee who never opens the notification is deemed notified.

    Calendar days: the term's last day, moved to the next business day when it falls on a
    weekend or holiday. Business days: the rule.days-th business day after availability
    (a notification made available on a Saturday starts counting on Monday)."""
    if rule.count == DayCount.CALENDARIO:
        return next_business_day(available_on + timedelta(days=rule.days), holidays)
    day = available_on
    for _ in range(rule.days):
        day = next_business_day(day + timedelta(days=1), holidays)
    return day


def last_day_needed(available_on: date, rule: DeemedRule) -> date:
    """A day far enough past availability that the holidays up to it settle deemed_date."""
    return available_on + timedelta(days=rule.days * 3 + 31)


@dataclass(frozen=True)
class Served:
    """When the addressee is (or will be) notified, and how."""

    on: date
    by_opening: bool  # True: opened it; False: deemed, by the end of the term
    done: bool  # the day has come


def served(
    available_on: date, opened_on: date | None, today: date, rule: DeemedRule, holidays
) -> Served:
    """Notified the day it was first opened, or on deemed_date if that comes first."""
    deemed = deemed_date(available_on, rule, holidays)
    if opened_on is not None and opened_on <= deemed:
        return Served(opened_on, True, True)
    return Served(deemed, False, today >= deemed)
