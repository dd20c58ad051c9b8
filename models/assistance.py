"""The assistance desk (seed 001): requests anyone sends, and the answers staff send back."""

import peewee as pw

from db import BaseModel, write_transaction
from domain.assistance import ticket_number
from domain.states import AssistanceStatus
from models.accounts import User

NUMBER_TRIES = 20  # PostgreSQL: a request that lost the race for a number takes the next one


class AssistanceTicket(BaseModel):
    """One request (consulta, sugerencia or reclamo), numbered AS-<year>-<sequence>: the
    sequence restarts each court year and (year, sequence) is unique, so two requests racing
    for a number never share one."""

    year = pw.IntegerField()
    sequence = pw.IntegerField()
    request_key = pw.CharField(unique=True)  # the form's nonce: a double tap opens one ticket
    kind = pw.CharField(index=True)  # domain.assistance.AssistanceKind
    status = pw.CharField(default=AssistanceStatus.ABIERTO, index=True)
    names = pw.CharField()
    surnames = pw.CharField()
    doc_type = pw.CharField()
    doc_number = pw.CharField()
    gender = pw.CharField()  # domain.assistance.Gender
    age = pw.IntegerField()
    phone = pw.CharField()
    email = pw.CharField()
    text = pw.TextField()
    created_at = pw.DateTimeField(index=True)  # UTC
    received_on = pw.DateField()  # the court's date it arrived: a complaint's period starts
    ip = pw.CharField(default="")
    answer_count = pw.IntegerField(default=0)  # compare-and-set: a double tap answers once
    closed_at = pw.DateTimeField(null=True)
    closed_by = pw.ForeignKeyField(User, null=True, backref="closed_tickets")

    class Meta:
        indexes = ((("year", "sequence"), True),)

    @property
    def number(self) -> str:
        return ticket_number(self.year, self.sequence)

    @property
    def full_name(self) -> str:
        return f"{self.names} {self.surnames}"

    @classmethod
    def made_by(cls, request_key: str | None):
        """The ticket a form (identified by its nonce) already opened."""
        return cls.get_or_none(cls.request_key == request_key) if request_key else None

    @classmethod
    def open(cls, *, year: int, request_key: str, **fields) -> tuple["AssistanceTicket", bool]:
        """Number and store a request: (ticket, True); a repeat of the same form gets the
        first one's ticket: (ticket, False). The next number is MAX + 1 of the year, inside
        a write transaction (SQLite: one writer at a time); on PostgreSQL two may read the
        same MAX, and the UNIQUE (year, sequence) refuses the second, which tries again."""
        for _ in range(NUMBER_TRIES):
            existing = cls.made_by(request_key)
            if existing:
                return existing, False
            try:
                with write_transaction():
                    last = cls.select(pw.fn.MAX(cls.sequence)).where(cls.year == year).scalar()
                    ticket = cls.create(
                        year=year, sequence=(last or 0) + 1, request_key=request_key, **fields
                    )
                return ticket, True
            except pw.IntegrityError:
                continue  # the number or the nonce was taken meanwhile: look again
        raise RuntimeError("No se pudo numerar el pedido de asistencia")

    def answers(self) -> list["AssistanceAnswer"]:
        return list(
            AssistanceAnswer.select(AssistanceAnswer, User)
            .join(User, pw.JOIN.LEFT_OUTER)
            .where(AssistanceAnswer.ticket == self.id)
            .order_by(AssistanceAnswer.sent_at, AssistanceAnswer.id)
        )


class AssistanceAnswer(BaseModel):
    """What staff answered, as it was e-mailed to the person; kept with the ticket."""

    ticket = pw.ForeignKeyField(AssistanceTicket, backref="answer_rows", on_delete="CASCADE")
    author = pw.ForeignKeyField(User, null=True, backref="assistance_answers")
    body = pw.TextField()
    sent_at = pw.DateTimeField()  # UTC
