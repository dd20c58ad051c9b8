"""Shared counters for rate limits and lock-outs: the database, or Redis when REDIS_URL is set.

Counters must be shared by every gunicorn worker and every app server, or an attacker simply
gets one budget per process. Windows are fixed: `now // window`, where `now` is the clock's
timestamp, passed in by the caller.
"""

from datetime import datetime

from flask import current_app

from models.security import RateCounter
from services.clock import EPOCH


class TooMany(Exception):
    """A limit was reached; the message says when to try again."""


def _redis():
    url = current_app.config.get("REDIS_URL")
    if not url:
        return None
    client = current_app.extensions.get("redis")
    if client is None:
        import redis

        client = current_app.extensions["redis"] = redis.Redis.from_url(url)
    return client


def _redis_key(key: str, start: int) -> str:
    # The prefix keeps two deployments sharing one Redis from sharing counters.
    return f"{current_app.config['REDIS_PREFIX']}rl:{key}:{start}"


def timestamp_of(now: datetime) -> float:
    """A use case's `now` (naive UTC) as the clock's timestamp, which windows count in."""
    return (now - EPOCH).total_seconds()


def _window(seconds: int, now: float) -> int:
    return int(now) // seconds * seconds


def hit(key: str, seconds: int, now: float) -> int:
    """Count one event for `key` in the current window; return the window's total."""
    start = _window(seconds, now)
    client = _redis()
    if client is None:
        return RateCounter.hit(key, start)
    name = _redis_key(key, start)
    with client.pipeline() as pipe:
        count, _ = pipe.incr(name).expire(name, seconds * 2).execute()
    return int(count)


def unhit(key: str, seconds: int, now: float) -> None:
    """Take back one event counted by hit() in the current window (what it counted did not
    happen after all: a booking that lost its place)."""
    start = _window(seconds, now)
    client = _redis()
    if client is None:
        RateCounter.release(key, start)
        return
    name = _redis_key(key, start)
    if int(client.decr(name)) < 0:  # the window ended meanwhile and its key expired
        client.delete(name)


def count(key: str, seconds: int, now: float) -> int:
    start = _window(seconds, now)
    client = _redis()
    if client is None:
        return RateCounter.total(key, start)
    return int(client.get(_redis_key(key, start)) or 0)


def reset(key: str, seconds: int, now: float) -> None:
    """Forget the current window's count (after a successful sign-in or a recovery)."""
    start = _window(seconds, now)
    client = _redis()
    if client is None:
        RateCounter.delete().where(
            (RateCounter.key == key) & (RateCounter.window_start == start)
        ).execute()
    else:
        client.delete(_redis_key(key, start))


def check(key: str, limit: int, seconds: int, now: float) -> None:
    """Count this request and raise TooMany once `key` passes `limit` in the window."""
    if hit(key, seconds, now) > limit:
        minutes = max(1, seconds // 60)
        wait = "un minuto" if minutes == 1 else f"unos {minutes} minutos"
        raise TooMany(f"Hizo demasiados intentos. Espere {wait} y vuelva a intentarlo.")
