"""The court's set-up: one court, its sedes, services, hours, closures and dependencias."""

from datetime import date, timedelta

import peewee as pw

from db import BaseModel
from domain.clock import local_now, utc_now
from domain.slots import SedeRules


class Court(BaseModel):
    name = pw.CharField()
    short_name = pw.CharField()
    country = pw.CharField(max_length=2, default="PE")  # decides documents, holidays, fees
    timezone = pw.CharField(default="America/Lima")

    @classmethod
    def current(cls) -> "Court":
        """The one court of this deployment."""
        return cls.select().order_by(cls.id).get()

    def now(self):
        """The court's wall-clock time now (naive)."""
        return local_now(self.timezone, utc_now())


class Sede(BaseModel):
    court = pw.ForeignKeyField(Court, backref="sedes")
    code = pw.CharField(unique=True)
    name = pw.CharField()
    address = pw.CharField()
    district = pw.CharField()
    city = pw.CharField()
    phone = pw.CharField(default="")
    windows = pw.IntegerField(default=1)
    slot_minutes = pw.IntegerField(default=20)
    capacity_per_slot = pw.IntegerField(default=1)  # places per slot and service
    horizon_days = pw.IntegerField(default=14)
    same_day_cutoff = pw.TimeField(null=True)  # same-day booking until then; null: never
    cancel_cutoff_hours = pw.IntegerField(default=2)
    restrict_vulnerable = pw.BooleanField(default=False)  # seed 000's COVID-era rule
    instructions = pw.TextField(default="")
    active = pw.BooleanField(default=True)

    @classmethod
    def open_ones(cls):
        return cls.select().where(cls.active).order_by(cls.name)

    def rules(self, today: date) -> SedeRules:
        """This sede's booking rules, with the closures that fall within its horizon."""
        opening: dict = {}
        for period in self.opening_hours.order_by(OpeningHours.opens):
            opening.setdefault(period.weekday, []).append((period.opens, period.closes))
        return SedeRules(
            slot_minutes=self.slot_minutes,
            capacity=self.capacity_per_slot,
            horizon_days=self.horizon_days,
            cancel_cutoff_hours=self.cancel_cutoff_hours,
            same_day_cutoff=self.same_day_cutoff,
            restrict_vulnerable=self.restrict_vulnerable,
            opening=opening,
            closed_days=Closure.days_for(self, today, today + timedelta(self.horizon_days)),
        )


class Service(BaseModel):
    sede = pw.ForeignKeyField(Sede, backref="services")
    code = pw.CharField()
    name = pw.CharField()
    description = pw.CharField(default="")
    what_to_bring = pw.TextField(default="")
    active = pw.BooleanField(default=True)

    class Meta:
        indexes = ((("sede", "code"), True),)

    @classmethod
    def offered_at(cls, sede):
        return cls.select().where(cls.sede == sede, cls.active).order_by(cls.name)


class OpeningHours(BaseModel):
    sede = pw.ForeignKeyField(Sede, backref="opening_hours")
    weekday = pw.IntegerField()  # 0 = Monday
    opens = pw.TimeField()
    closes = pw.TimeField()


class Closure(BaseModel):
    """A day without attention: a national holiday (sede empty) or a court-declared closure."""

    sede = pw.ForeignKeyField(Sede, null=True, backref="closures")
    day = pw.DateField(index=True)
    reason = pw.CharField()
    kind = pw.CharField(default="cierre")  # "feriado" (national) or "cierre" (court)

    @classmethod
    def days_for(cls, sede, first: date, last: date) -> frozenset:
        query = cls.select(cls.day).where(
            cls.day.between(first, last), (cls.sede.is_null()) | (cls.sede == sede)
        )
        return frozenset(row.day for row in query)


class Dependencia(BaseModel):
    """An office that receives filings (a juzgado, a sala, an administrative area)."""

    court = pw.ForeignKeyField(Court, backref="dependencias")
    sede = pw.ForeignKeyField(Sede, null=True, backref="dependencias")
    code = pw.CharField(unique=True)
    name = pw.CharField()
