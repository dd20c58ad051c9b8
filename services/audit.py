"""Writing the append-only audit log from a request: who, when, what, from which address."""

from flask import has_request_context, request
from flask_login import current_user

from models.security import AuditEvent
from services.clock import utc_now


def record(action: str, subject: str = "", detail: str = "", actor=None) -> None:
    """Append one event; the actor defaults to whoever is signed in."""
    if actor is None and has_request_context() and current_user.is_authenticated:
        actor = current_user._get_current_object()
    AuditEvent.create(
        at=utc_now(),
        actor=actor,
        actor_label=actor.email if actor else "",
        action=action,
        subject=subject[:250],
        detail=detail,
        ip=(request.remote_addr or "") if has_request_context() else "",
    )
