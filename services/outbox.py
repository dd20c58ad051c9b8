"""The kept mail (failed_mail): an administrator sends one again."""

from datetime import datetime

from db import write_transaction
from models import FailedMail
from services import audit
from services.actor import Actor
from services.notify import enqueue, take_failed


def retry_mail(mail_id: int, *, actor: Actor, now: datetime) -> FailedMail | None:
    """Queue a kept message again and audit it; None if another click took it first."""
    with write_transaction():
        kept = take_failed(mail_id)
        if kept is not None:
            audit.log(actor, "correo_reintentado", now, subject=kept.to, detail=kept.subject)
    if kept is not None:  # after the commit: a rolled-back retry sends nothing
        enqueue(kept.as_mail())  # a queue that refuses it keeps it again: never lost
    return kept
