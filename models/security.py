"""The audit log, shared rate-limit counters, single-use tokens and court-wide settings."""

from datetime import datetime

import peewee as pw

from db import BaseModel, execute_once_written, select_rows, write_transaction
from models.accounts import User


class AuditEvent(BaseModel):
    """Append-only (database triggers refuse UPDATE and DELETE): who, when, what, from where."""

    at = pw.DateTimeField(index=True)  # UTC
    actor = pw.ForeignKeyField(User, null=True, backref="audit_events")
    actor_label = pw.CharField(default="")
    action = pw.CharField(index=True)
    subject = pw.CharField(default="")
    detail = pw.TextField(default="")
    ip = pw.CharField(default="")


class RateCounter(BaseModel):
    """Hits per key and fixed time window, shared by every worker and app server; for a
    sliding window (services.limits.record), hits per key and second."""

    key = pw.CharField()
    window_start = pw.IntegerField()
    count = pw.IntegerField(default=0)

    class Meta:
        indexes = ((("key", "window_start"), True),)

    @classmethod
    def hit(cls, key: str, window_start: int) -> int:
        """Count one more hit and return the window's total, atomically."""
        with write_transaction():
            cls.insert(key=key, window_start=window_start, count=1).on_conflict(
                conflict_target=[cls.key, cls.window_start],
                update={cls.count: cls.count + 1},
            ).execute()
            return cls.get(cls.key == key, cls.window_start == window_start).count

    @classmethod
    def hit_all(cls, windows: list[tuple[str, int]]) -> dict[tuple[str, int], int]:
        """hit() for several (key, window_start) at once, in one transaction and two
        statements: each window's total after the hit. A window listed twice counts twice."""
        if not windows:
            return {}
        hits: dict[tuple[str, int], int] = {}
        for window in sorted(windows):  # rows locked in one order by everyone: no deadlock
            hits[window] = hits.get(window, 0) + 1
        values = tuple(v for (key, start), n in hits.items() for v in (key, start, n))
        with write_transaction():
            execute_once_written(
                f"rate counters hit {len(hits)}",
                lambda: (
                    cls.insert_many(
                        [("", 0, 0)] * len(hits), fields=[cls.key, cls.window_start, cls.count]
                    )
                    .on_conflict(
                        conflict_target=[cls.key, cls.window_start],
                        update={cls.count: cls.count + pw.EXCLUDED.count},
                    )
                    .returning()
                ),  # nothing back: PostgreSQL's default RETURNING "id" is not needed
                values,
            )
            return cls.totals(list(hits))

    @classmethod
    def totals(cls, windows: list[tuple[str, int]]) -> dict[tuple[str, int], int]:
        """total() of several (key, window_start) in one query; 0 for a window never hit."""
        if not windows:
            return {}
        rows = select_rows(
            f"rate counter totals {len(windows)}",
            lambda: cls.select(cls.key, cls.window_start, cls.count).where(
                pw.Tuple(cls.key, cls.window_start).in_([("", 0)] * len(windows))
            ),
            tuple(v for window in windows for v in window),
        )
        found = {(key, start): count for key, start, count in rows}
        return {window: found.get(window, 0) for window in windows}

    @classmethod
    def release(cls, key: str, window_start: int) -> None:
        """Take one hit back (never below zero)."""
        cls.update(count=cls.count - 1).where(
            (cls.key == key) & (cls.window_start == window_start) & (cls.count > 0)
        ).execute()

    @classmethod
    def total(cls, key: str, window_start: int) -> int:
        row = cls.get_or_none(cls.key == key, cls.window_start == window_start)
        return row.count if row else 0

    @classmethod
    def since(cls, key: str, after: int) -> tuple[int, int | None]:
        """The hits of `key` in the seconds after `after`, and the latest of those seconds."""
        total, latest = (
            cls.select(pw.fn.SUM(cls.count), pw.fn.MAX(cls.window_start))
            .where(cls.key == key, cls.window_start > after)
            .tuples()
            .get()
        )
        return int(total or 0), latest

    @classmethod
    def forget(cls, key: str) -> None:
        cls.delete().where(cls.key == key).execute()

    @classmethod
    def purge(cls, before: int) -> int:
        """Delete the counts of windows that started before `before` (seconds)."""
        return cls.delete().where(cls.window_start < before).execute()


class UsedToken(BaseModel):
    """Single-use tokens (anti-bot challenges): a second use of one is refused."""

    token = pw.CharField(unique=True)
    expires_at = pw.DateTimeField(index=True)

    @classmethod
    def use(cls, token: str, expires_at: datetime) -> bool:
        """True the first time a token is used, False ever after."""
        try:
            with write_transaction():
                cls.create(token=token, expires_at=expires_at)
        except pw.IntegrityError:
            return False
        return True

    @classmethod
    def purge(cls, now: datetime) -> int:
        """Forget tokens past their expiry: whatever carried them is refused by then anyway."""
        return cls.delete().where(cls.expires_at < now).execute()


class Setting(BaseModel):
    key = pw.CharField(unique=True)
    value = pw.CharField()

    @classmethod
    def read(cls, key: str, default: str) -> str:
        row = cls.get_or_none(cls.key == key)
        return row.value if row else default

    @classmethod
    def read_all(cls, defaults: dict[str, str]) -> dict[str, str]:
        """read() of several keys in one query: {key: value, or its default}."""
        rows = select_rows(
            f"settings {len(defaults)}",
            lambda: cls.select(cls.key, cls.value).where(cls.key.in_([""] * len(defaults))),
            tuple(defaults),
        )
        return {**defaults, **dict(rows)}

    @classmethod
    def write(cls, key: str, value: str) -> None:
        cls.insert(key=key, value=value).on_conflict(
            conflict_target=[cls.key], update={cls.value: value}
        ).execute()
