"""The casilla electrónica: a notification (acto de comunicación), its annexes, and one
delivery per addressee carrying the three instants (issued, available, opened).

Database triggers (migrations/0015_casilla.py) refuse to change an instant once set.
"""

import peewee as pw

from db import BaseModel
from models.accounts import User
from models.court import Dependencia


class Notification(BaseModel):
    dependencia = pw.ForeignKeyField(Dependencia)
    case_number = pw.CharField(index=True)  # normalized by domain.casilla
    act_kind = pw.CharField()  # domain.casilla.ActKind
    resolution_number = pw.CharField()
    resolution_date = pw.DateField()
    summary = pw.TextField()
    document_file = pw.CharField()  # stored name under uploads/casilla
    document_name = pw.CharField()  # as the notifier's file was called, for the download
    document_sha256 = pw.CharField()
    document_bytes = pw.IntegerField()
    created_by = pw.ForeignKeyField(User, backref="notifications_created")
    created_at = pw.DateTimeField()  # UTC; a draft until issued
    issued_at = pw.DateTimeField(null=True, index=True)
    available_at = pw.DateTimeField(null=True)
    withdrawn_at = pw.DateTimeField(null=True)
    withdrawn_by = pw.ForeignKeyField(User, null=True, backref="notifications_withdrawn")

    def is_available(self, now) -> bool:
        return (
            self.issued_at is not None
            and self.withdrawn_at is None
            and self.available_at is not None
            and self.available_at <= now
        )

    def can_withdraw(self, now) -> bool:
        return (
            self.issued_at is not None
            and self.withdrawn_at is None
            and self.available_at is not None
            and self.available_at > now
        )

    def ordered_annexes(self) -> list["NotificationAnnex"]:
        return list(self.annexes.order_by(NotificationAnnex.position))

    def ordered_deliveries(self) -> list["NotificationDelivery"]:
        return list(
            NotificationDelivery.select(NotificationDelivery, User)
            .join(User)
            .where(NotificationDelivery.notification == self.id)
            .order_by(User.surnames, User.names, NotificationDelivery.id)
        )


class NotificationAnnex(BaseModel):
    notification = pw.ForeignKeyField(Notification, backref="annexes")
    position = pw.IntegerField()  # 1, 2, ... in the order the notifier gave them
    file = pw.CharField()
    name = pw.CharField()
    sha256 = pw.CharField()
    size = pw.IntegerField()

    class Meta:
        indexes = ((("notification", "position"), True),)


class NotificationDelivery(BaseModel):
    """One addressee of one notification; `code` is the unguessable name in its URLs."""

    notification = pw.ForeignKeyField(Notification, backref="deliveries")
    user = pw.ForeignKeyField(User, backref="deliveries")
    code = pw.CharField(unique=True)
    issued_at = pw.DateTimeField(null=True)
    available_at = pw.DateTimeField(null=True, index=True)
    opened_at = pw.DateTimeField(null=True)
    opened_session_id = pw.IntegerField(null=True)
    opened_signed_in_at = pw.DateTimeField(null=True)
    opened_ip = pw.CharField(null=True)
    alerted_at = pw.DateTimeField(null=True)

    class Meta:
        indexes = ((("notification", "user"), True), (("user", "available_at"), False))

    @classmethod
    def visible(cls):
        """Deliveries an addressee may see at some instant: issued and never withdrawn
        (the caller adds available_at <= now)."""
        return (
            cls.select(cls, Notification, Dependencia)
            .join(Notification)
            .join(Dependencia)
            .where(cls.issued_at.is_null(False), Notification.withdrawn_at.is_null())
        )

    @classmethod
    def of_user(cls, user_id: int, code: str, now):
        """The addressee's own available delivery named `code`, or None (someone else's,
        withdrawn, not yet available or unknown: the same None)."""
        return (
            cls.visible()
            .where(cls.code == code, cls.user == user_id, cls.available_at <= now)
            .first()
        )

    @classmethod
    def public(cls, code: str, now):
        """The delivery a proof's QR names, once available; None otherwise."""
        return cls.visible().where(cls.code == code, cls.available_at <= now).first()

    @classmethod
    def unread_count(cls, user_id: int, now) -> int:
        return (
            cls.visible()
            .where(cls.user == user_id, cls.available_at <= now, cls.opened_at.is_null())
            .count()
        )
