"""Opening an account, confirming its e-mail address, and what every change of password shares.

Registering answers the same whether or not the e-mail or the document already has an account:
the owner of an existing one gets an e-mail instead, so the page tells nobody who is registered.
"""

from dataclasses import dataclass
from datetime import date, datetime

from flask import current_app
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from peewee import IntegrityError

from db import write_transaction
from domain.clock import stamp
from domain.passwords import check_password
from models import Court, OneTimeCode, User
from models.security import Setting
from services import audit, limits
from services.actor import Actor
from services.notify import notify

CONFIRM_HOURS = 48
REGISTRATIONS_PER_HOUR = 10  # per address
RESENDS_PER_HOUR = 5  # per address


class ConfirmationFailed(Exception):
    """A confirmation link that cannot confirm anything."""


class LinkExpired(ConfirmationFailed):
    """The link is older than CONFIRM_HOURS."""


class LinkInvalid(ConfirmationFailed):
    """Not a link we made, or one for an address the account no longer has."""


class AddressTaken(ConfirmationFailed):
    """Another account confirmed the new address in the meantime."""


@dataclass(frozen=True)
class NewAccount:
    """What a person types to open an account."""

    email: str
    doc_type: str
    doc_number: str
    birth_date: date
    names: str
    surnames: str
    phone: str
    password: str


def password_policy() -> str:
    """The policy (a key of domain.passwords.POLICIES) an administrator chose."""
    return Setting.read("password_policy", "seed001")


def password_words(doc_number: str | None, email: str) -> tuple[str, ...]:
    """Words a password must not contain: the person's document, e-mail and the site's name."""
    return (doc_number or "", email, email.split("@")[0], "ventanilla")


def check_new_password(user: User, password: str) -> None:
    """Raise WeakPassword (its message says what to change) unless `password` may be used."""
    check_password(password, password_policy(), password_words(user.doc_number, user.email))


def _signer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.secret_key, salt="confirmar-correo")


def send_confirmation(user: User, address: str) -> None:
    """E-mail `address` the link that confirms it for `user`."""
    token = _signer().dumps({"id": user.id, "email": address})
    notify(address, "confirm_email", user=user, token=token, hours=CONFIRM_HOURS)


def register(applicant: NewAccount, *, actor: Actor, now: datetime) -> None:
    """Open the account and e-mail its confirmation link; if the e-mail or the document has an
    account already, tell that account's owner instead. TooMany past the address's hourly
    limit; WeakPassword for a password the policy refuses."""
    limits.check(
        f"register-ip:{actor.address}", REGISTRATIONS_PER_HOUR, 3600, limits.timestamp_of(now)
    )
    email = applicant.email
    words = password_words(applicant.doc_number, email)
    check_password(applicant.password, password_policy(), words)
    existing = User.by_email(email) or User.by_document(applicant.doc_type, applicant.doc_number)
    if existing:
        audit.log(actor.acting_as(existing), "registro_repetido", now, subject=email.lower())
        notify(existing.email, "already_registered", user=existing)
        return
    user = User(
        email=email.strip().lower(),
        doc_type=applicant.doc_type,
        doc_number=applicant.doc_number,
        birth_date=applicant.birth_date,
        names=" ".join(applicant.names.split()),
        surnames=" ".join(applicant.surnames.split()),
        phone=applicant.phone,
        created_at=now,
        privacy_accepted_at=now,
    )
    user.full_name = f"{user.names} {user.surnames}"
    user.set_password(applicant.password)  # argon2 outside the transaction: it takes ~20 ms
    with write_transaction():
        user.save()
        audit.log(actor.acting_as(user), "registro", now, subject=user.email)
    send_confirmation(user, user.email)


def confirm_email(token: str, *, actor: Actor, now: datetime) -> User:
    """Mark the link's address confirmed (a new one replaces the old) and give the casillero.

    LinkExpired, LinkInvalid, or AddressTaken when another account took the new address in
    the meantime.
    """
    try:
        data = _signer().loads(token, max_age=CONFIRM_HOURS * 3600)
    except SignatureExpired:
        raise LinkExpired("El enlace venció. Pida uno nuevo.") from None
    except BadSignature:
        raise LinkInvalid("El enlace no es válido. Cópielo completo del correo.") from None
    user = User.get_or_none(User.id == data["id"])
    address = data["email"]
    if user is None or address not in (user.email, user.pending_email):
        raise LinkInvalid("El enlace no es válido. Cópielo completo del correo.")
    changes = {User.email_confirmed_at: now, User.pending_email: None}
    if address != user.email:
        changes[User.email] = address
    if not user.casillero:
        changes[User.casillero] = f"{100000 + user.id}"
    try:
        with write_transaction():
            User.update(changes).where(User.id == user.id).execute()
    except IntegrityError:
        raise AddressTaken("Otra cuenta ya usa ese correo.") from None
    audit.log(actor.acting_as(user), "correo_confirmado", now, subject=address)
    return user


def resend_confirmation(email: str, *, actor: Actor, now: datetime) -> None:
    """E-mail the confirmation link again if `email` names an unconfirmed account; the same
    answer either way. TooMany past the address's hourly limit."""
    limits.check(f"resend-ip:{actor.address}", RESENDS_PER_HOUR, 3600, limits.timestamp_of(now))
    user = User.by_email(email)
    if user and not user.email_confirmed:
        send_confirmation(user, user.email)


def store_password(user: User, now: datetime, keep: str | None = None) -> None:
    """Save the hash `user.set_password` made, end every sign-in but `keep`, spend recovery
    codes, lift a lock. Inside the caller's transaction; hash before it (argon2 takes ~20 ms),
    and forget the failed sign-ins after it (services.signin.forget_failures)."""
    User.update(password_hash=user.password_hash, locked_until=None).where(
        User.id == user.id
    ).execute()
    OneTimeCode.update(expires_at=now).where(
        (OneTimeCode.user == user.id) & OneTimeCode.used_at.is_null()
    ).execute()
    user.end_all_sessions(now, keep=keep)


def notify_password_changed(user: User, how: str, now: datetime) -> None:
    """Tell the owner their password changed, when (the court's time) and how."""
    when = stamp(Court.current().local_time(now))
    notify(user.email, "password_changed", user=user, how=how, when=when)
