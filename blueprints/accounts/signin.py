"""Signing in with throttling: progressive delays, a temporary lock, a per-address ceiling."""

from flask import request, session
from flask_login import login_user, logout_user

from domain import lockout
from models import User, UserSession
from models.accounts import HASHER
from services import audit, limits
from services.clock import timestamp, utc_now
from services.notify import notify

WRONG = "El correo, el documento o la contraseña no son correctos."


def client_address() -> str:
    return request.remote_addr or ""


def attempt(identifier: str, password: str) -> tuple[User | None, str]:
    """(user, "") when the password is right and the account may sign in; else (None, why)."""
    window = lockout.WINDOW_SECONDS
    if (
        limits.count(f"login-ip:{client_address()}", window, timestamp())
        >= lockout.PER_ADDRESS_FAILURES
    ):
        raise limits.TooMany("Hubo demasiados intentos desde esta conexión. Espere 15 minutos.")
    user = User.by_login(identifier)
    now = utc_now()
    if user and user.locked_until and now < user.locked_until:
        return None, lockout.wait_message(user.locked_until, now)
    if user is None:
        HASHER.hash(password)  # the same time as a wrong password: no account probing
    elif user.active and user.check_password(password):
        return user, ""
    limits.hit(f"login-ip:{client_address()}", window, timestamp())
    audit.record("ingreso_fallido", subject=identifier[:120], actor=user)
    if user:
        _count_failure(user, now)
    return None, WRONG


def failure_key(user: User) -> str:
    return f"login-user:{user.id}"


def forget_failures(user: User) -> None:
    """A right password, or a recovered account, starts counting failures again from zero."""
    limits.reset(failure_key(user), lockout.WINDOW_SECONDS, timestamp())
    User.update(locked_until=None).where(User.id == user.id).execute()


def _count_failure(user: User, now) -> None:
    failures = limits.hit(failure_key(user), lockout.WINDOW_SECONDS, timestamp())
    until = lockout.next_attempt_after(failures, now)
    if until:
        User.update(locked_until=until).where(User.id == user.id).execute()
    if lockout.is_lock(failures):
        user.end_all_sessions(now)
        audit.record("bloqueo", subject=user.email, actor=user, detail=f"{failures} intentos")
        notify(user.email, "account_locked", user=user, minutes=lockout.LOCK_MINUTES)


def sign_in(user: User, remember: bool) -> None:
    """Start a fresh session (no fixation) bound to a new, revocable sign-in."""
    now = utc_now()
    session.clear()
    UserSession.start(user, remember, now, client_address())
    login_user(user, remember=remember)
    forget_failures(user)
    User.update(last_login_at=now).where(User.id == user.id).execute()
    audit.record("ingreso", subject=user.email, actor=user)


def sign_out(user: User) -> None:
    UserSession.revoke(user.session_token, utc_now())
    logout_user()
    session.clear()
