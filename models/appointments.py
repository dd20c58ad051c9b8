"""Desk appointments (citas) and the per-slot place counters that keep capacity."""

from datetime import date, datetime, time

import peewee as pw

from db import BaseModel, database, select_rows, write_transaction
from domain import slots
from domain.codes import new_code
from domain.reports import lead_days
from domain.states import (
    APPOINTMENT,
    FREES_THE_PLACE,
    AppointmentAction,
    AppointmentStatus,
    WrongState,
)
from models.court import Sede, Service


class Slot(BaseModel):
    """Places taken in one slot of one service; the CHECK is the last word on capacity."""

    service = pw.ForeignKeyField(Service, backref="slots")
    day = pw.DateField()
    starts = pw.TimeField()
    capacity = pw.IntegerField()
    booked = pw.IntegerField(default=0)

    class Meta:
        indexes = (
            (("service", "day", "starts"), True),
            (("day", "service", "starts", "booked"), False),  # the fill-rate report
        )
        constraints = [pw.Check("booked >= 0 AND booked <= capacity")]

    @classmethod
    def taken_on(cls, service, day: date) -> dict[time, int]:
        rows = select_rows(
            "slots taken on",
            lambda: cls.select(cls.starts, cls.booked).where(cls.service == 0, cls.day == day),
            (_id(service), cls.day.db_value(day)),
        )
        starts = cls.starts.python_value
        return {starts(start): booked for start, booked in rows}

    @classmethod
    def taken_between(cls, service, first: date, last: date) -> dict[tuple[date, time], int]:
        rows = select_rows(
            "slots taken between",
            lambda: cls.select(cls.day, cls.starts, cls.booked).where(
                cls.service == 0, cls.day.between(first, last)
            ),
            (_id(service), cls.day.db_value(first), cls.day.db_value(last)),
        )
        day, starts = cls.day.python_value, cls.starts.python_value
        return {(day(d), starts(start)): booked for d, start, booked in rows}

    @classmethod
    def take_place(cls, service, day: date, start: time, capacity: int) -> "Slot":
        """Take one place with a single conditional write, inside the caller's transaction."""
        cls.insert(
            service=service, day=day, starts=start, capacity=capacity, booked=0
        ).on_conflict_ignore().execute()
        here = (cls.service == service) & (cls.day == day) & (cls.starts == start)
        taken = (
            cls.update(booked=cls.booked + 1, capacity=capacity)
            .where(here & (cls.booked < capacity))
            .execute()
        )
        if not taken:
            raise slots.SlotFull("Ese horario se acaba de llenar. Elija otro horario")
        return cls.get(here)

    @classmethod
    def booked_from(cls, sede, now_local: datetime) -> dict[tuple[str, date, time], int]:
        """Places taken in a sede's slots still to come at `now_local` (its wall clock):
        (service name, day, start) -> how many."""
        rows = (
            cls.select(Service.name, cls.day, cls.starts, cls.booked)
            .join(Service)
            .where(Service.sede == sede, cls.booked > 0, cls.day >= now_local.date())
            .tuples()
        )
        return {
            (name, day, start): booked
            for name, day, start, booked in rows
            if datetime.combine(day, start) > now_local
        }

    def give_back(self) -> None:
        type(self).update(booked=Slot.booked - 1).where(
            (Slot.id == self.id) & (Slot.booked > 0)
        ).execute()


def _id(row_or_id) -> int:
    return getattr(row_or_id, "id", row_or_id)


class Appointment(BaseModel):
    code = pw.CharField(unique=True)
    request_key = pw.CharField(unique=True)  # the review form's nonce: a double tap books once
    slot = pw.ForeignKeyField(Slot, backref="appointments")
    sede = pw.ForeignKeyField(Sede, backref="appointments")
    service = pw.ForeignKeyField(Service, backref="appointments")
    day = pw.DateField()  # the sede's wall-clock date and time
    starts = pw.TimeField()
    ends = pw.TimeField()
    doc_type = pw.CharField()
    doc_number = pw.CharField()
    names = pw.CharField()
    surnames = pw.CharField()
    email = pw.CharField()
    phone = pw.CharField()
    birth_date = pw.DateField(null=True)
    priority = pw.BooleanField(default=False)  # 65+ or vulnerable: preferential attention
    status = pw.CharField(default=AppointmentStatus.ACTIVA)
    issued_at = pw.DateTimeField()  # UTC; a ticket's issue time can matter for deadlines
    status_changed_at = pw.DateTimeField(null=True)  # UTC
    # "service:day:doc_type:doc_number" while active, NULL otherwise: one active per person.
    active_key = pw.CharField(null=True, unique=True)
    rescheduled_from = pw.ForeignKeyField("self", null=True, backref="rescheduled_to")
    reminder_sent_at = pw.DateTimeField(null=True)  # UTC
    # Days from the court's date of booking to `day`, kept when the ticket is issued: the
    # lead-time report counts it over a year of rows without a date sum on each (0014).
    lead_days = pw.IntegerField(null=True)

    class Meta:
        indexes = (
            (("doc_type", "doc_number"), False),
            # The reports (migration 0014): every sede, one sede (and the desk's day list), and
            # the lead time.
            (("day", "sede", "status"), False),
            (("sede", "day", "status"), False),
            (("day", "lead_days", "sede"), False),
        )

    @property
    def is_active(self) -> bool:
        return self.status == AppointmentStatus.ACTIVA

    @property
    def status_label(self) -> str:
        return AppointmentStatus.label_of(self.status)

    @property
    def full_name(self) -> str:
        return f"{self.names} {self.surnames}"

    @classmethod
    def by_code(cls, code: str):
        """With its sede and service, which every page showing it names: one query, not three."""
        return (
            cls.select(cls, Sede, Service)
            .join(Sede)
            .switch(cls)
            .join(Service)
            .where(cls.code == code)
            .get_or_none()
        )

    @classmethod
    def find(cls, code: str, doc_type: str, doc_number: str):
        return cls.get_or_none(
            cls.code == code, cls.doc_type == doc_type, cls.doc_number == doc_number
        )

    @classmethod
    def for_desk(cls, sede, day: date, *, code: str = "", doc_number: str = ""):
        """The day's appointments of a sede, moved ones too; only those with `code` or
        `doc_number` when either is given (what the clerk typed or scanned)."""
        query = cls.select().where(cls.sede == sede, cls.day == day)
        if code or doc_number:
            query = query.where((cls.code == code) | (cls.doc_number == doc_number))
        return query.order_by(cls.starts, cls.issued_at)

    @classmethod
    def active_from(cls, sedes, first: date, last: date | None = None):
        """The active appointments of `sedes` (ids) from `first` (to `last`), with their sede
        and service: what a change of those sedes may have to cancel."""
        query = (
            cls.select(cls, Sede, Service)
            .join(Sede)
            .switch(cls)
            .join(Service)
            .where(
                cls.sede.in_(list(sedes)),
                cls.status == AppointmentStatus.ACTIVA,
                cls.day >= first,
            )
        )
        if last is not None:
            query = query.where(cls.day <= last)
        return query.order_by(cls.day, cls.starts, cls.id)

    @property
    def replacement(self):
        """The appointment this one was moved to, if it was."""
        return type(self).get_or_none(type(self).rescheduled_from == self.id)

    def earlier_versions(self) -> list["Appointment"]:
        """The appointments this one replaced, newest first (one per reschedule)."""
        found, current = [], self
        while current.rescheduled_from_id is not None:
            current = type(self).get_by_id(current.rescheduled_from_id)
            found.append(current)
        return found

    @classmethod
    def needing_reminder(cls, day: date):
        return cls.select().where(
            cls.day == day,
            cls.status == AppointmentStatus.ACTIVA,
            cls.reminder_sent_at.is_null(),
        )

    def claim_reminder(self, now_utc: datetime) -> bool:
        """Mark the reminder as sent; False if another run got there first."""
        cls = type(self)
        claimed = cls.update(reminder_sent_at=now_utc).where(
            (cls.id == self.id) & cls.reminder_sent_at.is_null()
        )
        return bool(claimed.execute())

    @staticmethod
    def _active_key(service, day: date, person: dict) -> str:
        return f"{service.id}:{day.isoformat()}:{person['doc_type']}:{person['doc_number']}"

    @classmethod
    def made_by(cls, request_key: str | None):
        """The appointment a confirm form (identified by its nonce) already made."""
        return cls.get_or_none(cls.request_key == request_key) if request_key else None

    @classmethod
    def book(cls, *, request_key, **booking) -> tuple["Appointment", bool]:
        """Reserve a place and issue the ticket: (appointment, True).

        A repeat of the same form (double tap, retry after a dropped connection) gets the
        appointment the first one made: (appointment, False). Raises slots.NotBookable.
        """
        existing = cls.made_by(request_key)
        if existing:
            return existing, False
        try:
            return cls._reserve(request_key=request_key, **booking), True
        except slots.NotBookable:
            # A concurrent tap of the same form may have taken the place; it has committed.
            existing = cls.made_by(request_key)
            if existing:
                return existing, False
            raise

    @classmethod
    def _reserve(cls, *, service, day, start, person, request_key, now_utc, now_local, **extra):
        if cls.select().where(cls.active_key == cls._active_key(service, day, person)).exists():
            raise slots.AlreadyBooked(
                "Ya tiene una cita activa para este servicio ese día. "
                "Puede reprogramarla o anularla con su código."
            )
        extra = {**extra, "lead_days": lead_days(day, now_local.date())}
        try:
            with write_transaction():
                # Read under the write lock (as a move does): a closure or shorter hours
                # committed a moment ago by services/sede_changes.py, which cancels what they
                # leave out, is seen here, so no booking slips in behind it.
                rules = service.sede.rules(now_local.date())
                slots.check_bookable(rules, day, start, now_local)
                return cls._insert(service, day, start, person, request_key, now_utc, rules, extra)
        except pw.IntegrityError:  # lost a race on a unique key to another tab or tap
            raise slots.AlreadyBooked(
                "Ya tiene una cita activa para este servicio ese día."
            ) from None

    @classmethod
    def _insert(cls, service, day, start, person, request_key, now_utc, rules, extra):
        slot = Slot.take_place(service, day, start, rules.capacity)
        return cls.create(
            code=new_code(),
            request_key=request_key,
            slot=slot,
            sede=service.sede_id,
            service=service,
            day=day,
            starts=start,
            ends=slots.slot_end(start, rules.slot_minutes),
            issued_at=now_utc,
            active_key=cls._active_key(service, day, person),
            **person,
            **extra,
        )

    def take(self, action: AppointmentAction, now_utc: datetime, *, by) -> bool:
        """Take `action` (domain/states.py says to which state, and whether `by` may).

        Compare-and-set on the state that was checked: True only for the request that moved it,
        False when it had already moved on. Raises NotPermitted for roles the machine refuses.
        """
        try:
            status = APPOINTMENT.check(self.status, action, by)
        except WrongState:
            return False
        cls = type(self)
        here = (cls.id == self.id) & (cls.status == self.status)
        changed = cls.update(status=status, active_key=None, status_changed_at=now_utc).where(here)
        if not changed.execute():
            return False
        self.status, self.status_changed_at = status, now_utc
        if status == AppointmentStatus.ACTIVA:
            self._claim_active_key()
        if status in FREES_THE_PLACE:
            self.slot.give_back()
        return True

    def _claim_active_key(self) -> None:
        """Back to ACTIVA (an outcome undone): one active appointment per person again, unless
        the person booked another one for that service and day in the meantime."""
        person = {"doc_type": self.doc_type, "doc_number": self.doc_number}
        key = self._active_key(self.service, self.day, person)
        try:
            with database.atomic():
                type(self).update(active_key=key).where(type(self).id == self.id).execute()
        except pw.IntegrityError:
            pass  # the other appointment keeps the key; this one stays active without it

    def cancel(self, now_utc: datetime, now_local: datetime, *, by) -> bool:
        """Cancel and free the place at once; False if it was no longer active."""
        slots.check_can_change(self.sede.rules(now_local.date()), self.day, self.starts, now_local)
        with write_transaction():
            return self.take(AppointmentAction.ANULAR, now_utc, by=by)

    def reschedule(self, day, start, request_key, now_utc, now_local, *, by):
        """Move to another slot of the same service: (new appointment, created?).

        Both changes happen, or neither; a repeated form gets the first one's result.
        """
        done = Appointment.made_by(request_key)
        if done:
            return done, False
        try:
            return self._move(day, start, request_key, now_utc, now_local, by), True
        except slots.NotBookable:
            done = Appointment.made_by(request_key)
            if done:
                return done, False
            raise

    def _move(self, day, start, request_key, now_utc, now_local, by) -> "Appointment":
        rules = self.sede.rules(now_local.date())
        slots.check_can_change(rules, self.day, self.starts, now_local)
        slots.check_bookable(rules, day, start, now_local)
        person = {f: getattr(self, f) for f in ("doc_type", "doc_number", "names", "surnames")}
        person |= {"email": self.email, "phone": self.phone, "birth_date": self.birth_date}
        with write_transaction():
            if not self.take(AppointmentAction.REPROGRAMAR, now_utc, by=by):
                raise slots.NotBookable("Esta cita ya no está activa")
            try:
                with database.atomic():
                    return type(self)._insert(
                        self.service,
                        day,
                        start,
                        person,
                        request_key,
                        now_utc,
                        rules,
                        {
                            "priority": self.priority,
                            "rescheduled_from": self,
                            "lead_days": lead_days(day, now_local.date()),
                        },
                    )
            except pw.IntegrityError:
                raise slots.AlreadyBooked(
                    "Ya tiene otra cita activa para este servicio ese día."
                ) from None
