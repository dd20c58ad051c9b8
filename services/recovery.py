"""Password recovery: by a one-time e-mailed code, or by personal data (seed 003, b).

Both answer the same whether or not an account exists, count requests per address and per
account across workers, never sign the person in, end every sign-in and e-mail the account.
Personal data only open a request that a verifier and the new address must prove: see
services/recovery_by_data.py.

Asking for a code costs a request the same work whether or not the account exists (one
look-up, the rate limits, one audit row, one job queued; the job makes and e-mails the code),
so the answer's timing tells nobody which e-mails or documents have an account.
"""

import hashlib
import hmac
import logging
import secrets
from datetime import datetime, timedelta

from flask import current_app

from db import write_transaction
from domain.passwords import WeakPassword
from models import OneTimeCode, User
from services import audit, jobs, limits
from services.accounts import check_new_password, notify_password_changed, store_password
from services.actor import Actor
from services.clock import utc_now
from services.notify import notify, public_url
from services.signin import forget_failures

log = logging.getLogger("ventanilla.mail")

PURPOSE = "recuperar"
CODE_MINUTES = 30
MAX_TRIES = 5  # wrong codes before a code is dead
REQUESTS_PER_ADDRESS = 5  # per hour, for each way of recovering
REQUESTS_PER_ACCOUNT = 3  # per hour: codes e-mailed, or personal-data attempts
GUESSES_PER_ADDRESS = 30  # per hour: codes typed, across every account
SENT = (
    "Si los datos corresponden a una cuenta, le enviamos un código de 8 números a su correo. "
    f"Vence en {CODE_MINUTES} minutos."
)
WRONG_CODE = "El código no es correcto o ya venció. Revíselo o pida un código nuevo"


class WrongCode(Exception):
    """The code is not the account's live one (wrong, expired, used, or out of tries)."""


def code_hash(user_id: int, code: str) -> str:
    message = f"{PURPOSE}:{user_id}:{code}".encode()
    return hmac.new(current_app.secret_key.encode(), message, hashlib.sha256).hexdigest()


# --- by code ------------------------------------------------------------------------------


def request_code(login: str, *, actor: Actor, now: datetime) -> None:
    """Have a code e-mailed to the account `login` (an e-mail or a document number) names, if
    an active one does; the same work and answer if none does. TooMany past the address's or
    the account's hourly limit."""
    login = login.strip()
    user = User.by_login(login, columns=(User.id, User.email, User.active))
    account = user.id if user else login.lower()  # unknown ones count alike: no probing
    timestamp = limits.timestamp_of(now)
    limits.check(f"recover-ip:{actor.address}", REQUESTS_PER_ADDRESS, 3600, timestamp)
    limits.check(f"recover-account:{account}", REQUESTS_PER_ACCOUNT, 3600, timestamp)
    known = user if user and user.active else None
    subject = known.email if known else login[:120]
    audit.log(actor.acting_as(known), "recuperacion_pedida", now, subject=subject)
    job = (known.id if known else None, now, public_url("accounts.recover_code"))
    try:
        send_recovery_code(*job)
    except Exception:  # the queue's storage is down: make the code here; notify keeps its mail
        log.exception("No se pudo poner en cola el código de recuperación")
        send_recovery_code.call_local(*job)


@jobs.task()
def send_recovery_code(user_id: int | None, asked_at: datetime, link: str) -> None:
    """E-mail a fresh code to an active account; any older code of the account stops working.
    No account (None), or an inactive one: nothing.

    The code's 30 minutes start when the job runs, not when it was asked for (`asked_at`), so a
    worker that was behind still sends a code that works for as long as the mail says. A job is
    a caller, so it reads the clock itself."""
    user = User.get_or_none(User.id == user_id) if user_id else None
    if user is None or not user.active:
        return
    now = max(asked_at, utc_now())
    code = f"{secrets.randbelow(10**8):08d}"
    with write_transaction():
        OneTimeCode.update(expires_at=now).where(
            (OneTimeCode.user == user.id)
            & OneTimeCode.used_at.is_null()
            & (OneTimeCode.expires_at > now)
        ).execute()
        OneTimeCode.create(
            user=user,
            purpose=PURPOSE,
            code_hash=code_hash(user.id, code),
            created_at=now,
            expires_at=now + timedelta(minutes=CODE_MINUTES),
        )
    notify(user.email, "recover_code", user=user, code=code, minutes=CODE_MINUTES, link=link)


def _spend_try(user: User, code: str, now: datetime) -> OneTimeCode | None:
    """Count one try at the account's live code; the code if `code` is it, else None."""
    live = (
        (OneTimeCode.user == user.id)
        & (OneTimeCode.purpose == PURPOSE)
        & OneTimeCode.used_at.is_null()
        & (OneTimeCode.expires_at > now)
        & (OneTimeCode.attempts < MAX_TRIES)
    )
    row = OneTimeCode.select().where(live).order_by(OneTimeCode.id.desc()).first()
    if row is None:
        return None
    # The try is counted before the comparison, so parallel guesses cannot exceed MAX_TRIES.
    counted = OneTimeCode.update(attempts=OneTimeCode.attempts + 1).where(
        live & (OneTimeCode.id == row.id)
    )
    if not counted.execute():
        return None
    return row if hmac.compare_digest(row.code_hash, code_hash(user.id, code)) else None


def reset_with_code(login: str, code: str, password: str, *, actor: Actor, now: datetime) -> User:
    """Check the code the account `login` names was sent and set its new password; end every
    sign-in and tell the owner. TooMany past the address's hourly guesses; WrongCode; and
    WeakPassword, which gives the try back (the right code proves the owner)."""
    limits.check(
        f"recover-guess-ip:{actor.address}", GUESSES_PER_ADDRESS, 3600, limits.timestamp_of(now)
    )
    user = User.by_login(login)
    row = _spend_try(user, code, now) if user and user.active else None
    if row is None:
        audit.log(actor.acting_as(user), "codigo_incorrecto", now, subject=login.strip()[:120])
        raise WrongCode(WRONG_CODE)
    try:
        check_new_password(user, password)
    except WeakPassword:
        OneTimeCode.update(attempts=OneTimeCode.attempts - 1).where(
            OneTimeCode.id == row.id
        ).execute()
        raise
    user.set_password(password)  # argon2 outside the transaction: it takes ~20 ms
    with write_transaction():
        spent = (
            OneTimeCode.update(used_at=now)
            .where((OneTimeCode.id == row.id) & OneTimeCode.used_at.is_null())
            .execute()
        )
        if not spent:
            raise WrongCode(WRONG_CODE)  # another request used it a moment ago
        store_password(user, now)
        audit.log(actor.acting_as(user), "recuperacion", now, subject=user.email)
    forget_failures(user, now)
    notify_password_changed(user, "con un código enviado a su correo", now)
    return user
