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


def record(action: str, subject: str = "", detail: str = "", actor=None) -> None:
    """The request's form of `log`, for views not yet moved into use cases: the actor is
    whoever is signed in, the address the request's."""
    from flask import has_request_context, request
    from flask_login import current_user

    from services.clock import utc_now

    if actor is None and has_request_context() and current_user.is_authenticated:
        actor = current_user._get_current_object()
    address = (request.remote_addr or "") if has_request_context() else ""
    log(Actor(actor, address), action, utc_now(), subject, detail)
