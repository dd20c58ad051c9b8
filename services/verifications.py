"""Identity verification decisions: a verifier approves or rejects a person's request."""

from datetime import datetime

from db import write_transaction
from domain.states import IDENTITY, IdentityAction, IdentityStatus, NotPermitted, WrongState
from models import IdentityVerification, User
from services import audit
from services.actor import Actor
from services.notify import notify

DECISIONS = {  # decision: (audit action, kind of e-mail)
    IdentityAction.APROBAR: ("verificacion_aprobada", "identity_approved"),
    IdentityAction.RECHAZAR: ("verificacion_rechazada", "identity_rejected"),
}
ALREADY_DECIDED = "Otra persona ya resolvió esta solicitud; no se cambió nada."


def decide(
    verification: IdentityVerification,
    decision: IdentityAction,
    reason: str = "",
    *,
    actor: Actor,
    now: datetime,
) -> IdentityStatus:
    """Approve or reject the request and tell the person; the status it now has.

    Decided once: of two verifiers deciding at the same moment only the first counts, and the
    other gets WrongState. Raises NotPermitted for one's own request or a role that does not
    verify."""
    action, kind = DECISIONS[decision]
    person = verification.user
    if actor.user is not None and person.id == actor.user.id:
        raise NotPermitted("Nadie puede verificar su propia identidad.")
    roles = actor.user.role_set if actor.user else set()
    try:
        status = IDENTITY.check(verification.status, decision, roles)
    except WrongState:  # decided already, by someone else or by this same form a moment ago
        raise WrongState(ALREADY_DECIDED) from None
    with write_transaction():
        won = (
            IdentityVerification.update(
                status=status, reviewer=actor.user.id, reviewed_at=now, reason=reason
            )
            .where(IdentityVerification.id == verification.id)
            .where(IdentityVerification.status == verification.status)
            .execute()
        )
        if not won:
            raise WrongState(ALREADY_DECIDED)
        User.update(identity_status=status, identity_reason=reason).where(
            User.id == person.id
        ).execute()
        audit.log(actor, action, now, subject=person.email, detail=reason or f"#{verification.id}")
    notify(person.email, kind, user=person, reason=reason)
    return IdentityStatus(status)
