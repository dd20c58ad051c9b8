"""Signing in with throttling (progressive delays, a temporary lock, a per-address ceiling) and
signing out, here or everywhere.

A sign-in is a UserSession row: the cookie holds its token, and revoking the row ends it on
that device. The browser's side (Flask-Login's cookie, a fresh Flask session) stays with the
pages, which call these use cases.
"""

from datetime import datetime

from db import write_transaction
from domain import lockout
from models import User, UserSession
from models.accounts import HASHER
from services import audit, limits
from services.actor import Actor
from services.notify import notify

WRONG = "El correo, el documento o la contraseña no son correctos."
TOO_MANY_FROM_ADDRESS = "Hubo demasiados intentos desde esta conexión. Espere 15 minutos."


class SignInRefused(Exception):
    """A wrong password, or an account that must wait; the message says which."""


def sign_in(identifier: str, password: str, *, remember: bool, actor: Actor, now: datetime) -> User:
    """The user, signed in on a new revocable sign-in (`user.session_token`), when the
    password is right and the account may sign in; else SignInRefused. TooMany when this
    address failed too often, across every account."""
    window, timestamp = lockout.WINDOW_SECONDS, limits.timestamp_of(now)
    address_key = f"login-ip:{actor.address}"
    if limits.count(address_key, window, timestamp) >= lockout.PER_ADDRESS_FAILURES:
        raise limits.TooMany(TOO_MANY_FROM_ADDRESS)
    user = User.by_login(identifier)
    if user and user.locked_until and now < user.locked_until:
        raise SignInRefused(lockout.wait_message(user.locked_until, now))
    if user is None:
        HASHER.hash(password)  # the same time as a wrong password: no account probing
    elif user.active and user.check_password(password):
        start_session(user, remember=remember, actor=actor, now=now)
        return user
    limits.hit(address_key, window, timestamp)
    failures = limits.hit(failure_key(user), window, timestamp) if user else 0
    with write_transaction():
        audit.log(actor.acting_as(user), "ingreso_fallido", now, subject=identifier[:120])
        if user:
            _count_failure(user, failures, actor, now)
    if user and lockout.is_lock(failures):
        notify(user.email, "account_locked", user=user, minutes=lockout.LOCK_MINUTES)
    raise SignInRefused(WRONG)


def _count_failure(user: User, failures: int, actor: Actor, now: datetime) -> None:
    """Slow the account down after its `failures`-th failure; lock it at the limit."""
    until = lockout.next_attempt_after(failures, now)
    if until:
        User.update(locked_until=until).where(User.id == user.id).execute()
    if lockout.is_lock(failures):
        user.end_all_sessions(now)
        audit.log(
            actor.acting_as(user), "bloqueo", now, subject=user.email, detail=f"{failures} intentos"
        )


def failure_key(user: User) -> str:
    return f"login-user:{user.id}"


def forget_failures(user: User, now: datetime) -> None:
    """A right password, or a recovered account, starts counting failures again from zero (the
    writes that lift the lock itself go with the caller's transaction)."""
    limits.reset(failure_key(user), lockout.WINDOW_SECONDS, limits.timestamp_of(now))


def open_session(user: User, *, remember: bool, actor: Actor, now: datetime) -> None:
    """The writes of a new sign-in, inside the caller's transaction; `user.session_token` is
    its token. Forget the failed sign-ins after the commit."""
    UserSession.start(user, remember, now, actor.address)
    User.update(last_login_at=now, locked_until=None).where(User.id == user.id).execute()
    audit.log(actor.acting_as(user), "ingreso", now, subject=user.email)


def start_session(user: User, *, remember: bool, actor: Actor, now: datetime) -> None:
    """Sign `user` in on a new, revocable sign-in (its token: `user.session_token`)."""
    with write_transaction():
        open_session(user, remember=remember, actor=actor, now=now)
    forget_failures(user, now)


def sign_out(user: User, *, actor: Actor, now: datetime) -> None:
    """End this sign-in (`user.session_token`) only."""
    with write_transaction():
        audit.log(actor, "salida", now, subject=user.email)
        UserSession.revoke(user.session_token, now)


def sign_out_everywhere(user: User, *, actor: Actor, now: datetime) -> int:
    """End every sign-in of `user`, this one too: copied cookies stop working. How many."""
    with write_transaction():
        ended = user.end_all_sessions(now)
        audit.log(actor, "salida_de_todos", now, subject=user.email)
    return ended
