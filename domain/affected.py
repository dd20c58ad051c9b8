"""Which booked appointments a change of a sede would break: the ones that no longer fit its
new hours or closures, and the slots that hold more people than a lower capacity allows.

Pure rules: the caller passes the sede's rules as they would be after the change (domain/
slots.SedeRules, with the closures of the days concerned) and the active appointments.
"""

import hashlib
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, time

from domain import slots
from domain.clock import hhmm, short_date


@dataclass(frozen=True)
class Booking:
    """An active appointment, as far as a change of its sede is concerned."""

    code: str
    service: str
    day: date
    starts: time
    ends: time


def no_longer_fitting(
    rules: slots.SedeRules, bookings: Iterable[Booking], now: datetime
) -> list[Booking]:
    """The bookings still to come at `now` (the court's wall clock) that `rules` would leave
    outside the opening hours or inside a closure, by day and time. One that has started is
    the desk's business, not the change's."""
    hit = [
        booking
        for booking in bookings
        if datetime.combine(booking.day, booking.starts) > now
        and not slots.fits(rules, booking.day, booking.starts, booking.ends)
    ]
    return sorted(hit, key=lambda b: (b.day, b.starts, b.service, b.code))


def overfull(
    taken: Mapping[tuple[str, date, time], int], capacity: int, leaving: Iterable[Booking] = ()
) -> list[str]:
    """The slots (service, day, start -> places booked) that would hold more than `capacity`
    once the bookings `leaving` (cancelled by the same change) are gone, as the administrator
    reads them: 'Escritos, lunes 7 de diciembre 08:20 (2 reservas)'."""
    left = Counter(taken)
    left.subtract(Counter((b.service, b.day, b.starts) for b in leaving))
    over = sorted((key, n) for key, n in left.items() if n > capacity)
    return [
        f"{service}, {short_date(day)} {hhmm(start)} ({n} reservas)"
        for (service, day, start), n in over
    ]


def digest(codes: Iterable[str]) -> str:
    """A short fingerprint of a list of appointments ('' for none): the confirmation page
    carries it, so a change confirmed after someone else booked meanwhile shows the new list
    instead of cancelling appointments the administrator never saw."""
    ordered = sorted(codes)
    if not ordered:
        return ""
    return hashlib.sha256("\n".join(ordered).encode()).hexdigest()[:20]
