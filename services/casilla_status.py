"""What the casilla shows about a delivery: its instants on the court's clock, when its
addressee is (or will be) notified under the court's rule, the proof PDF, the unread badge."""

from dataclasses import dataclass
from datetime import datetime

from db import write_transaction
from domain import casilla as rules
from domain.clock import local_now, long_date, stamp
from domain.pdf.notification import ProofData, proof_pdf
from models import Closure, Court, NotificationDelivery, Setting
from services import audit
from services.actor import Actor
from services.notify import public_url

COUNT_KEY = "casilla_plazo_tipo"
DAYS_KEY = "casilla_plazo_dias"


def deemed_rule() -> rules.DeemedRule:
    """The court's setting; Brazil's PJe rule (10 calendar days) until one is chosen."""
    count = Setting.read(COUNT_KEY, rules.DEFAULT_COUNT)
    days = Setting.read(DAYS_KEY, str(rules.DEFAULT_DAYS))
    try:
        return rules.DeemedRule(rules.DayCount(count), int(days))
    except ValueError:
        return rules.DeemedRule()


def set_deemed_rule(rule: rules.DeemedRule, *, actor: Actor, now: datetime) -> None:
    with write_transaction():
        Setting.write(COUNT_KEY, rule.count.value)
        Setting.write(DAYS_KEY, str(rule.days))
        audit.log(actor, "plazo_notificacion_cambiado", now, detail=rule.label)


def national_holidays(first, last) -> frozenset:
    """Closures of no sede in particular: the national holidays, between two days."""
    query = Closure.select(Closure.day).where(
        Closure.sede.is_null(), Closure.day.between(first, last)
    )
    return frozenset(row.day for row in query)


@dataclass(frozen=True)
class Status:
    """A delivery as people read it: instants in the court's time, and the served date."""

    issued: str
    available: str
    opened: str  # "" until opened
    served: rules.Served | None  # None before availability
    served_text: str
    timezone: str


def status_of(delivery: NotificationDelivery, now: datetime, rule=None) -> Status:
    zone = Court.current().timezone
    rule = rule or deemed_rule()

    def shown(instant):
        return f"{stamp(local_now(zone, instant))}" if instant else ""

    served, text = None, ""
    if delivery.available_at is not None and delivery.available_at <= now:
        available_on = local_now(zone, delivery.available_at).date()
        opened_on = local_now(zone, delivery.opened_at).date() if delivery.opened_at else None
        holidays = national_holidays(available_on, rules.last_day_needed(available_on, rule))
        served = rules.served(available_on, opened_on, local_now(zone, now).date(), rule, holidays)
        day = long_date(served.on)
        if served.by_opening:
            text = f"Notificada el {day}, al abrirla"
        elif served.done:
            text = f"Notificada el {day}, por vencer el plazo sin abrirla"
        else:
            text = f"Si no la abre antes, se tendrá por notificada el {day}"
    return Status(
        shown(delivery.issued_at),
        shown(delivery.available_at),
        shown(delivery.opened_at),
        served,
        text,
        zone,
    )


def proof(delivery: NotificationDelivery, now: datetime) -> bytes:
    """The constancia de notificación of one addressee, as a PDF."""
    notification, person = delivery.notification, delivery.user
    status = status_of(delivery, now)
    return proof_pdf(
        ProofData(
            court=Court.current().name,
            code=delivery.code,
            case_number=notification.case_number,
            dependencia=notification.dependencia.name,
            act=rules.ActKind.label_of(notification.act_kind),
            resolution=f"{notification.resolution_number}, del "
            f"{notification.resolution_date:%d/%m/%Y}",
            addressee=person.full_name,
            casillero=person.casillero or "",
            issued=status.issued,
            available=status.available,
            opened=status.opened,
            served=status.served_text,
            timezone=status.timezone,
            document_sha256=notification.document_sha256,
            annexes=tuple((a.name, a.sha256) for a in notification.ordered_annexes()),
            verify_url=public_url("casilla.verify_notification", code=delivery.code),
        )
    )


def unread_badge(user, now: datetime) -> int:
    """The unread count for the page header: no query at all while the counter is zero."""
    if not getattr(user, "casilla_unread", 0):
        return 0
    return NotificationDelivery.unread_count(user.id, now)
