"""The casilla electrónica's use cases: a notifier drafts, issues or withdraws a notification;
its addressee opens it; the worker alerts addressees of scheduled ones when they come due.

The counter User.casilla_unread moves with each of them (issue +1, withdraw and first opening
-1), so the unread badge costs nothing for someone who has never been notified.
"""

from dataclasses import dataclass
from datetime import date, datetime

from db import write_transaction
from domain.codes import new_code
from domain.states import IdentityStatus
from models import (
    Court,
    Dependencia,
    Notification,
    NotificationAnnex,
    NotificationDelivery,
    User,
    UserSession,
)
from models.accounts import token_hash
from services import audit, uploads
from services.actor import Actor
from services.notify import notify

AREA = "casilla"  # files live in UPLOAD_FOLDER/casilla


class Refused(Exception):
    """The action cannot be done; the message says why, in Spanish."""


class AddresseeRefused(Refused):
    """A typed addressee is not someone who can be notified."""


class FileRefused(Refused):
    """The document (index 0) or an annex (1, 2...) was not taken; `field` names which."""

    def __init__(self, field: str, index: int, message: str):
        prefix = f"Anexo {index}: " if index else ""
        super().__init__(prefix + message)
        self.field = field


@dataclass(frozen=True)
class Draft:
    """What the notifier typed, already validated by the form."""

    dependencia: Dependencia
    case_number: str
    act_kind: str
    resolution_number: str
    resolution_date: date
    summary: str
    available_at: datetime | None  # UTC; None: at once when issued


def find_addressee(typed: str) -> User:
    """The person a document number or casillero number names, who can be notified."""
    key = User.login_key(typed)
    if not key or "@" in key:
        raise AddresseeRefused(f"«{typed}»: escriba un número de documento o de casillero")
    found = list(User.select().where((User.casillero == key) | (User.doc_number == key)).limit(3))
    if not found:
        raise AddresseeRefused(f"«{key}»: no hay ninguna cuenta con ese documento o casillero")
    if len(found) > 1:
        raise AddresseeRefused(f"«{key}»: hay más de una cuenta; escriba su número de casillero")
    person = found[0]
    if not person.email_confirmed or not person.active:
        raise AddresseeRefused(f"«{key}»: la cuenta no tiene el correo confirmado")
    if person.identity_status != IdentityStatus.APROBADA:
        raise AddresseeRefused(f"«{key}»: la persona no tiene la identidad verificada")
    return person


def create_draft(draft: Draft, document, annexes, addressees, *, actor: Actor, now) -> int:
    """Store the files and a draft notification for `addressees` (users); its id. Nothing is
    visible to anyone but staff until it is issued. FileRefused if a file is not taken."""
    stored = []
    for index, upload in enumerate((document, *annexes)):
        try:
            name, _mime = uploads.save(upload, "notification", AREA)
        except uploads.Refused as refusal:
            for name, *_rest in stored:
                uploads.remove(AREA, name)
            raise FileRefused("annexes" if index else "document", index, str(refusal)) from None
        stored.append((name, _shown_name(upload.filename), *uploads.sha256(AREA, name)))
    (file, file_name, digest, size), annex_files = stored[0], stored[1:]
    with write_transaction():
        notification = Notification.create(
            dependencia=draft.dependencia,
            case_number=draft.case_number,
            act_kind=draft.act_kind,
            resolution_number=draft.resolution_number,
            resolution_date=draft.resolution_date,
            summary=draft.summary,
            document_file=file,
            document_name=file_name,
            document_sha256=digest,
            document_bytes=size,
            created_by=actor.user,
            created_at=now,
            available_at=draft.available_at,
        )
        for position, (name, shown, sha, length) in enumerate(annex_files, start=1):
            NotificationAnnex.create(
                notification=notification, position=position, file=name, name=shown,
                sha256=sha, size=length,
            )  # fmt: skip
        for person in addressees:
            NotificationDelivery.create(notification=notification, user=person, code=_code())
        audit.log(actor, "notificacion_preparada", now, subject=_subject(notification))
    return notification.id


def issue(notification: Notification, *, actor: Actor, now: datetime) -> bool:
    """Issue a draft: its instants are fixed from now on. False if it was issued already (a
    second click); Refused if its scheduled time has passed meanwhile."""
    if notification.issued_at is not None:
        return False
    available = notification.available_at or now
    if available < now:
        raise Refused(
            "La hora programada para ponerla a disposición ya pasó. Descarte este borrador y"
            " prepare la notificación otra vez."
        )
    at_once = available <= now
    with write_transaction():
        claimed = (
            Notification.update(issued_at=now, available_at=available)
            .where(Notification.id == notification.id, Notification.issued_at.is_null())
            .execute()
        )
        if not claimed:
            return False
        deliveries = NotificationDelivery.notification == notification.id
        NotificationDelivery.update(
            issued_at=now, available_at=available, alerted_at=now if at_once else None
        ).where(deliveries).execute()
        people = NotificationDelivery.select(NotificationDelivery.user).where(deliveries)
        User.update(casilla_unread=User.casilla_unread + 1).where(User.id.in_(people)).execute()
        audit.log(actor, "notificacion_emitida", now, subject=_subject(notification))
    notification.issued_at, notification.available_at = now, available
    if at_once:
        for delivery in notification.ordered_deliveries():
            _alert(delivery, notification)
    return True


def discard(notification: Notification, *, actor: Actor, now: datetime) -> bool:
    """Delete a draft and its files; False if it was issued meanwhile (then it stays)."""
    with write_transaction():
        if (
            Notification.get_or_none(
                Notification.id == notification.id, Notification.issued_at.is_null()
            )
            is None
        ):
            return False
        files = [notification.document_file] + [a.file for a in notification.annexes]
        NotificationDelivery.delete().where(
            NotificationDelivery.notification == notification.id
        ).execute()
        NotificationAnnex.delete().where(
            NotificationAnnex.notification == notification.id
        ).execute()
        Notification.delete().where(Notification.id == notification.id).execute()
        audit.log(actor, "notificacion_descartada", now, subject=_subject(notification))
    for name in files:
        uploads.remove(AREA, name)
    return True


def withdraw(notification: Notification, *, actor: Actor, now: datetime) -> None:
    """Withdraw an issued notification before it is made available: nobody will ever see it.
    Refused once it is available (or withdrawn already)."""
    with write_transaction():
        done = (
            Notification.update(withdrawn_at=now, withdrawn_by=actor.user)
            .where(
                Notification.id == notification.id,
                Notification.issued_at.is_null(False),
                Notification.withdrawn_at.is_null(),
                Notification.available_at > now,
            )
            .execute()
        )
        if not done:
            raise Refused(
                "Ya no se puede retirar: solo se retira una notificación emitida antes de"
                " ponerla a disposición."
            )
        people = NotificationDelivery.select(NotificationDelivery.user).where(
            NotificationDelivery.notification == notification.id
        )
        User.update(casilla_unread=User.casilla_unread - 1).where(
            User.id.in_(people), User.casilla_unread > 0
        ).execute()
        audit.log(actor, "notificacion_retirada", now, subject=_subject(notification))
    notification.withdrawn_at = now


def record_opening(delivery: NotificationDelivery, *, actor: Actor, session_token, now) -> bool:
    """The addressee opened it: the first time only, with the sign-in it came from. True if
    this was the first opening."""
    if delivery.opened_at is not None:
        return False
    sign_in = UserSession.get_or_none(UserSession.token_hash == token_hash(session_token or ""))
    with write_transaction():
        first = (
            NotificationDelivery.update(
                opened_at=now,
                opened_session_id=sign_in.id if sign_in else None,
                opened_signed_in_at=sign_in.created_at if sign_in else None,
                opened_ip=actor.address,
            )
            .where(NotificationDelivery.id == delivery.id, NotificationDelivery.opened_at.is_null())
            .execute()
        )
        if first:
            User.update(casilla_unread=User.casilla_unread - 1).where(
                User.id == delivery.user_id, User.casilla_unread > 0
            ).execute()
            audit.log(actor, "notificacion_abierta", now, subject=delivery.code)
    if first:
        delivery.opened_at, delivery.opened_ip = now, actor.address
        delivery.opened_session_id = sign_in.id if sign_in else None
    return bool(first)


def alert_due(now: datetime) -> int:
    """E-mail the addressees of scheduled notifications that became available; how many."""
    due = (
        NotificationDelivery.visible()
        .where(NotificationDelivery.alerted_at.is_null(), NotificationDelivery.available_at <= now)
        .order_by(NotificationDelivery.id)
    )
    sent = 0
    for delivery in due:
        with write_transaction():
            claimed = (
                NotificationDelivery.update(alerted_at=now)
                .where(
                    NotificationDelivery.id == delivery.id,
                    NotificationDelivery.alerted_at.is_null(),
                )
                .execute()
            )
        if claimed:
            _alert(delivery, delivery.notification)
            sent += 1
    return sent


def _alert(delivery: NotificationDelivery, notification: Notification) -> None:
    """The e-mail says something is waiting, never what: case number and court only."""
    notify(
        delivery.user.email,
        "notification_alert",
        case_number=notification.case_number,
        court=notification.dependencia.name,
        court_name=Court.current().name,
    )


def _code() -> str:
    return new_code(groups=4)  # 80 random bits: the URL of one person's notification


def _subject(notification: Notification) -> str:
    return f"{notification.case_number} #{notification.id}"


def _shown_name(filename: str | None) -> str:
    return uploads.file_name(filename) or "documento.pdf"
