"""The assistance desk (seed 001): anyone sends a consulta, sugerencia or reclamo and gets a
ticket number by e-mail; the desk (role atencion, or an administrator) answers by e-mail from
its screen and closes the ticket. A reclamo must be answered within a legal period of business
days that the court sets (domain/assistance.py counts it, national holidays excluded).
"""

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from db import write_transaction
from domain import assistance as rules
from domain.assistance import AssistanceKind, Period
from domain.states import ASSISTANCE, AssistanceAction, WrongState
from models import AssistanceAnswer, AssistanceTicket, Closure, Court, Setting
from services import audit, limits
from services.actor import Actor
from services.notify import notify, public_url

PER_ADDRESS = 5  # requests per hour from one address: a person sends one or two
PER_EMAIL = 3  # per hour to one contact address: nobody's mailbox is flooded with receipts
CLAIM_DAYS_KEY = "asistencia_plazo_reclamo"
MOVED = (
    "Este pedido cambió hace un momento (recibió otra respuesta o se cerró); revíselo antes "
    "de seguir. No se envió nada."
)


@dataclass(frozen=True)
class Request:
    """What the form asks, already checked."""

    kind: str
    names: str
    surnames: str
    doc_type: str
    doc_number: str
    gender: str
    age: int
    phone: str
    email: str
    text: str


def repeated(request_key: str):
    """The ticket a form with this nonce already opened, if any."""
    return AssistanceTicket.made_by(request_key)


def submit(request: Request, *, request_key: str, actor: Actor, now: datetime):
    """Open a ticket and e-mail its number: (ticket, True). A repeat of the same form gets the
    first ticket and no second e-mail, uncounted: (ticket, False). limits.TooMany past the
    address's or the contact e-mail's hourly limit."""
    repeated = AssistanceTicket.made_by(request_key)
    if repeated:
        return repeated, False
    email = request.email.strip().lower()
    at = limits.timestamp_of(now)
    limits.check(f"assist-ip:{actor.address}", PER_ADDRESS, 3600, at)
    limits.check(f"assist-email:{email}", PER_EMAIL, 3600, at)
    received = Court.current().local_time(now).date()
    fields = vars(request) | {"email": email}
    ticket, created = AssistanceTicket.open(
        year=received.year,
        request_key=request_key,
        created_at=now,
        received_on=received,
        ip=actor.address,
        **fields,
    )
    if not created:
        return ticket, False
    audit.log(actor, "asistencia_recibida", now, subject=ticket.number, detail=request.kind)
    period = claim_period(ticket, received) if request.kind == AssistanceKind.RECLAMO else None
    notify(
        email,
        "assistance_received",
        ticket=ticket,
        what=AssistanceKind.label_of(request.kind).lower(),
        deadline=period.deadline.strftime("%d/%m/%Y") if period else "",
        days=claim_days(),
        link=public_url("assistance.ask"),
    )
    return ticket, True


def answer(ticket: AssistanceTicket, body: str, *, seen: int, actor: Actor, now: datetime):
    """E-mail `body` to the person, keep it with the ticket and mark it answered. `seen` is how
    many answers the screen showed: if another arrived meanwhile (a double tap, a colleague),
    or the ticket was closed, WrongState and nothing is sent; NotPermitted for a role that
    does not answer."""
    roles = actor.user.role_set if actor.user else set()
    moved_to = ASSISTANCE.check(ticket.status, AssistanceAction.RESPONDER, roles)
    if seen != ticket.answer_count:
        raise WrongState(MOVED)
    with write_transaction():
        _move(ticket, moved_to, answer_count=seen + 1)
        reply = AssistanceAnswer.create(ticket=ticket.id, author=actor.user, body=body, sent_at=now)
        audit.log(actor, "asistencia_respondida", now, subject=ticket.number, detail=f"#{reply.id}")
    notify(ticket.email, "assistance_answer", ticket=ticket, body=body)
    ticket.status, ticket.answer_count = moved_to, seen + 1
    return reply


def close(ticket: AssistanceTicket, *, actor: Actor, now: datetime) -> None:
    """Close the ticket (answered or not); WrongState when it was closed already."""
    roles = actor.user.role_set if actor.user else set()
    moved_to = ASSISTANCE.check(ticket.status, AssistanceAction.CERRAR, roles)
    with write_transaction():
        _move(ticket, moved_to, closed_at=now, closed_by=actor.user)
        audit.log(actor, "asistencia_cerrada", now, subject=ticket.number)
    ticket.status = moved_to


def _move(ticket: AssistanceTicket, status: str, **changes) -> None:
    """Compare-and-set on the state that was checked: of two staff racing, one moves it."""
    won = (
        AssistanceTicket.update(status=status, **changes)
        .where(
            AssistanceTicket.id == ticket.id,
            AssistanceTicket.status == ticket.status,
            AssistanceTicket.answer_count == ticket.answer_count,
        )
        .execute()
    )
    if not won:
        raise WrongState(MOVED)


def claim_days() -> int:
    """Business days the court gives itself to answer a reclamo."""
    return int(Setting.read(CLAIM_DAYS_KEY, str(rules.DEFAULT_CLAIM_DAYS)))


def change_claim_days(days: int, *, actor: Actor, now: datetime) -> bool:
    """Set the period (audited); False when it is the same."""
    before = claim_days()
    if days == before:
        return False
    with write_transaction():
        Setting.write(CLAIM_DAYS_KEY, str(days))
        audit.log(actor, "plazo_reclamo_cambiado", now, detail=f"{before} → {days} días hábiles")
    return True


def claim_period(ticket: AssistanceTicket, today: date, days: int | None = None) -> Period:
    """Where a reclamo stands `today` (court date) against the answer period."""
    return periods([ticket], today, days)[ticket.id]


def periods(tickets, today: date, days: int | None = None) -> dict[int, Period]:
    """claim_period() of each ticket by id, with the holidays read once for all of them."""
    tickets = list(tickets)
    if not tickets:
        return {}
    days = claim_days() if days is None else days
    # Wide enough for the period and for a ticket long overdue: weekends alone more than
    # double the span, and a year of holidays is a handful of rows.
    first = min(min(t.received_on for t in tickets), today)
    last = max(max(t.received_on for t in tickets), today) + timedelta(days=days * 2 + 60)
    rows = Closure.select(Closure.day).where(
        Closure.sede.is_null(), Closure.day.between(first, last)
    )
    holidays = {row.day for row in rows}
    return {t.id: rules.claim_period(t.received_on, today, days, holidays) for t in tickets}


def court_today(now: datetime) -> date:
    return Court.current().local_time(now).date()
