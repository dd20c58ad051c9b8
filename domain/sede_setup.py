"""A sede's settings as an administrator writes them: the bounds of each number, opening hours
per weekday with an optional break, and part-day closures. Pure rules, no Flask, no database.

Each check returns {field name: message} (empty when all is well), so a form shows every
message under its field at once.
"""

from dataclasses import dataclass
from datetime import time

from domain.clock import WEEKDAYS, hhmm
from domain.slots import END_OF_DAY, MARGIN_HIGHEST, MARGIN_LOWEST, START_OF_DAY

# The numbers of a sede and what an administrator may set them to (lowest, highest, unit).
BOUNDS = {
    "slot_minutes": (5, 240, "minutos"),
    "capacity_per_slot": (1, 500, "personas"),
    "horizon_days": (1, 365, "días"),
    "cancel_cutoff_hours": (0, 168, "horas"),
    "outcome_margin_minutes": (MARGIN_LOWEST, MARGIN_HIGHEST, "minutos"),
}
SLOT_STEP = 5  # slot lengths in whole steps of 5 minutes: 08:00, 08:20, 08:40… never 08:17


@dataclass(frozen=True)
class DayHours:
    """One weekday's hours: open from `opens` to `closes`, closed for a break in between."""

    opens: time | None = None
    closes: time | None = None
    break_starts: time | None = None
    break_ends: time | None = None

    @property
    def periods(self) -> list[tuple[time, time]]:
        """The opening periods this makes (none on a closed day), as OpeningHours stores them."""
        if self.opens is None or self.closes is None:
            return []
        if self.break_starts is None or self.break_ends is None:
            return [(self.opens, self.closes)]
        return [(self.opens, self.break_starts), (self.break_ends, self.closes)]


def day_hours(periods: list[tuple[time, time]]) -> DayHours:
    """The form's view of stored periods: the first opening, the last closing and, with two
    or more periods, the first gap as the break (a third period is not shown apart)."""
    ordered = sorted(periods)
    if not ordered:
        return DayHours()
    if len(ordered) == 1:
        return DayHours(*ordered[0])
    return DayHours(ordered[0][0], ordered[-1][1], ordered[0][1], ordered[1][0])


def check_number(name: str, value: int | None) -> str | None:
    lowest, highest, unit = BOUNDS[name]
    if value is None or not lowest <= value <= highest:
        return f"Escriba un número entero de {lowest} a {highest} ({unit})"
    return None


def check_slot_minutes(value: int | None) -> str | None:
    wrong = check_number("slot_minutes", value)
    if wrong is None and value % SLOT_STEP:
        return f"Escriba un múltiplo de {SLOT_STEP}, por ejemplo 15, 20 o 30"
    return wrong


def _minutes(since: time, until: time) -> int:
    return (until.hour - since.hour) * 60 + until.minute - since.minute


def _leftover(since: time, until: time, slot_minutes: int | None) -> str | None:
    if not slot_minutes:
        return None
    left = _minutes(since, until) % slot_minutes
    if left == 0:
        return None
    return (
        f"De {hhmm(since)} a {hhmm(until)} no caben turnos de {slot_minutes} minutos exactos: "
        f"sobran {left} minutos. Cambie la hora o la duración del turno"
    )


def check_day(weekday: int, hours: DayHours, slot_minutes: int | None) -> dict[str, str]:
    """What is wrong with one weekday's hours (keys: opens, closes, break_starts, break_ends)."""
    day = WEEKDAYS[weekday]
    errors: dict[str, str] = {}
    given = {k: getattr(hours, k) for k in ("opens", "closes", "break_starts", "break_ends")}
    if (given["opens"] is None) != (given["closes"] is None):
        missing = "opens" if given["opens"] is None else "closes"
        word = "apertura" if missing == "opens" else "cierre"
        errors[missing] = f"Escriba la hora de {word} del {day}, o deje vacías las dos"
    if (given["break_starts"] is None) != (given["break_ends"] is None):
        missing = "break_starts" if given["break_starts"] is None else "break_ends"
        word = "comienzo" if missing == "break_starts" else "fin"
        errors[missing] = f"Escriba el {word} del descanso del {day}, o deje vacíos los dos"
    if errors:
        return errors
    if hours.opens is None:
        if hours.break_starts is not None:
            errors["break_starts"] = f"El {day} no atiende: escriba su horario o quite el descanso"
        return errors
    if hours.opens >= hours.closes:
        return {"closes": f"La hora de cierre del {day} debe ser posterior a la de apertura"}
    if hours.break_starts is not None:
        if not hours.opens < hours.break_starts < hours.closes:
            errors["break_starts"] = (
                f"El descanso del {day} debe empezar después de la apertura "
                f"({hhmm(hours.opens)}) y antes del cierre ({hhmm(hours.closes)})"
            )
        elif not hours.break_starts < hours.break_ends < hours.closes:
            errors["break_ends"] = (
                f"El descanso del {day} debe terminar después de empezar y antes del cierre "
                f"({hhmm(hours.closes)})"
            )
        if errors:
            return errors
    names = ("closes",) if hours.break_starts is None else ("break_starts", "closes")
    for name, (since, until) in zip(names, hours.periods, strict=True):
        wrong = _leftover(since, until, slot_minutes)
        if wrong:
            errors[name] = f"{day.capitalize()}: {wrong}"
    return errors


def check_periods(periods: list[tuple[time, time]]) -> str | None:
    """Stored periods of one weekday, in any order: each opens before it closes, none overlaps
    the next (touching is fine: 13:00–14:00 after 08:00–13:00)."""
    ordered = sorted(periods)
    for opens, closes in ordered:
        if opens >= closes:
            return f"El horario de {hhmm(opens)} a {hhmm(closes)} cierra antes de abrir"
    for (_, closes), (opens, _) in zip(ordered, ordered[1:], strict=False):
        if opens < closes:
            return f"Dos horarios se superponen: uno cierra a las {hhmm(closes)} y otro abre antes"
    return None


def check_week(week: dict[int, DayHours], active: bool) -> str | None:
    """An active sede needs at least one open weekday, or nobody can book it."""
    if active and not any(hours.periods for hours in week.values()):
        return "Una sede activa necesita al menos un día con horario. Escriba uno o desactívela"
    return None


def closure_period(since: time | None, until: time | None) -> tuple[time, time] | None:
    """A closure's (from, until) on its day; None for the whole day."""
    if since is None and until is None:
        return None
    return (since or START_OF_DAY, until or END_OF_DAY)


def check_closure_times(since: time | None, until: time | None) -> dict[str, str]:
    """A part-day closure ends after it starts (keys: since, until)."""
    if since is not None and until is not None and until <= since:
        return {"until": "La hora «hasta» debe ser posterior a la hora «desde»"}
    return {}


def describe_closure(since: time | None, until: time | None) -> str:
    """'Todo el día', 'Desde las 13:00', 'Hasta las 10:00', 'De 11:00 a 12:30'."""
    if since is None and until is None:
        return "Todo el día"
    if until is None:
        return f"Desde las {hhmm(since)}"
    if since is None:
        return f"Hasta las {hhmm(until)}"
    return f"De {hhmm(since)} a {hhmm(until)}"


def changes_text(old: dict, new: dict) -> str:
    """What changed, for the audit log: 'capacity_per_slot: 2 → 1; week: 0: 08:00-13:00, …'."""
    changed = [f"{k}: {_shown(old[k])} → {_shown(new[k])}" for k in new if old.get(k) != new[k]]
    return "; ".join(changed) or "sin cambios"


def _shown(value) -> str:
    if isinstance(value, time):
        return hhmm(value)
    if isinstance(value, dict):
        return ", ".join(
            f"{WEEKDAYS[day]}: " + " y ".join(f"{hhmm(a)}-{hhmm(b)}" for a, b in periods)
            for day, periods in sorted(value.items())
        )
    return str(value)
