"""The court's set-up: one court, its sedes, services, windows, hours, closures, dependencias."""

import time
from datetime import date, datetime, timedelta

import peewee as pw

from db import BaseModel, is_sqlite
from domain.clock import local_now
from domain.sede_setup import closure_period
from domain.slots import ClosureKind, SedeRules

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


def forget_setup() -> None:
    """Drop what this worker keeps, after the set-up changed (other workers keep theirs until
    it expires: SETUP_CACHE_SECONDS)."""
    _setup_cache.clear()


def _cached(key, load):
    now = time.monotonic()
    hit = _setup_cache.get(key)
    if hit is not None and now - hit[0] < _cache_seconds:
        return hit[1]
    value = load()
    _setup_cache[key] = (now, value)
    return value


def kept_while(key, version, load):
    """Like the set-up kept above, and loaded again at once when `version` (something cheap to
    read) changes: one entry per key, whatever the versions."""
    now = time.monotonic()
    hit = _setup_cache.get(key)
    if hit is not None and hit[2] == version and now - hit[0] < _cache_seconds:
        return hit[1]
    value = load()
    _setup_cache[key] = (now, value, version)
    return value


class Court(BaseModel):
    name = pw.CharField()
    short_name = pw.CharField()
    country = pw.CharField(max_length=2, default="PE")  # decides documents, holidays, fees
    timezone = pw.CharField(default="America/Lima")
    logo_file = pw.CharField(default="")  # a stored upload (services/uploads.py), for PDFs

    @classmethod
    def current(cls) -> "Court":
        """The one court of this deployment; before its administrator set it up (an empty
        database), an unsaved stand-in, so every page and clock still has a name and a zone."""
        return _cached("court", lambda: cls.saved() or cls.stand_in())

    @classmethod
    def saved(cls) -> "Court | None":
        """The court's row, read now (never kept): None until the set-up saved it."""
        return cls.select().order_by(cls.id).first()

    @classmethod
    def lock_for_first_save(cls) -> None:
        """Inside a write transaction: make a second first save wait and then see the first
        one's row (SQLite's BEGIN IMMEDIATE already does; PostgreSQL needs the table lock)."""
        if not is_sqlite():
            cls._meta.database.execute_sql("LOCK TABLE court IN SHARE ROW EXCLUSIVE MODE")

    @classmethod
    def stand_in(cls) -> "Court":
        return cls(name="Tribunal en configuración", short_name="Ventanilla")

    @property
    def is_saved(self) -> bool:
        return self.id is not None

    def local_time(self, utc: datetime) -> datetime:
        """The court's wall-clock time (naive) at the UTC instant `utc`."""
        return local_now(self.timezone, utc)


class Sede(BaseModel):
    court = pw.ForeignKeyField(Court, backref="sedes")
    code = pw.CharField(unique=True)
    name = pw.CharField()
    active = pw.BooleanField(default=True)
    address = pw.CharField()
    district = pw.CharField()
    city = pw.CharField()
    phone = pw.CharField(default="")
    slot_minutes = pw.IntegerField(default=20)
    capacity_per_slot = pw.IntegerField(default=1)  # places per slot and service
    horizon_days = pw.IntegerField(default=14)
    same_day_cutoff = pw.TimeField(null=True)  # same-day booking until then; null: never
    cancel_cutoff_hours = pw.IntegerField(default=2)
    # The desk may mark attended / no-show from this many minutes before the slot starts.
    outcome_margin_minutes = pw.IntegerField(default=15)
    restrict_vulnerable = pw.BooleanField(default=False)  # seed 000's COVID-era rule
    # The queue's call order: priority tickets go ahead in one of every N calls (1: always).
    queue_priority_every = pw.IntegerField(default=1)
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
        return self.rules_between(today, today + timedelta(self.horizon_days))

    def rules_between(self, first: date, last: date, **changes) -> SedeRules:
        """The rules with the closures from `first` to `last`; `changes` replaces settings (a
        change being previewed: capacity, opening, closed_days...)."""
        opening: dict = {}
        for period in self.opening_hours.order_by(OpeningHours.opens):
            opening.setdefault(period.weekday, []).append((period.opens, period.closes))
        values = dict(
            slot_minutes=self.slot_minutes,
            capacity=self.capacity_per_slot,
            horizon_days=self.horizon_days,
            cancel_cutoff_hours=self.cancel_cutoff_hours,
            same_day_cutoff=self.same_day_cutoff,
            restrict_vulnerable=self.restrict_vulnerable,
            opening=opening,
        )
        values["closed_days"], values["closed_periods"] = Closure.of_sede(self, first, last)
        return SedeRules(**(values | changes))


class Service(BaseModel):
    sede = pw.ForeignKeyField(Sede, backref="services")
    code = pw.CharField()
    name = pw.CharField()
    description = pw.CharField(default="")
    what_to_bring = pw.TextField(default="")
    active = pw.BooleanField(default=True)
    queue_prefix = pw.CharField(default="")  # its tickets' letter; '' = from its name

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


class Window(BaseModel):
    """A numbered window (ventanilla) of a sede's mesa de partes and the services it serves:
    those listed in WindowService, or every service of its sede when none is listed."""

    sede = pw.ForeignKeyField(Sede, backref="windows")
    number = pw.IntegerField()
    name = pw.CharField(default="")  # "Ventanilla 3" when empty
    active = pw.BooleanField(default=True)

    class Meta:
        table_name = "sede_window"  # WINDOW is a reserved word in PostgreSQL
        indexes = ((("sede", "number"), True),)

    @property
    def label(self) -> str:
        return self.name or f"Ventanilla {self.number}"

    def service_ids(self) -> set[int]:
        """The services listed for this window (empty: it serves them all)."""
        query = WindowService.select(WindowService.service).where(WindowService.window == self)
        return {row.service_id for row in query}

    def serves(self) -> list["Service"]:
        """The active services this window attends, by name."""
        query = Service.select().where(Service.sede == self.sede_id, Service.active)
        listed = self.service_ids()
        return [s for s in query.order_by(Service.name) if not listed or s.id in listed]


class WindowService(BaseModel):
    window = pw.ForeignKeyField(Window, backref="served", on_delete="CASCADE")
    service = pw.ForeignKeyField(Service, backref="windows")

    class Meta:
        table_name = "sede_window_service"
        indexes = ((("window", "service"), True),)


class OpeningHours(BaseModel):
    sede = pw.ForeignKeyField(Sede, backref="opening_hours")
    weekday = pw.IntegerField()  # 0 = Monday
    opens = pw.TimeField()
    closes = pw.TimeField()


class Closure(BaseModel):
    """A day without attention: a national holiday (sede empty) or a court-declared closure,
    for one sede or all; `closed_from`/`closed_until` make it part of the day (either may be
    empty: from 13:00 to the end of the day, or from the start of the day until 10:00)."""

    sede = pw.ForeignKeyField(Sede, null=True, backref="closures")
    day = pw.DateField(index=True)
    reason = pw.CharField()
    kind = pw.CharField(default=ClosureKind.CIERRE)
    closed_from = pw.TimeField(null=True)
    closed_until = pw.TimeField(null=True)

    @property
    def whole_day(self) -> bool:
        return self.closed_from is None and self.closed_until is None

    @classmethod
    def of_sede(cls, sede, first: date, last: date) -> tuple[frozenset, dict]:
        """A sede's closures from `first` to `last`, in one query: the days it is closed all
        day, and its part-day closures (day -> ((from, until), ...))."""
        query = (
            cls.select(cls.day, cls.closed_from, cls.closed_until)
            .where(cls.day.between(first, last), (cls.sede.is_null()) | (cls.sede == sede))
            .order_by(cls.day, cls.closed_from)
        )
        days, periods = set(), {}
        for row in query:
            period = closure_period(row.closed_from, row.closed_until)
            if period is None:
                days.add(row.day)
            else:
                periods[row.day] = (*periods.get(row.day, ()), period)
        return frozenset(days), periods

    @classmethod
    def days_for(cls, sede, first: date, last: date) -> frozenset:
        """The days a sede is closed all day."""
        return cls.of_sede(sede, first, last)[0]

    @classmethod
    def in_year(cls, year: int):
        """A year's closures, by day, the court-wide ones first."""
        return (
            cls.select(cls, Sede)
            .join(Sede, pw.JOIN.LEFT_OUTER)
            .where(cls.day.between(date(year, 1, 1), date(year, 12, 31)))
            .order_by(cls.day, cls.sede.is_null(False), Sede.name, cls.closed_from)
        )


class Dependencia(BaseModel):
    """An office that receives filings (a juzgado, a sala, an administrative area)."""

    court = pw.ForeignKeyField(Court, backref="dependencias")
    sede = pw.ForeignKeyField(Sede, null=True, backref="dependencias")
    code = pw.CharField(unique=True)
    name = pw.CharField()
    active = pw.BooleanField(default=True)

    @classmethod
    def by_name(cls) -> list["Dependencia"]:
        """Every dependencia, by name; kept a few seconds per worker like the rest of the
        set-up (the hearings pages list them in their filters on every request)."""
        return _cached("dependencias", lambda: list(cls.select().order_by(cls.name)))
