"""Booking quotas (domain/quotas.py): the numbers administrators set, and counting bookings
against them in the shared rate-limit counters (services/limits.py)."""

from datetime import datetime, timedelta

from db import write_transaction
from domain.clock import hhmm
from domain.quotas import BY_NAME, QUOTAS, RESCHEDULE_SUBJECTS, Quota, TooManyBookings, refusal
from models import Court, Setting
from services import audit, limits
from services.actor import Actor
from services.clock import EPOCH


def current() -> dict[str, int]:
    """Each quota's limit, by name: the administrator's number, or the default."""
    stored = Setting.read_all({q.name: str(q.default) for q in QUOTAS})
    return {name: int(value) for name, value in stored.items()}


def change(values: dict[str, int], *, actor: Actor, now: datetime) -> bool:
    """Save the limits that changed, in one audit entry; False when none did."""
    before = current()
    changed = {name: value for name, value in values.items() if before[name] != value}
    if not changed:
        return False
    with write_transaction():
        for name, value in changed.items():
            Setting.write(name, str(value))
        detail = "; ".join(
            f"{BY_NAME[name].label}: {before[name]} → {value}" for name, value in changed.items()
        )
        audit.log(actor, "cupos_cambiados", now, subject="cupos de citas", detail=detail)
    return True


def _subjects(person: dict, address: str, session_key: str) -> dict[str, str]:
    return {
        "address": address,
        "session": session_key,
        "email": person["email"].strip().lower(),
        "document": f"{person['doc_type']}:{person['doc_number']}",
    }


def _counted(person: dict, address: str, session_key: str, only: tuple[str, ...] = ()):
    subjects = _subjects(person, address, session_key)
    limit = current()
    for quota in QUOTAS:
        if only and quota.subject not in only:
            continue
        if subjects[quota.subject]:  # no address outside a request: nothing to count
            # The window's length is in the key: an hour's and a day's counter of the same
            # subject share their start in each UTC day's first hour and must not share a row.
            key = f"book-{quota.subject}-{quota.seconds}:{subjects[quota.subject]}"
            yield quota, key, limit[quota.name]


def check(person: dict, *, address: str, session_key: str, now: datetime) -> None:
    """Raise TooManyBookings when a booking by this person from this client would be refused,
    counting nothing: the identity step warns before the person chooses a time."""
    at = limits.timestamp_of(now)
    counted = list(_counted(person, address, session_key))
    totals = limits.count_all([(key, quota.seconds) for quota, key, _ in counted], at)
    for (quota, _key, limit), total in zip(counted, totals, strict=True):
        if total >= limit:
            raise refusal(quota, limit, _again_at(quota, at, now))


def spend(person: dict, *, address: str, session_key: str, now: datetime) -> None:
    """Count one booking against every quota; TooManyBookings when one is past its limit (the
    attempt is then not counted). Counted before the booking is made, atomically, so parallel
    requests cannot all slip in; give_back() when the booking then fails."""
    _spend(list(_counted(person, address, session_key)), now)


def give_back(person: dict, *, address: str, session_key: str, now: datetime) -> None:
    """Un-count a booking that spend() counted but that was not made."""
    _give_back(list(_counted(person, address, session_key)), limits.timestamp_of(now))


def spend_reschedule(person: dict, *, now: datetime) -> None:
    """Count one reschedule against the e-mail and document quotas, as spend() counts a
    booking; give_back_reschedule() when the move then fails."""
    _spend(list(_counted(person, "", "", RESCHEDULE_SUBJECTS)), now)


def give_back_reschedule(person: dict, *, now: datetime) -> None:
    """Un-count a reschedule that spend_reschedule() counted but that was not made."""
    _give_back(list(_counted(person, "", "", RESCHEDULE_SUBJECTS)), limits.timestamp_of(now))


def _spend(counted: list, now: datetime) -> None:
    at = limits.timestamp_of(now)
    # Every quota counted in one round trip (one transaction on the database); the first one
    # past its limit is the refusal, and all are taken back.
    totals = limits.hit_all([(key, quota.seconds) for quota, key, _ in counted], at)
    for (quota, _key, limit), total in zip(counted, totals, strict=True):
        if total > limit:
            _give_back(counted, at)
            raise refusal(quota, limit, _again_at(quota, at, now))


def _give_back(counted: list, at: float) -> None:
    for quota, key, _limit in counted:
        limits.unhit(key, quota.seconds, at)


def _again_at(quota: Quota, at: float, now: datetime) -> str:
    """When the quota's window ends, in the court's time: 'las 15:00' or 'mañana a las 19:00'."""
    end = EPOCH + timedelta(seconds=(int(at) // quota.seconds + 1) * quota.seconds)
    court = Court.current()
    local_end, local_now = court.local_time(end), court.local_time(now)
    when = f"las {hhmm(local_end.time())}"
    return when if local_end.date() == local_now.date() else f"mañana a {when}"


__all__ = [
    "TooManyBookings",
    "change",
    "check",
    "current",
    "give_back",
    "give_back_reschedule",
    "spend",
    "spend_reschedule",
]
