"""The lobby's queue: tickets per sede and day, their history, and the kiosks allowed to issue."""

import hashlib
from datetime import date, datetime

import peewee as pw

from db import BaseModel
from domain.codes import new_code, normalize_code
from domain.queue import Waiting, label
from domain.states import TicketAction, TicketStatus
from models.accounts import User
from models.appointments import Appointment
from models.court import Sede, Service, Window

KEY_GROUPS = 6


class KioskDevice(BaseModel):
    """A lobby terminal allowed to issue tickets for its sede. Only the key's hash is kept:
    the key is shown once, when the administrator creates the device."""

    sede = pw.ForeignKeyField(Sede, backref="kiosks")
    name = pw.CharField()
    key_hash = pw.CharField(unique=True)
    created_at = pw.DateTimeField()
    revoked_at = pw.DateTimeField(null=True)
    last_seen_at = pw.DateTimeField(null=True)

    @staticmethod
    def new_key() -> str:
        """'7K3M-9QXD-…', six groups: 120 random bits in symbols nobody misreads (no I, L, O
        or U), typed once on the terminal's screen."""
        return new_code(groups=KEY_GROUPS)

    @staticmethod
    def hash_of(key: str) -> str:
        # 120 random bits: a plain hash is enough, nothing to slow down. Read as typed: any
        # case, with or without dashes, an O for a 0.
        return hashlib.sha256(normalize_code(key or "").encode()).hexdigest()

    @classmethod
    def with_key(cls, key: str) -> "KioskDevice | None":
        """The live device this key belongs to, or None."""
        if not key or len(key) > 200:
            return None
        return cls.get_or_none((cls.key_hash == cls.hash_of(key)) & cls.revoked_at.is_null())

    @classmethod
    def of_sede(cls, sede) -> list["KioskDevice"]:
        return list(
            cls.select().where(cls.sede == sede).order_by(cls.revoked_at.is_null(False), cls.name)
        )


class QueueCounter(BaseModel):
    """The last number given per sede, day and letter; taken by an UPDATE inside the ticket's
    transaction, so two kiosks at the same instant never print the same number."""

    sede = pw.ForeignKeyField(Sede)
    day = pw.DateField()
    prefix = pw.CharField(max_length=1)
    last = pw.IntegerField(default=0)

    class Meta:
        indexes = ((("sede", "day", "prefix"), True),)

    @classmethod
    def take_next(cls, sede_id: int, day: date, prefix: str) -> int:
        cls.insert(sede=sede_id, day=day, prefix=prefix, last=0).on_conflict_ignore().execute()
        query = (
            cls.update(last=cls.last + 1)
            .where((cls.sede == sede_id) & (cls.day == day) & (cls.prefix == prefix))
            .returning(cls.last)
            .tuples()
        )
        return list(query.execute())[0][0]


class QueueTicket(BaseModel):
    sede = pw.ForeignKeyField(Sede, backref="queue_tickets")
    day = pw.DateField()  # the sede's date
    service = pw.ForeignKeyField(Service)
    prefix = pw.CharField(max_length=1)
    number = pw.IntegerField()
    kind = pw.CharField()  # domain.queue.TicketKind
    preference = pw.CharField(default="")  # domain.queue.PreferenceReason, for preferential ones
    appointment = pw.ForeignKeyField(Appointment, null=True, unique=True)
    appointment_at = pw.DateTimeField(null=True)  # UTC start of the appointment
    status = pw.CharField(default=TicketStatus.EN_ESPERA)
    # The public page that follows the ticket: its only key, and no personal data on it.
    token = pw.CharField(unique=True)
    request_key = pw.CharField(unique=True)  # the kiosk's key of the tap: a retry prints once
    issued_at = pw.DateTimeField()  # UTC
    queued_at = pw.DateTimeField()  # UTC; the issue time, kept on a transfer
    first_called_at = pw.DateTimeField(null=True)
    called_at = pw.DateTimeField(null=True)  # the latest call (a recall too)
    calls = pw.IntegerField(default=0)
    finished_at = pw.DateTimeField(null=True)  # attended, no-show
    window = pw.ForeignKeyField(Window, null=True)
    clerk = pw.ForeignKeyField(User, null=True)
    kiosk = pw.ForeignKeyField(KioskDevice, null=True)

    class Meta:
        indexes = (
            (("sede", "day", "prefix", "number"), True),
            (("sede", "day", "status"), False),
        )

    @property
    def label(self) -> str:
        return label(self.prefix, self.number)

    @property
    def status_label(self) -> str:
        return TicketStatus.label_of(self.status)

    def as_waiting(self) -> Waiting:
        return Waiting(
            id=self.id,
            kind=self.kind,
            service_id=self.service_id,
            queued_at=self.queued_at,
            appointment_at=self.appointment_at,
        )

    @classmethod
    def of_day(cls, sede, day: date):
        return cls.select().where((cls.sede == sede) & (cls.day == day))

    @classmethod
    def waiting(cls, sede, day: date) -> list["QueueTicket"]:
        return list(cls.of_day(sede, day).where(cls.status == TicketStatus.EN_ESPERA))

    @classmethod
    def at_window(cls, window, day: date) -> "QueueTicket | None":
        """The ticket a window has called and not yet closed."""
        return (
            cls.select()
            .where((cls.window == window) & (cls.day == day) & (cls.status == TicketStatus.LLAMADO))
            .first()
        )

    @classmethod
    def by_token(cls, token: str) -> "QueueTicket | None":
        if not token or len(token) > 64:
            return None
        return (
            cls.select(cls, Sede, Service)
            .join(Sede)
            .switch(cls)
            .join(Service)
            .where(cls.token == token)
            .first()
        )

    def move(self, expected: str, **changes) -> bool:
        """Compare-and-set on the status read: of two clerks acting at once, one moves it."""
        done = (
            type(self)
            .update(**changes)
            .where((type(self).id == self.id) & (type(self).status == expected))
            .execute()
        )
        if done:
            for name, value in changes.items():
                setattr(self, name, value)
        return bool(done)


class QueueEvent(BaseModel):
    """What happened to a ticket, by whom and at which window: the console's history and the
    board's list of calls."""

    ticket = pw.ForeignKeyField(QueueTicket, backref="events", on_delete="CASCADE")
    sede = pw.ForeignKeyField(Sede)
    day = pw.DateField()
    action = pw.CharField()  # domain.states.TicketAction
    at = pw.DateTimeField()  # UTC
    window = pw.ForeignKeyField(Window, null=True)
    clerk = pw.ForeignKeyField(User, null=True)
    priority = pw.BooleanField(default=False)  # a call that went to a priority ticket
    detail = pw.CharField(default="")

    class Meta:
        indexes = ((("sede", "day", "at"), False),)

    CALLS = (TicketAction.LLAMAR, TicketAction.VOLVER_A_LLAMAR)

    @classmethod
    def latest_calls(cls, sede_id: int, day: date, limit: int = 6):
        """The sede's latest calls of the day, newest first, with the ticket and the window."""
        return (
            cls.select(cls, QueueTicket, Window)
            .join(QueueTicket)
            .switch(cls)
            .join(Window)
            .where((cls.sede == sede_id) & (cls.day == day) & cls.action.in_(cls.CALLS))
            .order_by(cls.at.desc(), cls.id.desc())
            .limit(limit)
        )

    @classmethod
    def calls_version(cls, sede_id: int, day: date) -> tuple[int, int]:
        """(how many calls, the latest id) of a sede's day: it changes with every call or
        recall, also when two commit out of their ids' order (calls are never deleted)."""
        return (
            cls.select(pw.fn.COUNT(cls.id), pw.fn.MAX(cls.id))
            .where((cls.sede == sede_id) & (cls.day == day) & cls.action.in_(cls.CALLS))
            .tuples()
            .get()
        )

    @classmethod
    def last_call_at(cls, sede_id: int, day: date) -> datetime | None:
        return (
            cls.select(pw.fn.MAX(cls.at))
            .where((cls.sede == sede_id) & (cls.day == day) & cls.action.in_(cls.CALLS))
            .scalar()
        )
