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
from domain.passwords import DEFAULT_POLICY, check_password, problems
from models import Court, OneTimeCode, User
from models.accounts import HASHER
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
    return Setting.read("password_policy", DEFAULT_POLICY)


def password_words(doc_number: str | None, email: str) -> tuple[str, ...]:
    """Words a password must not contain: the person's document, e-mail and the site's name."""
    return (doc_number or "", email, email.split("@")[0], "ventanilla")


def password_problems(password: str, doc_number: str | None, email: str) -> list[str]:
    """Everything `password` must change to be used by the person with this document and
    e-mail (none: it may be used), so a form can show them with its other errors."""
    return problems(password, password_policy(), password_words(doc_number, email))


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
    limit; WeakPassword for a password the policy refuses.

    Both ways do the same costly work (the password's hash, both look-ups, one transaction, one
    queued e-mail), so how long the answer takes does not tell who has an account either.
    """
    limits.check(
        f"register-ip:{actor.address}", REGISTRATIONS_PER_HOUR, 3600, limits.timestamp_of(now)
    )
    email = applicant.email.strip().lower()
    check_password(
        applicant.password, password_policy(), password_words(applicant.doc_number, email)
    )
    password_hash = HASHER.hash(applicant.password)  # ~20 ms, outside the transaction
    existing = _holder(email, applicant)
    if existing is None:
        user = User(
            email=email,
            password_hash=password_hash,
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
        try:
            with write_transaction():
                user.save()
                audit.log(actor.acting_as(user), "registro", now, subject=user.email)
        except IntegrityError:  # another request took the e-mail or the document meanwhile
            existing = _holder(email, applicant)
            if existing is None:
                raise
            if _same_request(existing, email, applicant):
                return  # a double click: the first click's e-mail is on its way
        else:
            send_confirmation(user, user.email)
            return
    with write_transaction():
        audit.log(actor.acting_as(existing), "registro_repetido", now, subject=email)
    notify(existing.email, "already_registered", user=existing)


def _holder(email: str, applicant: NewAccount) -> User | None:
    """The account that has this e-mail or this document; both looked up every time."""
    by_email = User.by_email(email)
    by_document = User.by_document(applicant.doc_type, applicant.doc_number)
    return by_email or by_document


def _same_request(user: User, email: str, applicant: NewAccount) -> bool:
    """Whether `user` is the account this very registration opened a moment ago (clicked
    twice, sent again by a slow network), rather than someone's earlier account."""
    return (
        not user.email_confirmed
        and user.email == email
        and (user.doc_type, user.doc_number) == (applicant.doc_type, applicant.doc_number)
        and user.check_password(applicant.password)
    )


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
    codes. Inside the caller's transaction; hash before it (argon2 takes ~20 ms), and forget
    the failed sign-ins, which lifts a lock, after it (services.signin.forget_failures)."""
    User.update(password_hash=user.password_hash).where(User.id == user.id).execute()
    OneTimeCode.update(expires_at=now).where(
        (OneTimeCode.user == user.id) & OneTimeCode.used_at.is_null()
    ).execute()
    user.end_all_sessions(now, keep=keep)


def notify_password_changed(user: User, how: str, now: datetime) -> None:
    """Tell the owner their password changed, when (the court's time) and how."""
    when = stamp(Court.current().local_time(now))
    notify(user.email, "password_changed", user=user, how=how, when=when)
