"""A sede's opening hours as the public reads them: open now or not, and its next closures.
No Flask, no database."""

from dataclasses import dataclass
from datetime import date, datetime, time
from urllib.parse import quote

from domain.clock import WEEKDAYS, hhmm


@dataclass(frozen=True)
class OpenState:
    open_now: bool
    text: str  # 'Abierta ahora, hasta las 13:00' / 'Cerrada hoy: Inmaculada Concepción'


def open_state(opening: dict, closures: dict, now: datetime) -> OpenState:
    """Whether the sede attends at the wall-clock instant `now`; `opening` maps a weekday
    (0 = Monday) to its (opens, closes) periods and `closures` a day to its reason."""
    today = now.date()
    if today in closures:
        return OpenState(False, f"Cerrada hoy: {closures[today]}")
    periods = sorted(opening.get(today.weekday(), ()))
    if not periods:
        return OpenState(False, "Cerrada hoy: no atiende los " + plural(today.weekday()))
    at = now.time()
    for opens, closes in periods:
        if opens <= at < closes:
            return OpenState(True, f"Abierta ahora, hasta las {hhmm(closes)}")
    later = [opens for opens, _ in periods if opens > at]
    if later:
        return OpenState(False, f"Cerrada ahora; abre hoy a las {hhmm(later[0])}")
    return OpenState(False, f"Cerrada ahora; hoy atendió hasta las {hhmm(periods[-1][1])}")


def plural(weekday: int) -> str:
    """'lunes', 'sábados', 'domingos': how a weekday reads after 'no atiende los'."""
    name = WEEKDAYS[weekday]
    return name if name.endswith("s") else name + "s"


def week_hours(opening: dict) -> list[tuple[str, str]]:
    """('lunes a viernes', '08:00 a 13:00 y 14:00 a 16:40'): consecutive days with the same
    hours in one line, each line in weekday order; days without hours are left out."""
    lines: list[tuple[list[int], tuple]] = []
    for weekday in range(7):
        periods = tuple(sorted(opening.get(weekday, ())))
        if not periods:
            continue
        if lines and lines[-1][1] == periods and lines[-1][0][-1] == weekday - 1:
            lines[-1][0].append(weekday)
        else:
            lines.append(([weekday], periods))
    return [(_days(days), _periods(periods)) for days, periods in lines]


def _days(days: list[int]) -> str:
    if len(days) == 1:
        return WEEKDAYS[days[0]]
    joiner = " a " if len(days) > 2 else " y "
    return f"{WEEKDAYS[days[0]]}{joiner}{WEEKDAYS[days[-1]]}"


def _periods(periods: tuple[tuple[time, time], ...]) -> str:
    return " y ".join(f"{hhmm(opens)} a {hhmm(closes)}" for opens, closes in periods)


def upcoming(closures: dict, today: date, limit: int) -> list[tuple[date, str]]:
    """The next `limit` closures from `today` on, by date."""
    return sorted((day, reason) for day, reason in closures.items() if day >= today)[:limit]


def map_uri(latitude: float | None, longitude: float | None, label: str, address: str) -> str:
    """A geo: URI (RFC 5870) the phone's own map app opens, offline maps included: the point
    when the sede has coordinates, else a search for its address (the form Android and iOS
    map apps read)."""
    if latitude is not None and longitude is not None:
        return (
            f"geo:{latitude:.6f},{longitude:.6f}?q={latitude:.6f},{longitude:.6f}({quote(label)})"
        )
    return f"geo:0,0?q={quote(address)}"
