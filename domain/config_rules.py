"""Rules the configuration's declaration attaches to a section: over one row, or a list.

No Flask, no database.
"""

import re
from collections.abc import Callable
from zoneinfo import ZoneInfo

from domain.queue import clean_prefix, prefix_problem

# A rule over one row: (field, message) pairs for what it breaks.
RowRule = Callable[[dict], list[tuple[str, str]]]
# A rule over a whole list: (index, field, message) triples.
ListRule = Callable[[list[dict]], list[tuple[int, str, str]]]


def closes_after_opens(opens: str, closes: str) -> RowRule:
    """A period whose `closes` time must come after its `opens` time."""

    def rule(row: dict) -> list[tuple[str, str]]:
        start, end = row.get(opens), row.get(closes)
        if start and end and _seconds(end) <= _seconds(start):
            return [(closes, f"debe ser posterior a {opens} ({start})")]
        return []

    return rule


def no_overlap(group: str, opens: str, closes: str) -> ListRule:
    """Periods of the same `group` value (a weekday) must not overlap."""

    def rule(rows: list[dict]) -> list[tuple[int, str, str]]:
        found = []
        periods = sorted(
            (row.get(group), _seconds(row[opens]), index)
            for index, row in enumerate(rows)
            if row.get(group) is not None and row.get(opens) and row.get(closes)
        )
        for (day, _start, index), (next_day, next_start, next_index) in zip(
            periods, periods[1:], strict=False
        ):
            if day == next_day and _seconds(rows[index][closes]) > next_start:
                found.append((next_index, opens, f"se cruza con el horario en la posición {index}"))
        return found

    return rule


def queue_letter(name: str) -> RowRule:
    """A service's ticket letter: empty (taken from its name) or one free capital letter."""

    def rule(row: dict) -> list[tuple[str, str]]:
        letter = row.get(name) or ""
        if letter and clean_prefix(letter) != letter:
            return [(name, "debe ser una sola letra mayúscula, de la A a la Z, o vacío")]
        problem = prefix_problem(letter)
        return [(name, problem)] if problem else []

    return rule


def distinct_letters(name: str) -> ListRule:
    """No two rows (a sede's services) with the same letter chosen."""

    def rule(rows: list[dict]) -> list[tuple[int, str, str]]:
        first: dict[str, int] = {}
        found = []
        for index, row in enumerate(rows):
            letter = row.get(name) or ""
            if letter in first:
                found.append(
                    (
                        index,
                        name,
                        f"la letra {letter} ya es del servicio en la posición {first[letter]}",
                    )
                )
            elif letter:
                first[letter] = index
        return found

    return rule


def valid_time_zone(name: str) -> RowRule:
    def rule(row: dict) -> list[tuple[str, str]]:
        zone = row.get(name)
        if zone and not is_time_zone(zone):
            return [(name, "debe ser una zona horaria IANA, como America/Lima")]
        return []

    return rule


def is_time_zone(zone: str) -> bool:
    if not re.fullmatch(r"[A-Za-z_]+(/[A-Za-z0-9_+-]+)*", zone):
        return False
    try:
        ZoneInfo(zone)
    except (ValueError, OSError, KeyError):
        return False
    return True


def _seconds(text: str) -> int:
    parts = [int(part) for part in text.split(":")] + [0]
    return parts[0] * 3600 + parts[1] * 60 + parts[2]
