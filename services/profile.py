"""The profile: personal data, e-mail change (confirmed by a link), password change, acting for
a legal person."""

from collections.abc import Mapping
from datetime import datetime

from db import write_transaction
from domain.states import IdentityStatus
from models import User, UserSession
from models.accounts import token_hash
from services import audit, limits
from services.accounts import (
    check_new_password,
    notify_password_changed,
    send_confirmation,
    store_password,
)
from services.actor import Actor
from services.notify import notify
from services.signin import forget_failures, open_session

# A verifier approved (or is judging) these names: changing them would void the verification.
NAMES_LOCKED = (IdentityStatus.PENDIENTE, IdentityStatus.APROBADA)
NAMES = ("names", "surnames")
CONTACT = ("phone", "address")
CURRENT_PASSWORD_TRIES = 10  # per account and hour: a stolen session is no password oracle
WRONG_CURRENT = "La contraseña actual no es correcta"
SAME_EMAIL = "Ese ya es su correo. Escriba el correo nuevo"


class WrongCurrentPassword(Exception):
    """The current password typed to confirm a change is not the account's."""


class SameEmail(Exception):
    """The "new" e-mail is the one the account has."""


class NamesLocked(Exception):
    """The names were verified (or are being verified) against the identity document."""


def names_locked(user: User) -> bool:
    return user.identity_status in NAMES_LOCKED


def update_profile(
    user: User, changes: Mapping[str, str], *, actor: Actor, now: datetime
) -> list[str]:
    """Save the person's names (unless names_locked), phone and address; which changed."""
    editable = CONTACT if names_locked(user) else NAMES + CONTACT
    if not set(changes) <= set(editable):
        if set(changes) <= set(NAMES + CONTACT):
            raise NamesLocked(
                "Sus nombres ya se verificaron con su documento: no se pueden cambiar aquí."
            )
        raise ValueError(f"not profile data: {sorted(set(changes) - set(NAMES + CONTACT))}")
    changed = [name for name, value in changes.items() if value != getattr(user, name)]
    for name, value in changes.items():
        setattr(user, name, value)
    user.full_name = f"{user.names} {user.surnames}".strip() or user.full_name
    with write_transaction():
        user.save(only=[User.names, User.surnames, User.full_name, User.phone, User.address])
        audit.log(actor, "perfil", now, subject=user.email, detail=", ".join(changed))
    return changed


def _check_current_password(user: User, password: str, actor: Actor, now: datetime) -> None:
    """TooMany past the account's hourly tries; WrongCurrentPassword if it is not `password`."""
    limits.check(
        f"current-password:{user.id}", CURRENT_PASSWORD_TRIES, 3600, limits.timestamp_of(now)
    )
    if not user.check_password(password):
        audit.log(actor, "contrasena_actual_incorrecta", now, subject=user.email)
        raise WrongCurrentPassword(WRONG_CURRENT)


def keep_new_address(user: User, address: str, *, actor: Actor, now: datetime) -> User | None:
    """Keep `address` pending for `user`, inside the caller's transaction; if another account
    has it, leave it and return that account (tell_new_address warns it after the commit)."""
    other = User.by_email(address)
    if other and other.id != user.id:
        audit.log(actor.acting_as(user), "cambio_de_correo_repetido", now, subject=address)
        return other
    User.update(pending_email=address).where(User.id == user.id).execute()
    user.pending_email = address
    return None


def tell_new_address(user: User, address: str, other: User | None) -> None:
    """Send `address` its confirmation link, or, when `other` has it, only a warning."""
    if other:
        notify(address, "email_in_use", user=other)
    else:
        send_confirmation(user, address)


def change_email(
    user: User, current_password: str, address: str, *, actor: Actor, now: datetime
) -> str:
    """Ask to move the account to `address` (it changes when its link is opened) and tell the
    old one; the new address. TooMany, WrongCurrentPassword, SameEmail."""
    _check_current_password(user, current_password, actor, now)
    address = address.strip().lower()
    if address == user.email:
        raise SameEmail(SAME_EMAIL)
    with write_transaction():
        other = keep_new_address(user, address, actor=actor, now=now)
        audit.log(actor, "cambio_de_correo_pedido", now, subject=user.email, detail=address)
    tell_new_address(user, address, other)
    notify(user.email, "email_change", user=user, new=address)
    return address


def change_password(
    user: User, current_password: str, password: str, *, actor: Actor, now: datetime
) -> bool:
    """Set a new password and end every sign-in, this one too; this device gets a fresh one
    (`user.session_token`), so a copy of the old cookie stops working here as well. Whether
    the fresh sign-in is remembered, as the old one was. TooMany, WrongCurrentPassword,
    WeakPassword."""
    _check_current_password(user, current_password, actor, now)
    check_new_password(user, password)
    this = UserSession.get_or_none(UserSession.token_hash == token_hash(user.session_token or ""))
    remember = bool(this and this.remember)
    user.set_password(password)  # argon2 outside the transaction: it takes ~20 ms
    with write_transaction():
        store_password(user, now)
        open_session(user, remember=remember, actor=actor, now=now)
        audit.log(actor, "cambio_de_contrasena", now, subject=user.email)
    forget_failures(user, now)
    notify_password_changed(user, "desde su perfil", now)
    return remember


def set_legal_person(user: User, ruc: str, name: str, *, actor: Actor, now: datetime) -> str:
    """Let the person act for the company or entity of `ruc` (checked by the form); its name
    as saved."""
    name = " ".join(name.split())
    with write_transaction():
        User.update(company_ruc=ruc, company_name=name).where(User.id == user.id).execute()
        audit.log(actor, "persona_juridica", now, subject=user.email, detail=f"RUC {ruc} {name}")
    user.company_ruc, user.company_name = ruc, name
    return name
