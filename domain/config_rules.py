"""Rules the configuration's declaration attaches to a section: over one row, or a list.

No Flask, no database.
"""

import re
from collections.abc import Callable
from zoneinfo import ZoneInfo

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
