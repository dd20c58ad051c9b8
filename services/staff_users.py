"""Staff users: creating them (with the welcome mail), their roles, deactivating and
reactivating them, and the password policy. From the administrator's pages and the CLI."""

import secrets
from collections.abc import Iterable
from datetime import datetime

import peewee

from db import write_transaction
from domain.passwords import DEFAULT_POLICY, check_password
from domain.roles import Role
from models import Court, Setting, User
from services import audit
from services.actor import Actor
from services.notify import notify


class StaffRefusal(Exception):
    """The administrator's request is refused; the message says what to do instead."""


class EmailTaken(StaffRefusal):
    pass


def password_policy() -> str:
    """The policy new passwords must pass (domain.passwords.POLICIES)."""
    return Setting.read("password_policy", DEFAULT_POLICY)


def ordered(roles: Iterable[str]) -> str:
    """The roles as User.roles stores them: space-separated, in the order of Role."""
    return " ".join(role for role in Role if role in roles)


def create_staff_user(
    email: str,
    full_name: str,
    roles: Iterable[str],
    *,
    actor: Actor,
    now: datetime,
    password: str | None = None,
) -> User:
    """A new staff account. With no `password` (the pages) nobody learns one: the newcomer gets
    a welcome mail and sets it through the recovery code. With one (the CLI) it must pass the
    policy (domain.passwords.WeakPassword) and no mail is sent. EmailTaken for a known e-mail."""
    email = email.strip().lower()
    taken = EmailTaken("Ya existe una cuenta con ese correo. Use otro correo")
    if User.by_email(email):
        raise taken
    if password is not None:
        check_password(password, password_policy(), (email,))
    person = User(
        email=email,
        full_name=" ".join(full_name.split()),
        roles=ordered(roles),
        is_staff=True,
        created_at=now,
    )
    person.set_password(password if password is not None else secrets.token_urlsafe(32))
    try:
        with write_transaction():
            person.save()
            audit.log(
                actor, "personal_creado", now, subject=person.email, detail=f"roles: {person.roles}"
            )
    except peewee.IntegrityError:  # the same e-mail saved a moment ago
        raise taken from None
    if password is None:
        notify(
            person.email,
            "staff_welcome",
            person=person,
            court=Court.current(),
            roles=[Role.label_of(role) for role in person.roles.split()],
            admin=actor.user,
        )
    return person


def change_roles(person: User, roles: Iterable[str], *, actor: Actor, now: datetime) -> bool:
    """Give `person` exactly `roles`; False when they had them already. Nobody removes their
    own administrador role (someone must be left to give it back)."""
    after = ordered(roles)
    if _is_self(person, actor) and Role.ADMINISTRADOR not in after.split():
        raise StaffRefusal(
            "No puede quitarse su propio rol de administrador. Pida a otro administrador "
            "que lo haga"
        )
    if after == person.roles:
        return False
    with write_transaction():
        User.update(roles=after).where(User.id == person.id).execute()
        audit.log(
            actor,
            "rol_cambiado",
            now,
            subject=person.email,
            detail=f"antes: {person.roles or '-'}; después: {after}",
        )
    return True


def check_can_deactivate(person: User, actor: Actor) -> None:
    """StaffRefusal unless `actor` may deactivate `person` now (asked before confirming)."""
    if _is_self(person, actor):
        raise StaffRefusal(
            "No puede desactivar su propia cuenta. Pida a otro administrador que lo haga."
        )
    if not person.active:
        raise StaffRefusal(f"La cuenta de {person.full_name} ya estaba desactivada.")


def deactivate_staff(person: User, *, actor: Actor, now: datetime) -> int:
    """Stop `person` signing in and end every sign-in they have; returns how many ended."""
    check_can_deactivate(person, actor)
    with write_transaction():
        User.update(active=False).where(User.id == person.id).execute()
        ended = person.end_all_sessions(now)
        audit.log(
            actor, "personal_desactivado", now, subject=person.email, detail=f"sesiones: {ended}"
        )
    return ended


def reactivate_staff(person: User, *, actor: Actor, now: datetime) -> bool:
    """Let `person` sign in again with their password; False when they could already."""
    if person.active:
        return False
    with write_transaction():
        User.update(active=True).where(User.id == person.id).execute()
        audit.log(actor, "personal_reactivado", now, subject=person.email)
    return True


def change_password_policy(policy: str, *, actor: Actor, now: datetime) -> bool:
    """Apply `policy` to passwords created from now on; False when it was already the one."""
    before = password_policy()
    if policy == before:
        return False
    with write_transaction():
        Setting.write("password_policy", policy)
        audit.log(
            actor,
            "politica_cambiada",
            now,
            subject="password_policy",
            detail=f"antes: {before}; después: {policy}",
        )
    return True


def _is_self(person: User, actor: Actor) -> bool:
    return actor.user is not None and person.id == actor.user.id
