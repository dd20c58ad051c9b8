"""The courts' public hearings schedule (audiencias)."""

from datetime import date

import peewee as pw

from db import BaseModel
from models.accounts import User
from models.court import Dependencia, Sede


class Hearing(BaseModel):
    """One scheduled hearing as the public sees it: never the parties' names."""

    dependencia = pw.ForeignKeyField(Dependencia, backref="hearings")
    day = pw.DateField()  # the court's wall clock
    starts = pw.TimeField()
    minutes = pw.IntegerField(default=60)
    case_number = pw.CharField(max_length=40)
    kind = pw.CharField()  # domain.hearings.HearingKind
    room = pw.CharField(default="")
    virtual_url = pw.CharField(max_length=500, default="")
    version = pw.IntegerField(default=0)  # the calendar's SEQUENCE: raised on each change
    created_at = pw.DateTimeField()  # UTC
    created_by = pw.ForeignKeyField(User, null=True, backref="hearings_published")
    updated_at = pw.DateTimeField()  # UTC
    # The form's one-time key: a second tap of "Publicar" finds the hearing the first made.
    request_key = pw.CharField(max_length=64, null=True, unique=True)

    class Meta:
        indexes = ((("day", "starts"), False), (("dependencia", "day"), False))

    @classmethod
    def listed(cls, first: date, last: date, sede_id=None, dependencia_id=None):
        """The hearings from `first` to `last` (inclusive), by date and time, with their
        dependencia and its sede in the same query; optionally of one sede or dependencia."""
        query = (
            cls.select(cls, Dependencia, Sede)
            .join(Dependencia)
            .join(Sede, pw.JOIN.LEFT_OUTER)
            .where(cls.day.between(first, last))
        )
        if sede_id is not None:
            query = query.where(Dependencia.sede == sede_id)
        if dependencia_id is not None:
            query = query.where(cls.dependencia == dependencia_id)
        return query.order_by(cls.day, cls.starts, Dependencia.name, cls.id)

    @classmethod
    def fingerprint(cls, dependencia_id: int, first: date, last: date) -> tuple[str, ...]:
        """What changes whenever a court's hearings in these days change: publishing or
        withdrawing moves the count and the sum of ids, and every change of a hearing raises
        its version and its updated_at."""
        row = (
            cls.select(
                pw.fn.COUNT(cls.id),
                pw.fn.SUM(cls.id),
                pw.fn.SUM(cls.version),
                pw.fn.MAX(cls.updated_at),
            )
            .where(cls.dependencia == dependencia_id, cls.day.between(first, last))
            .tuples()
            .get()
        )
        return tuple(map(str, row))
