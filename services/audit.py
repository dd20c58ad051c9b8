"""The append-only audit log: who, when, what, from which address."""

from datetime import datetime

from models.security import AuditEvent
from services.actor import Actor


def log(actor: Actor, action: str, at: datetime, subject: str = "", detail: str = "") -> None:
    """Append one event."""
    AuditEvent.create(
        at=at,
        actor=actor.user,
        actor_label=actor.label,
        action=action,
        subject=subject[:250],
        detail=detail,
        ip=actor.address,
    )
