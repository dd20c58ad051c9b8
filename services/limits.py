"""Shared counters for rate limits and lock-outs: the database, or Redis when REDIS_URL is set.

Counters must be shared by every gunicorn worker and every app server, or an attacker simply
gets one budget per process. `now` is the clock's timestamp, passed in by the caller.

Two kinds of window: fixed ones (`hit`, `count`, `check`: `now // window`), cheap, for request
quotas; and sliding ones (`record`, `recent`, `forget`), the events of the last `seconds`
wherever the clock stands, for failed sign-ins, where an attacker must find no edge to
straddle (9 failures before a fixed window's end and 9 after it would lock nothing).
"""

import secrets
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


def hit_all(counters: list[tuple[str, int]], now: float) -> list[int]:
    """hit() for several (key, seconds) at once: one round trip, each one's total in order."""
    windows = [(key, _window(seconds, now)) for key, seconds in counters]
    client = _redis()
    if client is None:
        totals = RateCounter.hit_all(windows)
        return [totals[window] for window in windows]
    with client.pipeline() as pipe:
        for (key, start), (_, seconds) in zip(windows, counters, strict=True):
            name = _redis_key(key, start)
            pipe.incr(name).expire(name, seconds * 2)
        return [int(count) for count in pipe.execute()[::2]]


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


def count_all(counters: list[tuple[str, int]], now: float) -> list[int]:
    """count() of several (key, seconds) at once: one round trip, in order."""
    windows = [(key, _window(seconds, now)) for key, seconds in counters]
    client = _redis()
    if client is None:
        totals = RateCounter.totals(windows)
        return [totals[window] for window in windows]
    if not windows:
        return []
    return [int(n or 0) for n in client.mget([_redis_key(k, s) for k, s in windows])]


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


def record(key: str, seconds: int, now: float) -> int:
    """Count one event for `key` at `now`; return how many it had in the last `seconds`."""
    client = _redis()
    if client is None:
        RateCounter.hit(key, int(now))  # one row per key and second: to the second
        return RateCounter.since(key, int(now) - seconds)[0]
    name = _redis_log(key)
    with client.pipeline() as pipe:  # one sorted set per key: each event scored by its time
        pipe.zadd(name, {f"{now}:{secrets.token_hex(4)}": now})
        pipe.zremrangebyscore(name, "-inf", now - seconds)
        pipe.zcard(name)
        pipe.expire(name, seconds)
        _, _, total, _ = pipe.execute()
    return int(total)


def recent(key: str, seconds: int, now: float) -> tuple[int, float | None]:
    """How many events `key` had in the last `seconds`, and when the latest was (None: none)."""
    client = _redis()
    if client is None:
        return RateCounter.since(key, int(now) - seconds)
    name = _redis_log(key)
    with client.pipeline() as pipe:
        pipe.zcount(name, f"({now - seconds}", "+inf")
        pipe.zrevrangebyscore(name, "+inf", f"({now - seconds}", start=0, num=1, withscores=True)
        total, latest = pipe.execute()
    return int(total), (latest[0][1] if latest else None)


def forget(key: str) -> None:
    """Forget every event of `key` (a right password, a recovered account)."""
    client = _redis()
    if client is None:
        RateCounter.forget(key)
    else:
        client.delete(_redis_log(key))


def _redis_log(key: str) -> str:
    return f"{current_app.config['REDIS_PREFIX']}rl:{key}:log"


def check(key: str, limit: int, seconds: int, now: float) -> None:
    """Count this request and raise TooMany once `key` passes `limit` in the window."""
    if hit(key, seconds, now) > limit:
        minutes = max(1, seconds // 60)
        wait = "un minuto" if minutes == 1 else f"unos {minutes} minutos"
        raise TooMany(f"Hizo demasiados intentos. Espere {wait} y vuelva a intentarlo.")
