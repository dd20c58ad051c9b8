"""The court's wall clock: conversions and Spanish date words. No Flask, no database.

Rule: instants (when something happened) are stored in UTC; appointments are a date and a
time on the sede's wall clock. Everything shown to people is in the court's time zone.
"""

from datetime import UTC, date, datetime, time, timedelta
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

# The days the app works with. Typed or linked dates outside them (9999-12-31, year 1) are
# refused where they are read, and the arithmetic below never leaves them, so no date sum
# reaches date.max or date.min (OverflowError) and no stored instant leaves the calendar.
FIRST_DAY = date(1900, 1, 1)
LAST_DAY = date(2100, 12, 31)


def in_calendar(day: date) -> bool:
    return FIRST_DAY <= day <= LAST_DAY


def utc_span(timezone: str, first: date | None, last: date | None):
    """The UTC instants (aware) when day `first` starts and day `last` ends on the court's wall
    clock, each None when not given; days beyond the calendar count as its ends."""
    start = to_utc(timezone, max(first, FIRST_DAY), time(0)) if first else None
    end = to_utc(timezone, min(last, LAST_DAY) + timedelta(days=1), time(0)) if last else None
    return start, end


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


def national_holidays(country: str, years) -> list[tuple[date, str]]:
    """The country's national holidays in those years, by date, named in Spanish (the
    `holidays` library names them in English unless asked)."""
    import holidays

    return sorted(holidays.country_holidays(country, years=list(years), language="es").items())
