"""Peruvian case numbers (número de expediente). No Flask, no database.

The judiciary's format, as printed on every resolution: 00123-2026-0-1801-JR-CI-01 is case
123 of 2026, incident 0 (the main case), judicial district 1801 (Lima), organ JR (juzgado
especializado), specialty CI (civil), court number 01.
"""

import re
from datetime import date

CASE_NUMBER = re.compile(
    r"^(?P<number>\d{1,5})-(?P<year>\d{4})-(?P<incident>\d{1,3})-(?P<district>\d{4})"
    r"-(?P<organ>[A-Z]{2})-(?P<specialty>[A-Z]{2})-(?P<court>\d{1,2})$"
)
FIRST_YEAR = 1950  # no expediente in use is older
EXAMPLE = "00123-2026-0-1801-JR-CI-01"


class InvalidCaseNumber(ValueError):
    """The text is not a case number; the message says how to write one."""


def normalize_case_number(typed: str, today: date) -> str:
    """The case number in its printed form (number padded to 5 digits, court to 2, upper
    case, no spaces); InvalidCaseNumber when it is not one or its year is in the future."""
    text = re.sub(r"\s+", "", typed or "").upper().replace("–", "-").replace("—", "-")
    found = CASE_NUMBER.match(text)
    if not found:
        raise InvalidCaseNumber(f"Escriba el número de expediente completo, como {EXAMPLE}")
    parts = found.groupdict()
    if not FIRST_YEAR <= int(parts["year"]) <= today.year:
        raise InvalidCaseNumber(
            f"El año del expediente ({parts['year']}) debe estar entre {FIRST_YEAR} y {today.year}"
        )
    if int(parts["number"]) == 0:
        raise InvalidCaseNumber("El número del expediente no puede ser 00000")
    return "-".join(
        (
            parts["number"].zfill(5),
            parts["year"],
            parts["incident"],
            parts["district"],
            parts["organ"],
            parts["specialty"],
            parts["court"].zfill(2),
        )
    )
