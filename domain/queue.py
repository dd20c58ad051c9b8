"""The lobby's queue: how tickets are numbered, who is called next, when an appointment may
check in, how long the wait is likely to be, and the day's figures.

Pure rules over plain values; models/queue.py stores tickets and services/queue.py takes
the decisions these functions make inside one transaction.
"""

import math
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from domain.enums import LabelledEnum
from domain.states import TicketStatus


class TicketKind(LabelledEnum):
    SIN_CITA = "sin_cita", "Sin cita"
    CITA = "cita", "Con cita"
    PREFERENCIAL = "preferencial", "Preferencial"


class PreferenceReason(LabelledEnum):
    """Who Peruvian law (Ley 28683) gives preferential attention to."""

    MAYOR = "mayor_65", "Persona de 65 años o más"
    GESTANTE = "gestante", "Mujer embarazada"
    DISCAPACIDAD = "discapacidad", "Persona con discapacidad"
    BEBE = "con_bebe", "Persona con un bebé en brazos"


# Letters kept for the queues that are not a service's: preferential and appointments.
PREFERENTIAL_PREFIX = "P"
APPOINTMENT_PREFIX = "C"
RESERVED_PREFIXES = frozenset({PREFERENTIAL_PREFIX, APPOINTMENT_PREFIX})
LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"

# An appointment checks in from this long before its start until this long after it.
CHECK_IN_EARLY = timedelta(minutes=60)
CHECK_IN_LATE = timedelta(minutes=15)
# An appointment's ticket goes ahead of walk-ins from this long before its start.
DUE_BEFORE = timedelta(minutes=5)
# The service time assumed before the day has any attended ticket of the service.
DEFAULT_SERVICE_MINUTES = 10
# The call-order setting: priority tickets go ahead in one of every N calls; 1 = always.
PRIORITY_EVERY_CHOICES = tuple(range(1, 11))


def priority_every_label(every: int) -> str:
    if every <= 1:
        return "Siempre primero"
    return f"Una de cada {every} llamadas (las demás, a quienes esperan sin prioridad)"


def label(prefix: str, number: int) -> str:
    """The ticket as called and printed: E-014."""
    return f"{prefix}-{number:03d}"


def clean_prefix(typed: str) -> str:
    """One capital letter A–Z (accents dropped), or '' when there is none."""
    plain = unicodedata.normalize("NFKD", typed or "").encode("ascii", "ignore").decode()
    letters = [c for c in plain.upper() if c in LETTERS]
    return letters[0] if letters else ""


def prefix_problem(prefix: str) -> str | None:
    """Why a service cannot use this letter (set up by an administrator), or None."""
    if not prefix:
        return None  # the first free letter of its name is used
    if len(prefix) != 1 or prefix not in LETTERS:
        return "Use una sola letra, de la A a la Z."
    if prefix in RESERVED_PREFIXES:
        return "La P es de los turnos preferenciales y la C de las citas: elija otra letra."
    return None


def service_prefixes(services: Iterable[tuple[int, str, str]]) -> dict[int, str]:
    """Each service's letter, from (id, name, letter chosen or ''), in id order: the chosen
    letter, else the first letter of its name not taken, else the first free letter."""
    services = sorted(services)
    taken = set(RESERVED_PREFIXES) | {clean_prefix(chosen) for _, _, chosen in services}
    letters: dict[int, str] = {}
    for service_id, name, chosen in services:
        if clean_prefix(chosen):
            letters[service_id] = clean_prefix(chosen)
            continue
        candidates = [clean_prefix(word) for word in name.split()] + list(LETTERS)
        letter = next((c for c in candidates if c and c not in taken), "S")
        taken.add(letter)
        letters[service_id] = letter
    return letters


@dataclass(frozen=True)
class Waiting:
    """A ticket waiting to be called, as the call order sees it."""

    id: int
    kind: str  # TicketKind
    service_id: int
    queued_at: datetime  # UTC; kept on a transfer, so nobody goes to the back
    appointment_at: datetime | None = None  # UTC start of the appointment, for check-ins

    def is_priority(self, now: datetime) -> bool:
        if self.kind == TicketKind.PREFERENCIAL:
            return True
        return self.kind == TicketKind.CITA and self.is_due(now)

    def is_due(self, now: datetime) -> bool:
        return self.appointment_at is not None and now >= self.appointment_at - DUE_BEFORE


def order_key(ticket: Waiting, now: datetime) -> tuple:
    """Preferential first, then appointments due now (by their time), then the rest by
    arrival (an appointment checked in early waits like a walk-in until it is due)."""
    if ticket.kind == TicketKind.PREFERENCIAL:
        return (0, ticket.queued_at, ticket.id)
    if ticket.kind == TicketKind.CITA and ticket.is_due(now):
        return (1, ticket.appointment_at, ticket.queued_at, ticket.id)
    return (2, ticket.queued_at, ticket.id)


def call_order(
    waiting: Iterable[Waiting],
    now: datetime,
    *,
    services: set[int] | None = None,
    priority_every: int = 1,
    recent_calls_priority: Sequence[bool] = (),
) -> list[Waiting]:
    """The tickets a window may call, best first.

    `services`: what the window serves (None: every service). `recent_calls_priority`: for
    the sede's latest calls of the day, newest first, whether each went to a priority ticket.
    With `priority_every` N > 1, a priority ticket goes ahead only when none of the last N-1
    calls did; otherwise the longest-waiting ticket without priority is called first, so
    neither line is starved.
    """
    mine = [t for t in waiting if services is None or t.service_id in services]
    ordered = sorted(mine, key=lambda t: order_key(t, now))
    if priority_every <= 1:
        return ordered
    priority_turn = not any(recent_calls_priority[: priority_every - 1])
    if priority_turn:
        return ordered
    rest = [t for t in ordered if not t.is_priority(now)]
    return rest + [t for t in ordered if t.is_priority(now)]


class CheckInRefused(Exception):
    """Why an appointment cannot take a ticket now, in Spanish, for the person at the kiosk."""


def already_checked_in(ticket_label: str, status: str = TicketStatus.EN_ESPERA, window="") -> str:
    """What the kiosk tells someone checking in again, by where the ticket stands now: «wait
    to be called» only while it still waits."""
    if status == TicketStatus.LLAMADO:
        return (
            f"Esta cita ya se registró y su turno {ticket_label} ya fue llamado: "
            f"acérquese a {window}."
        )
    if status == TicketStatus.ATENDIDO:
        return (
            f"Esta cita ya se atendió con el turno {ticket_label}. Para otro trámite, saque un "
            "turno sin cita."
        )
    if status == TicketStatus.NO_SE_PRESENTO:
        return (
            f"Su turno {ticket_label} fue llamado y no se presentó. Saque un turno sin cita o "
            "pida ayuda en informes."
        )
    return f"Esta cita ya se registró: su turno es el {ticket_label}. Espere a que lo llamen."


def check_in_problem(
    *,
    active: bool,
    sede_matches: bool,
    sede_name: str,
    day: date,
    starts: time,
    now_local: datetime,
    ticket_label: str | None,
    ticket_status: str = TicketStatus.EN_ESPERA,
    ticket_window: str = "",
) -> str | None:
    """Why this appointment cannot check in at this kiosk now, or None."""
    if ticket_label:
        return already_checked_in(ticket_label, ticket_status, ticket_window)
    if not active:
        return "Esta cita no está vigente (fue anulada, reprogramada o ya se atendió)."
    if not sede_matches:
        return f"Su cita es en otra sede: {sede_name}. Acuda allí o pida ayuda en informes."
    starts_at = datetime.combine(day, starts)
    if day != now_local.date():
        when = "ya pasó" if day < now_local.date() else "es otro día"
        shown = day.strftime("%d/%m/%Y")
        return (
            f"Su cita {when}: el {shown} a las {starts:%H:%M}. Hoy puede sacar un turno sin cita."
        )
    if now_local < starts_at - CHECK_IN_EARLY:
        opens = (starts_at - CHECK_IN_EARLY).time()
        return (
            f"Es muy temprano: su cita es a las {starts:%H:%M}. Regístrese desde las {opens:%H:%M}."
        )
    if now_local > starts_at + CHECK_IN_LATE:
        minutes = int(CHECK_IN_LATE.total_seconds() // 60)
        return (
            f"Su cita era a las {starts:%H:%M} y pasaron más de {minutes} minutos. "
            "Puede sacar un turno sin cita."
        )
    return None


def median(values: Sequence[float]) -> float | None:
    return percentile(values, 50)


def percentile(values: Sequence[float], p: float) -> float | None:
    """The p-th percentile by nearest rank (a value that happened), or None without values."""
    if not values:
        return None
    ordered = sorted(values)
    rank = max(1, math.ceil(p / 100 * len(ordered)))
    return ordered[rank - 1]


def estimated_wait_minutes(ahead: int, service_minutes: Sequence[float], windows: int) -> int:
    """Minutes until a ticket with `ahead` people before it is likely called: the median of
    today's service times of its service (or a default) shared among the windows serving it."""
    if ahead <= 0:
        return 0
    each = median(service_minutes) or DEFAULT_SERVICE_MINUTES
    return math.ceil(ahead * each / max(1, windows))


@dataclass(frozen=True)
class ServiceFigures:
    service: str
    issued: int
    served: int
    no_shows: int
    waiting: int
    median_wait: float | None  # minutes, from issue to first call
    p90_wait: float | None


def figures(service: str, tickets: Iterable[tuple[str, float | None]]) -> ServiceFigures:
    """A service's day from (status, minutes waited or None if never called) per ticket."""
    rows = list(tickets)
    waits = [w for _, w in rows if w is not None]
    return ServiceFigures(
        service=service,
        issued=len(rows),
        served=sum(1 for s, _ in rows if s == TicketStatus.ATENDIDO),
        no_shows=sum(1 for s, _ in rows if s == TicketStatus.NO_SE_PRESENTO),
        waiting=sum(1 for s, _ in rows if s == TicketStatus.EN_ESPERA),
        median_wait=median(waits),
        p90_wait=percentile(waits, 90),
    )
