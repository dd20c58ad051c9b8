"""The court's set-up: one court, its sedes, services, hours, closures and dependencias."""

import time
from datetime import date, datetime, timedelta

import peewee as pw

from db import BaseModel
from domain.clock import local_now
from domain.slots import SedeRules

# The set-up every public page reads (the court, a sede's hours and closures, a service) is
# kept in each worker for a few seconds: it changes a few times a year, and reading it anew
# would be most of a page's database work. Bookings always read the rules fresh.
_setup_cache: dict = {}
_cache_seconds = 30.0


def configure_setup_cache(seconds: float) -> None:
    """Set how long set-up data is kept per worker (0 in tests) and forget what is kept."""
    global _cache_seconds
    _cache_seconds = seconds
    _setup_cache.clear()


def _cached(key, load):
    now = time.monotonic()
    hit = _setup_cache.get(key)
    if hit is not None and now - hit[0] < _cache_seconds:
        return hit[1]
    value = load()
    _setup_cache[key] = (now, value)
    return value


class Court(BaseModel):
    name = pw.CharField()
    short_name = pw.CharField()
    country = pw.CharField(max_length=2, default="PE")  # decides documents, holidays, fees
    timezone = pw.CharField(default="America/Lima")

    @classmethod
    def current(cls) -> "Court":
        """The one court of this deployment."""
        return _cached("court", lambda: cls.select().order_by(cls.id).get())

    def local_time(self, utc: datetime) -> datetime:
        """The court's wall-clock time (naive) at the UTC instant `utc`."""
        return local_now(self.timezone, utc)


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
    # The desk may mark attended / no-show from this many minutes before the slot starts.
    outcome_margin_minutes = pw.IntegerField(default=15)
    restrict_vulnerable = pw.BooleanField(default=False)  # seed 000's COVID-era rule
    instructions = pw.TextField(default="")
    active = pw.BooleanField(default=True)
    # Optional, for the map link (a geo: URI); without them the link searches the address.
    latitude = pw.FloatField(null=True)
    longitude = pw.FloatField(null=True)

    @classmethod
    def kept(cls, sede_id) -> "Sede":
        """get_by_id, kept a few seconds per worker: the review page names the sede each time."""
        return _cached(("sede", int(sede_id)), lambda: cls.get_by_id(sede_id))

    @classmethod
    def open_ones(cls) -> list["Sede"]:
        """The sedes open to bookings, by name. Kept a few seconds per worker like the rest of
        the set-up: the home, start and sede pages list them on every request, and building
        this query's SQL was a third of the home page's time (bench/peak_hour.py)."""
        return _cached(
            "open sedes", lambda: list(cls.select().where(cls.active).order_by(cls.name))
        )

    def cached_rules(self, today: date) -> SedeRules:
        """rules(), kept a few seconds per worker: for pages that list days and times."""
        return _cached(("rules", self.id, today), lambda: self.rules(today))

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
    def with_sede(cls, service_id: int) -> "Service":
        """A service and its sede in one query, kept a few seconds per worker."""
        # The query is built only on a miss: writing its SQL costs more than a hit.
        return _cached(
            ("service", service_id),
            lambda: cls.select(cls, Sede).join(Sede).where(cls.id == service_id).get(),
        )

    @classmethod
    def offered_at(cls, sede) -> list["Service"]:
        """The active services of a sede (its id), by name; kept a few seconds per worker."""
        sede_id = getattr(sede, "id", sede)
        return _cached(
            ("services at", sede_id),
            lambda: list(cls.select().where(cls.sede == sede_id, cls.active).order_by(cls.name)),
        )


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

    @classmethod
    def by_name(cls) -> list["Dependencia"]:
        """Every dependencia, by name; kept a few seconds per worker like the rest of the
        set-up (the hearings pages list them in their filters on every request)."""
        return _cached("dependencias", lambda: list(cls.select().order_by(cls.name)))
