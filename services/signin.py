"""Signing in with throttling, and signing out, here or everywhere.

Failed sign-ins slow down, then lock, the account for strangers only (OWASP's "slow brute
force protection using device cookies"): a browser that signed in to the account before
carries a signed device cookie and keeps an allowance of its own, so an attacker who locks
the account from elsewhere does not lock its owner out, and a lock ends no sign-in. Failures
are counted in a sliding window (services.limits.record), with no edge to straddle. An
e-mail or number without an account is slowed down and locked exactly like one with an
account, so the answers tell nobody which accounts exist.

A sign-in is a UserSession row: the cookie holds its token, and revoking the row ends it on
that device. The browser's side (Flask-Login's cookie, a fresh Flask session, the device
cookie) stays with the pages, which call these use cases.
"""

import hashlib
import hmac
import secrets
from datetime import datetime, timedelta

from flask import current_app
from itsdangerous import BadSignature, URLSafeTimedSerializer

from db import write_transaction
from domain import lockout
from models import User, UserSession
from models.accounts import HASHER
from services import audit, limits
from services.actor import Actor
from services.clock import EPOCH
from services.notify import notify

WRONG = "El correo, el documento o la contraseña no son correctos."
TOO_MANY_FROM_ADDRESS = "Hubo demasiados intentos desde esta conexión. Espere 15 minutos."
DEVICE_COOKIE = "dispositivo"
DEVICE_DAYS = 365


class SignInRefused(Exception):
    """A wrong password, or an account that must wait; the message says which."""


def sign_in(
    identifier: str,
    password: str,
    *,
    remember: bool,
    actor: Actor,
    now: datetime,
    device: str | None = None,
) -> User:
    """The user, signed in on a new revocable sign-in (`user.session_token`), when the
    password is right and the account may sign in from here; else SignInRefused. TooMany
    when this address failed too often, across every account.

    `device`: the device cookie, if the browser has one (see device_token). A document number
    that two kinds of document share (a passport with someone's DNI digits) names two
    accounts: the password decides which one signs in.
    """
    window, moment = lockout.WINDOW_SECONDS, limits.timestamp_of(now)
    address_key = f"login-ip:{actor.address}"
    if limits.recent(address_key, window, moment)[0] >= lockout.PER_ADDRESS_FAILURES:
        raise limits.TooMany(TOO_MANY_FROM_ADDRESS)
    known_device = _device(device)
    candidates = [
        (user, _counter(user, known_device)) for user in User.all_by_login(identifier)
    ] or [(None, _unknown_counter(identifier))]
    waits = [_held_until(counter, now) for _, counter in candidates]
    trying = [pair for pair, wait in zip(candidates, waits, strict=True) if wait is None]
    if not trying:
        raise SignInRefused(lockout.wait_message(min(waits), now))
    for user, counter in trying:
        # The hash is checked before `active`: a deactivated account answers in the same time.
        if user and user.check_password(password) and user.active:
            start_session(user, remember=remember, actor=actor, now=now)
            limits.forget(counter)
            return user
    if trying[0][0] is None:
        HASHER.hash(password)  # the time a wrong password takes: no account probing
    limits.record(address_key, window, moment)
    locked = []
    for user, counter in trying:
        failures = limits.record(counter, window, moment)
        if user and lockout.is_lock(failures):
            locked.append((user, counter))
    only = candidates[0][0] if len(candidates) == 1 else None
    with write_transaction():
        audit.log(actor.acting_as(only), "ingreso_fallido", now, subject=identifier[:120])
        for user, counter in locked:
            where = "un dispositivo conocido" if counter.startswith("login-device:") else "otros"
            audit.log(
                actor.acting_as(user),
                "bloqueo",
                now,
                subject=user.email,
                detail=f"{lockout.LOCK_AFTER} intentos desde {where}",
            )
    for user, counter in locked:
        if counter == failure_key(user):  # a known device locking only itself tells no one
            notify(user.email, "account_locked", user=user, minutes=lockout.LOCK_MINUTES)
    raise SignInRefused(WRONG)


def _held_until(counter: str, now: datetime) -> datetime | None:
    """Until when `counter`'s failures make it wait (None: it may try now)."""
    failures, latest = limits.recent(counter, lockout.WINDOW_SECONDS, limits.timestamp_of(now))
    if not failures:
        return None
    until = lockout.next_attempt_after(failures, EPOCH + timedelta(seconds=latest))
    return until if until and now < until else None


def _counter(user: User, known_device: tuple[int, str] | None) -> str:
    """Where `user`'s failures from here count: the device's own, if it signed in to this
    account before; else the one all strangers share."""
    if known_device and known_device[0] == user.id:
        return f"login-device:{known_device[1]}"
    return failure_key(user)


def _unknown_counter(identifier: str) -> str:
    """Failures for an e-mail or number with no account, counted as an account's would be."""
    # Keyed, so the counters do not keep a guessable hash of what people typed.
    key, text = current_app.secret_key.encode(), User.login_key(identifier).encode()
    return f"login-name:{hmac.new(key, text, hashlib.sha256).hexdigest()[:32]}"


def failure_key(user: User) -> str:
    return f"login-user:{user.id}"


def forget_failures(user: User, now: datetime) -> None:
    """A recovered account, or a new password, starts counting strangers' failures again from
    zero (the caller proved it is the owner)."""
    limits.forget(failure_key(user))


# --- the device cookie ----------------------------------------------------------------------


def _device_signer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.secret_key, salt="dispositivo")


def device_token(user: User) -> str:
    """A device cookie for the browser `user` just signed in with: signed, naming the account
    and a random nonce that counts this device's own failures."""
    return _device_signer().dumps({"user": user.id, "nonce": secrets.token_urlsafe(12)})


def _device(token: str | None) -> tuple[int, str] | None:
    """(account id, nonce) of a device cookie we issued and that has not expired."""
    if not token:
        return None
    try:
        data = _device_signer().loads(token, max_age=DEVICE_DAYS * 86400)
        return int(data["user"]), str(data["nonce"])
    except (BadSignature, KeyError, TypeError, ValueError):
        return None


# --- sessions -------------------------------------------------------------------------------


def open_session(user: User, *, remember: bool, actor: Actor, now: datetime) -> None:
    """The writes of a new sign-in, inside the caller's transaction; `user.session_token` is
    its token."""
    UserSession.start(user, remember, now, actor.address)
    User.update(last_login_at=now).where(User.id == user.id).execute()
    audit.log(actor.acting_as(user), "ingreso", now, subject=user.email)


def start_session(user: User, *, remember: bool, actor: Actor, now: datetime) -> None:
    """Sign `user` in on a new, revocable sign-in (its token: `user.session_token`)."""
    with write_transaction():
        open_session(user, remember=remember, actor=actor, now=now)


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
