"""The app's one clock: every "now" of the pages, the CLI and the jobs is read here.

Real time, shifted by an offset that is zero in production. Tests set the offset so the whole
suite runs at an instant they choose (and can move it forward); `CLOCK_OFFSET_SECONDS` carries
the same offset into another process, such as the gunicorn workers a browser test starts, so
every worker reads the same time. Use cases take the instant as an argument; only their callers
read the clock.
"""

import time
from datetime import UTC, datetime, timedelta

_offset = timedelta(0)
_frozen: datetime | None = None  # tests that count up to a limit hold the clock still
EPOCH = datetime(1970, 1, 1)


def utc_now() -> datetime:
    """Now in UTC, naive, as stored in the database."""
    if _frozen is not None:
        return _frozen
    return datetime.now(UTC).replace(tzinfo=None) + _offset


def timestamp() -> float:
    """Now as seconds since the epoch (rate-limit windows, the human check's timings)."""
    if _frozen is not None:
        return (_frozen - EPOCH).total_seconds()
    return time.time() + _offset.total_seconds()


def court_now() -> datetime:
    """The court's wall-clock time now (naive)."""
    from models.court import Court

    return Court.current().local_time(utc_now())


def set_now(instant: datetime, *, frozen: bool = False) -> None:
    """Make the clock read `instant` (aware, or naive UTC) now and tick on from there, or stay
    there when `frozen`."""
    global _offset, _frozen
    if instant.tzinfo is not None:
        instant = instant.astimezone(UTC).replace(tzinfo=None)
    _offset = instant - datetime.now(UTC).replace(tzinfo=None)
    _frozen = instant if frozen else None


def set_offset(seconds: float) -> None:
    global _offset, _frozen
    _offset, _frozen = timedelta(seconds=seconds), None


def offset_seconds() -> float:
    return _offset.total_seconds()


def advance(delta: timedelta) -> None:
    """Move the clock forward (a frozen clock stays frozen at the new instant)."""
    global _offset, _frozen
    _offset += delta
    if _frozen is not None:
        _frozen += delta
