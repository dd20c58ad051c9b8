"""Password recovery: by a one-time e-mailed code, or by personal data (seed 003, b).

Both answer the same whether or not an account exists, count requests per address and per
account across workers, never sign the person in, end every sign-in and e-mail the account.

Asking for a code costs a request the same work whether or not the account exists (one
look-up, the rate limits, one audit row, one job queued; the job makes and e-mails the code),
so the answer's timing tells nobody which e-mails or documents have an account.
"""

import hashlib
import hmac
import logging
import secrets
from datetime import date, datetime, timedelta

from flask import current_app
from itsdangerous import BadSignature, URLSafeTimedSerializer

from db import write_transaction
from domain.names import names_match
from domain.passwords import WeakPassword
from models import OneTimeCode, User
from models.security import UsedToken
from services import audit, jobs, limits
from services.accounts import check_new_password, notify_password_changed, store_password
from services.actor import Actor
from services.clock import utc_now
from services.notify import notify, public_url
from services.profile import keep_new_address, tell_new_address
from services.signin import forget_failures

log = logging.getLogger("ventanilla.mail")

PURPOSE = "recuperar"
CODE_MINUTES = 30
MAX_TRIES = 5  # wrong codes before a code is dead
REQUESTS_PER_ADDRESS = 5  # per hour, for each way of recovering
REQUESTS_PER_ACCOUNT = 3  # per hour: codes e-mailed, or personal-data attempts
GUESSES_PER_ADDRESS = 30  # per hour: codes typed, across every account
DATA_MINUTES = 10  # how long matching personal data lets the person set a new password
SENT = (
    "Si los datos corresponden a una cuenta, le enviamos un código de 8 números a su correo. "
    f"Vence en {CODE_MINUTES} minutos."
)
WRONG_CODE = "El código no es correcto o ya venció. Revíselo o pida un código nuevo"
NO_MATCH = (
    "Los datos no coinciden con los de una cuenta. Revíselos tal como figuran en su documento "
    "y vuelva a intentarlo"
)


class WrongCode(Exception):
    """The code is not the account's live one (wrong, expired, used, or out of tries)."""


class NoMatch(Exception):
    """The personal data match no active account."""


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


# --- by personal data ---------------------------------------------------------------------


def _data_signer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.secret_key, salt="recuperar-por-datos")


def _fingerprint(user: User) -> str:
    """Changes with the password, so a pass from matching data dies once it is used."""
    return hashlib.sha256(user.password_hash.encode()).hexdigest()[:32]


def _matching_account(doc_type, doc_number, birth_date, names, surnames) -> User | None:
    user = User.by_document(doc_type, doc_number)
    if not user or not user.active or user.birth_date != birth_date:
        return None
    return user if names_match((names, surnames), (user.names, user.surnames)) else None


def match_personal_data(
    doc_type: str,
    doc_number: str,
    birth_date: date,
    names: str,
    surnames: str,
    *,
    actor: Actor,
    now: datetime,
) -> str:
    """A pass, good for DATA_MINUTES, to set a new password for the active account these data
    are of; NoMatch if they are no account's. TooMany past the address's or the document's
    hourly limit."""
    document = f"{doc_type} {doc_number}"
    timestamp = limits.timestamp_of(now)
    limits.check(f"recover-data-ip:{actor.address}", REQUESTS_PER_ADDRESS, 3600, timestamp)
    limits.check(f"recover-data-doc:{document}", REQUESTS_PER_ACCOUNT, 3600, timestamp)
    user = _matching_account(doc_type, doc_number, birth_date, names, surnames)
    if user:
        return _data_signer().dumps({"id": user.id, "pw": _fingerprint(user)})
    owner = User.by_document(doc_type, doc_number)
    audit.log(actor.acting_as(owner), "recuperacion_por_datos_fallida", now, subject=document)
    raise NoMatch(NO_MATCH)


def account_of_pass(data_pass: str) -> User | None:
    """The active account a pass from match_personal_data names, while it is fresh and unused."""
    try:
        data = _data_signer().loads(data_pass or "", max_age=DATA_MINUTES * 60)
    except BadSignature:  # includes SignatureExpired
        return None
    user = User.get_or_none(User.id == data["id"])
    if user and user.active and hmac.compare_digest(_fingerprint(user), data["pw"]):
        return user
    return None


def recover_by_data(
    user: User,
    password: str,
    *,
    new_phone: str = "",
    new_email: str = "",
    actor: Actor,
    now: datetime,
) -> bool:
    """Set the new password of the account whose data matched (account_of_pass), and a new
    phone or e-mail (confirmed by a link) if given; end every sign-in and tell the old address
    everything that changed. WeakPassword; False when the pass was used a moment ago."""
    check_new_password(user, password)
    if not UsedToken.use(f"datos:{_fingerprint(user)}", now + timedelta(days=1)):
        return False
    old_email = user.email
    user.set_password(password)  # argon2 outside the transaction: it takes ~20 ms
    changes = ["Se cambió su contraseña y se cerraron todas sus sesiones."]
    address = (new_email or "").strip().lower()
    other = None
    with write_transaction():
        store_password(user, now)
        if new_phone and new_phone != user.phone:
            User.update(phone=new_phone).where(User.id == user.id).execute()
            changes.append(f"Su celular ahora es {new_phone}.")
        if address and address != old_email:
            other = keep_new_address(user, address, actor=actor, now=now)
            changes.append(
                f"Se pidió cambiar su correo a {address}. Cambiará cuando se abra el enlace que "
                "enviamos a esa dirección."
            )
        audit.log(
            actor.acting_as(user),
            "recuperacion_por_datos",
            now,
            subject=old_email,
            detail=" ".join(changes),
        )
    forget_failures(user, now)
    if address and address != old_email:
        tell_new_address(user, address, other)
    notify(old_email, "recovered_by_data", user=user, changes=changes)
    return True
