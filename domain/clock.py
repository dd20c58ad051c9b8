"""The court's wall clock: conversions and Spanish date words. No Flask, no database.

Rule: instants (when something happened) are stored in UTC; appointments are a date and a
time on the sede's wall clock. Everything shown to people is in the court's time zone.
"""

from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

WEEKDAYS = ("lunes", "martes", "miércoles", "jueves", "viernes", "sábado", "domingo")
MONTHS = (
    "enero",
    "febrero",
    "marzo",
    "abril",
    "mayo",
    "junio",
    "julio",
    "agosto",
    "septiembre",
    "octubre",
    "noviembre",
    "diciembre",
)


def local_now(timezone: str, utc: datetime) -> datetime:
    """The court's wall-clock time (naive) at the stored UTC instant `utc`."""
    return utc.replace(tzinfo=UTC).astimezone(ZoneInfo(timezone)).replace(tzinfo=None)


def to_utc(timezone: str, day: date, at: time) -> datetime:
    """The UTC instant (aware) of a wall-clock date and time in the court's zone."""
    return datetime.combine(day, at, tzinfo=ZoneInfo(timezone)).astimezone(UTC)


def long_date(day: date) -> str:
    """'lunes 23 de noviembre de 2026'."""
    return f"{WEEKDAYS[day.weekday()]} {day.day} de {MONTHS[day.month - 1]} de {day.year}"


def short_date(day: date) -> str:
    """'lunes 23 de noviembre'."""
    return f"{WEEKDAYS[day.weekday()]} {day.day} de {MONTHS[day.month - 1]}"


def hhmm(at: time) -> str:
    return f"{at.hour:02d}:{at.minute:02d}"  # strftime costs three times more in the time list


def stamp(local: datetime) -> str:
    """'23/11/2026 09:41:07' — issue times, with seconds because they can matter legally."""
    return local.strftime("%d/%m/%Y %H:%M:%S")
