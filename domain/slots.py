"""When a sede can be booked: open days, slot times, cut-offs and eligibility.

Pure rules: the caller passes the sede's settings and the court's local `now`; how many
places are taken is the database's business (see models.appointments.Slot).
"""

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from functools import lru_cache

from domain.clock import hhmm, short_date
from domain.enums import LabelledEnum

SENIOR_AGE = 65  # Ley 30490: people of 65 or more get preferential attention
# What an administrator may set as a sede's outcome margin, in minutes: up to 4 hours before
# the start, as when someone arrives early and is served at once.
MARGIN_LOWEST, MARGIN_HIGHEST = 0, 240


class ClosureKind(LabelledEnum):
    """Why a sede does not attend on a day: the national calendar or the court's decision."""

    FERIADO = "feriado", "Feriado nacional"
    CIERRE = "cierre", "Cierre de la corte"


# A closure's period: from when until when the sede does not attend that day. A whole-day
# closure is in `closed_days`; a half-day one is (its time, END_OF_DAY) or (START_OF_DAY, …).
START_OF_DAY, END_OF_DAY = time(0, 0), time.max


class NotBookable(Exception):
    """This day or time cannot be booked; the message says why, in Spanish."""


class SlotFull(NotBookable):
    """Every place of the slot was taken (maybe a moment ago, by someone else)."""


class AlreadyBooked(NotBookable):
    """The person already has an active appointment for this service on this day."""


class NotEligible(Exception):
    """The sede's eligibility setting excludes this person from appointments."""


class TooLateToChange(Exception):
    """The cancellation / rescheduling cut-off before the slot has passed."""


class SameSlot(NotBookable):
    """A move to the time the appointment already has."""


class OutcomeNotOpen(Exception):
    """The desk cannot record (or correct) the outcome at this moment; the message says when."""


@dataclass(frozen=True)
class SedeRules:
    """A sede's booking settings, as plain values."""

    slot_minutes: int
    capacity: int
    horizon_days: int
    cancel_cutoff_hours: int
    same_day_cutoff: time | None  # None: no booking for the same day
    restrict_vulnerable: bool
    opening: dict[int, list[tuple[time, time]]]  # weekday (0 = Monday) -> [(opens, closes)]
    closed_days: frozenset[date] = field(default_factory=frozenset)
    # Part-day closures: day -> the (from, until) periods the sede does not attend that day.
    closed_periods: Mapping[date, tuple[tuple[time, time], ...]] = field(default_factory=dict)


def is_open(rules: SedeRules, day: date) -> bool:
    return bool(rules.opening.get(day.weekday())) and day not in rules.closed_days


def _overlaps(starts: time, ends: time, periods) -> bool:
    return any(starts < until and ends > since for since, until in periods)


def day_slots(rules: SedeRules, day: date) -> list[time]:
    """Every slot start of `day` that fits wholly inside an opening period and outside the
    day's part-day closures."""
    if not is_open(rules, day):
        return []
    periods = tuple(sorted(map(tuple, rules.opening[day.weekday()])))
    closed = tuple(map(tuple, rules.closed_periods.get(day, ())))
    return list(_slot_starts(rules.slot_minutes, periods, closed))


# The starts depend on the slot length, the opening periods and the day's closures only, and
# a sede has a handful of those: the time list, the busiest page, reads them on every visit.
@lru_cache(maxsize=512)
def _slot_starts(minutes: int, periods: tuple, closed: tuple) -> tuple[time, ...]:
    step = timedelta(minutes=minutes)
    starts = []
    for opens, closes in periods:
        moment = datetime.combine(date.min, opens)
        while moment + step <= datetime.combine(date.min, closes):
            if not _overlaps(moment.time(), (moment + step).time(), closed):
                starts.append(moment.time())
            moment += step
    return tuple(starts)


def fits(rules: SedeRules, day: date, starts: time, ends: time) -> bool:
    """Whether an appointment from `starts` to `ends` on `day` is still inside the sede's
    opening hours and outside its closures: what a change of the sede must keep true."""
    if not is_open(rules, day) or _overlaps(starts, ends, rules.closed_periods.get(day, ())):
        return False
    return any(opens <= starts and ends <= closes for opens, closes in rules.opening[day.weekday()])


def slot_end(start: time, slot_minutes: int) -> time:
    return (datetime.combine(date.min, start) + timedelta(minutes=slot_minutes)).time()


def last_bookable_day(rules: SedeRules, now: datetime) -> date:
    return now.date() + timedelta(days=rules.horizon_days)


def bookable_slots(rules: SedeRules, day: date, now: datetime) -> list[time]:
    """Slot starts of `day` that may still be booked at `now` (capacity aside)."""
    today = now.date()
    if day < today or day > last_bookable_day(rules, now):
        return []
    if day == today and (rules.same_day_cutoff is None or now.time() >= rules.same_day_cutoff):
        return []
    starts = day_slots(rules, day)
    return starts if day > today else [start for start in starts if start > now.time()]


def bookable_days(rules: SedeRules, now: datetime) -> list[date]:
    """Open days from today to the horizon that still have a slot to book."""
    days = (now.date() + timedelta(days=n) for n in range(rules.horizon_days + 1))
    return [day for day in days if bookable_slots(rules, day, now)]


def check_bookable(rules: SedeRules, day: date, start: time, now: datetime) -> None:
    """Raise NotBookable with the reason when `start` on `day` cannot be booked at `now`."""
    if datetime.combine(day, start) <= now:
        raise NotBookable("Ese horario ya pasó. Elija otro horario")
    if day > last_bookable_day(rules, now):
        raise NotBookable(
            f"Solo se puede reservar con {rules.horizon_days} días de anticipación como máximo"
        )
    if not is_open(rules, day):
        raise NotBookable("La sede no atiende ese día. Elija otro día")
    if start not in day_slots(rules, day):
        if _overlaps(start, slot_end(start, rules.slot_minutes), rules.closed_periods.get(day, ())):
            raise NotBookable("La sede no atiende a esa hora ese día. Elija otro horario")
        raise NotBookable("Ese horario no existe en la sede. Elija uno de la lista")
    if start not in bookable_slots(rules, day, now):
        raise NotBookable("Ya no se puede reservar para hoy. Elija otro día")


def check_not_same_slot(day: date, start: time, new_day: date, new_start: time) -> None:
    """Moving an appointment to the time it already has would change nothing but its code."""
    if (day, start) == (new_day, new_start):
        raise SameSlot("Su cita ya es ese día a esa hora. Elija otro día u otra hora")


def outcome_opens(day: date, start: time, margin_minutes: int) -> datetime:
    """From when the desk may mark an appointment attended or not: its start less a margin."""
    return datetime.combine(day, start) - timedelta(minutes=margin_minutes)


def check_can_record_outcome(
    day: date, start: time, margin_minutes: int, now: datetime, *, correcting: bool
) -> None:
    """Raise OutcomeNotOpen before the slot's start (less the margin); a recorded outcome is
    corrected, or undone, only until the end of the appointment's day."""
    opens = outcome_opens(day, start, margin_minutes)
    if now < opens and opens.date() == now.date():
        raise OutcomeNotOpen(
            f"Todavía no es la hora de esta cita: podrá marcarla desde las {hhmm(opens.time())}."
        )
    if now < opens:
        raise OutcomeNotOpen(
            f"Todavía no es el día de esta cita: podrá marcarla el {short_date(opens.date())}."
        )
    if correcting and now.date() > day:
        raise OutcomeNotOpen(
            "El resultado de esta cita solo se podía corregir el mismo día de la cita."
        )


def age_on(birth_date: date, today: date) -> int:
    before_birthday = (today.month, today.day) < (birth_date.month, birth_date.day)
    return today.year - birth_date.year - before_birthday


def has_priority(birth_date: date | None, vulnerable: bool, today: date) -> bool:
    """Preferential attention: 65 or older, or a declared vulnerable condition."""
    return vulnerable or (birth_date is not None and age_on(birth_date, today) >= SENIOR_AGE)


def check_eligibility(
    rules: SedeRules, birth_date: date | None, vulnerable: bool, today: date
) -> None:
    """Raise NotEligible when the sede keeps appointments away from priority groups."""
    if rules.restrict_vulnerable and has_priority(birth_date, vulnerable, today):
        raise NotEligible(
            "En esta sede las personas de 65 años o más y las personas en situación de "
            "vulnerabilidad no necesitan cita: acérquese a la sede y tome un turno "
            "preferente en el módulo de la entrada."
        )


def change_deadline(rules: SedeRules, day: date, start: time) -> datetime:
    """Until when an appointment may be cancelled or rescheduled."""
    return datetime.combine(day, start) - timedelta(hours=rules.cancel_cutoff_hours)


def check_can_change(rules: SedeRules, day: date, start: time, now: datetime) -> None:
    if now >= change_deadline(rules, day, start):
        raise TooLateToChange(
            f"Las citas solo se pueden anular o reprogramar hasta {rules.cancel_cutoff_hours} "
            "horas antes de la hora reservada."
        )
