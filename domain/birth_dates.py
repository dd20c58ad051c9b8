"""Reading a typed birth date: day/month/year, a real day, not in the future. No Flask."""

import re
from datetime import date, datetime

FORMATS = ("%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%Y-%m-%d")
EXAMPLE = "por ejemplo 31/12/1980"
OLDEST_YEAR = 1900
# Shaped like a date (day, month and a four-digit year, or ISO), whatever the numbers say.
DATE_SHAPE = re.compile(r"\d{1,2}[/.\-]\d{1,2}[/.\-]\d{4}|\d{4}-\d{1,2}-\d{1,2}")


class InvalidBirthDate(ValueError):
    """The text is not a birth date; the message says why, in Spanish."""


def parse(text: str, today: date) -> date:
    """The day `text` names, or InvalidBirthDate: a wrong format, a day that does not exist
    (31/02/1990), a day after `today` (the court's) or before OLDEST_YEAR."""
    text = (text or "").strip()
    for layout in FORMATS:
        try:
            day = datetime.strptime(text, layout).date()
            break
        except ValueError:
            continue
    else:
        if DATE_SHAPE.fullmatch(text):
            raise InvalidBirthDate(f"La fecha {text} no existe: revise el día y el mes")
        raise InvalidBirthDate(f"Escriba la fecha como día/mes/año, {EXAMPLE}")
    if day > today:
        raise InvalidBirthDate("La fecha de nacimiento no puede ser posterior a hoy")
    if day.year < OLDEST_YEAR:
        raise InvalidBirthDate("Revise el año de su fecha de nacimiento")
    return day
