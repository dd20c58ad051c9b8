"""Recovery codes, issued by a job: asking for one costs a request the same work whether or not
the account exists (one look-up, the rate limits, one audit row, one job queued), so the
answer's timing tells nobody which e-mails or documents have an account."""

import hashlib
import hmac
import secrets
from datetime import timedelta

from flask import current_app

from db import write_transaction
from models import OneTimeCode, User
from services import jobs
from services.notify import notify

PURPOSE = "recuperar"
CODE_MINUTES = 30


def code_hash(user_id: int, code: str) -> str:
    message = f"{PURPOSE}:{user_id}:{code}".encode()
    return hmac.new(current_app.secret_key.encode(), message, hashlib.sha256).hexdigest()


@jobs.task()
def send_recovery_code(user_id: int | None, now, link: str) -> None:
    """E-mail a fresh code to an active account (`now`: when it was asked for, UTC); any older
    code of the account stops working. No account (None), or an inactive one: nothing."""
    user = User.get_or_none(User.id == user_id) if user_id else None
    if user is None or not user.active:
        return
    code = f"{secrets.randbelow(10**8):08d}"
    with write_transaction():
        OneTimeCode.update(expires_at=now).where(
            (OneTimeCode.user == user.id) & OneTimeCode.used_at.is_null()
            & (OneTimeCode.expires_at > now)
        ).execute()  # fmt: skip
        OneTimeCode.create(
            user=user, purpose=PURPOSE, code_hash=code_hash(user.id, code), created_at=now,
            expires_at=now + timedelta(minutes=CODE_MINUTES),
        )  # fmt: skip
    notify(user.email, "recover_code", user=user, code=code, minutes=CODE_MINUTES, link=link)
