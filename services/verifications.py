"""Identity verification decisions: a verifier approves or rejects a person's request.

A verification sent to recover an account by personal data (services/recovery.py) is decided
the same way, but it moves the recovery request, not the person's identity state: approving
it sends the new address the link to set the password; rejecting it tells that address why.
"""

from datetime import datetime

from db import write_transaction
from domain.states import (
    IDENTITY,
    RECOVERY,
    IdentityAction,
    IdentityStatus,
    NotPermitted,
    RecoveryAction,
    WrongState,
)
from models import IdentityVerification, RecoveryRequest, User
from services import audit, recovery_by_data
from services.actor import Actor
from services.notify import notify, public_url

DECISIONS = {  # decision: (audit action, kind of e-mail)
    IdentityAction.APROBAR: ("verificacion_aprobada", "identity_approved"),
    IdentityAction.RECHAZAR: ("verificacion_rechazada", "identity_rejected"),
}
RECOVERY_DECISIONS = {  # decision: (recovery action, audit action, kind of e-mail)
    IdentityAction.APROBAR: (RecoveryAction.APROBAR, "recuperacion_aprobada", "recovery_approved"),
    IdentityAction.RECHAZAR: (
        RecoveryAction.RECHAZAR,
        "recuperacion_rechazada",
        "recovery_rejected",
    ),
}
ALREADY_DECIDED = "Otra persona ya resolvió esta solicitud; no se cambió nada."
RECOVERY_OVER = (
    "Esta solicitud de recuperación ya no está en revisión ({status}); no se cambió nada."
)


def recovery_of(verification: IdentityVerification) -> RecoveryRequest | None:
    """The recovery request the verification was sent for, if it was sent for one."""
    return RecoveryRequest.get_or_none(RecoveryRequest.verification == verification.id)


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
    person = verification.user
    if actor.user is not None and person.id == actor.user.id:
        raise NotPermitted("Nadie puede verificar su propia identidad.")
    roles = actor.user.role_set if actor.user else set()
    try:
        status = IDENTITY.check(verification.status, decision, roles)
    except WrongState:  # decided already, by someone else or by this same form a moment ago
        raise WrongState(ALREADY_DECIDED) from None
    request = recovery_of(verification)
    if request is not None:
        return _decide_recovery(verification, request, decision, status, reason, roles, actor, now)
    action, kind = DECISIONS[decision]
    with write_transaction():
        _claim(verification, status, reason, actor, now)
        User.update(identity_status=status, identity_reason=reason).where(
            User.id == person.id
        ).execute()
        audit.log(actor, action, now, subject=person.email, detail=reason or f"#{verification.id}")
    notify(person.email, kind, user=person, reason=reason)
    return IdentityStatus(status)


def _claim(verification, status, reason, actor, now) -> None:
    """Record the decision on the verification, if nobody recorded one first."""
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


def _decide_recovery(verification, request, decision, status, reason, roles, actor, now):
    """The decision on a recovery's verification: it moves the recovery request only (the
    account is untouched until the new address sets the password)."""
    action, audited, kind = RECOVERY_DECISIONS[decision]
    over = WrongState(RECOVERY_OVER.format(status=request.status_label.lower()))
    try:
        moved_to = RECOVERY.check(request.status, action, roles)
    except WrongState:  # the owner stopped it while it waited for review
        raise over from None
    with write_transaction():
        _claim(verification, status, reason, actor, now)
        won = (
            RecoveryRequest.update(status=moved_to, decided_at=now)
            .where(RecoveryRequest.id == request.id, RecoveryRequest.status == request.status)
            .execute()
        )
        if not won:  # stopped a moment ago: the verification's decision rolls back too
            raise over
        detail = f"solicitud #{request.id}" + (f": {reason}" if reason else "")
        audit.log(actor, audited, now, subject=verification.user.email, detail=detail)
    if decision == IdentityAction.APROBAR:
        token = recovery_by_data.link_token(request, "clave", now)
        link = public_url("accounts.recover_password", token=token)
        notify(request.new_email, kind, link=link, hours=recovery_by_data.PASSWORD_HOURS)
    else:
        notify(request.new_email, kind, reason=reason, link=public_url("accounts.recover_data"))
    return IdentityStatus(status)
