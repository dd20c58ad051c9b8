"""Staff administration as use cases: the actor and the clock passed in, no request."""

import pytest

from domain.passwords import WeakPassword
from domain.roles import Role
from models import AuditEvent, Setting, User, UserSession
from services.actor import SYSTEM, Actor
from services.clock import utc_now
from services.staff_users import (
    EmailTaken,
    StaffRefusal,
    change_password_policy,
    change_roles,
    check_can_deactivate,
    create_staff_user,
    deactivate_staff,
    password_policy,
    reactivate_staff,
)
from tests.helpers import mails
from tests.helpers import staff as make_staff

ADMIN, DESK, VERIFY = Role.ADMINISTRADOR.value, Role.MESA_DE_PARTES.value, Role.VERIFICADOR.value


def events(action: str) -> list[AuditEvent]:
    return list(AuditEvent.select().where(AuditEvent.action == action).order_by(AuditEvent.id))


@pytest.fixture
def admin(app, db):
    with app.app_context():  # the welcome mail is rendered with the app's templates
        yield Actor(make_staff("admin@corte.pe", ADMIN), "10.0.0.5")


def test_a_new_staff_user_gets_no_password_and_a_welcome_mail(admin, tmp_path):
    person = create_staff_user(
        " Rosa.Quispe@PJ.gob.pe ", "  Rosa   Quispe ", [VERIFY, DESK], actor=admin, now=utc_now()
    )
    stored = User.get(User.email == "rosa.quispe@pj.gob.pe")
    assert stored.id == person.id and stored.is_staff and stored.full_name == "Rosa Quispe"
    assert stored.roles == f"{DESK} {VERIFY}"  # in the order of Role
    [event] = events("personal_creado")
    assert (event.actor_label, event.ip, event.subject) == (
        "admin@corte.pe",
        "10.0.0.5",
        "rosa.quispe@pj.gob.pe",
    )
    [welcome] = mails(tmp_path)
    body = welcome.get_body(("plain",)).get_content()
    assert welcome["To"] == "rosa.quispe@pj.gob.pe" and "Rosa Quispe creó su cuenta" in body


def test_a_staff_user_with_a_password_must_pass_the_policy_and_gets_no_mail(admin, tmp_path):
    with pytest.raises(WeakPassword):
        create_staff_user(
            "mesa@corte.pe", "Luis", [DESK], password="corto", actor=SYSTEM, now=utc_now()
        )
    person = create_staff_user(
        "mesa@corte.pe", "Luis", [DESK], password="Clave-Segura-2026", actor=SYSTEM, now=utc_now()
    )
    assert person.check_password("Clave-Segura-2026") and not mails(tmp_path)
    assert events("personal_creado")[0].actor is None


def test_an_email_already_in_use_is_refused(admin, tmp_path):
    with pytest.raises(EmailTaken, match="Ya existe una cuenta con ese correo"):
        create_staff_user("ADMIN@corte.pe", "Otra", [DESK], actor=admin, now=utc_now())
    assert User.select().count() == 1 and not events("personal_creado") and not mails(tmp_path)


def test_roles_change_and_are_audited_only_when_they_differ(admin):
    person = make_staff("mesa@corte.pe", DESK)
    assert change_roles(person, [VERIFY, DESK], actor=admin, now=utc_now())
    assert User.get_by_id(person.id).roles == f"{DESK} {VERIFY}"
    assert not change_roles(User.get_by_id(person.id), [DESK, VERIFY], actor=admin, now=utc_now())
    [event] = events("rol_cambiado")
    assert event.detail == f"antes: {DESK}; después: {DESK} {VERIFY}"


def test_an_administrator_cannot_remove_their_own_administrador_role(admin):
    with pytest.raises(StaffRefusal, match="No puede quitarse su propio rol de administrador"):
        change_roles(admin.user, [DESK], actor=admin, now=utc_now())
    assert User.get_by_id(admin.user.id).roles == ADMIN and not events("rol_cambiado")


def test_deactivating_ends_every_session_and_reactivating_lets_them_in(admin):
    person = make_staff("mesa@corte.pe", DESK)
    UserSession.start(person, False, utc_now(), "10.0.0.8")
    UserSession.start(person, True, utc_now(), "10.0.0.9")
    assert deactivate_staff(person, actor=admin, now=utc_now()) == 2
    assert not User.get_by_id(person.id).active
    assert not UserSession.select().where(UserSession.revoked_at.is_null()).exists()
    assert events("personal_desactivado")[0].detail == "sesiones: 2"
    with pytest.raises(StaffRefusal, match="ya estaba desactivada"):
        deactivate_staff(User.get_by_id(person.id), actor=admin, now=utc_now())

    assert reactivate_staff(User.get_by_id(person.id), actor=admin, now=utc_now())
    assert not reactivate_staff(User.get_by_id(person.id), actor=admin, now=utc_now())
    assert User.get_by_id(person.id).active and len(events("personal_reactivado")) == 1


def test_nobody_deactivates_their_own_account(admin):
    with pytest.raises(StaffRefusal, match="No puede desactivar su propia cuenta"):
        check_can_deactivate(admin.user, admin)
    with pytest.raises(StaffRefusal, match="No puede desactivar su propia cuenta"):
        deactivate_staff(admin.user, actor=admin, now=utc_now())
    assert User.get_by_id(admin.user.id).active and not events("personal_desactivado")


def test_the_password_policy_changes_and_is_audited_only_when_it_differs(admin):
    assert password_policy() == "asvs"  # ASVS's by default; seed 001's is a setting
    assert change_password_policy("seed001", actor=admin, now=utc_now())
    assert not change_password_policy("seed001", actor=admin, now=utc_now())
    assert Setting.read("password_policy", "") == "seed001" == password_policy()
    [event] = events("politica_cambiada")
    assert event.detail == "antes: asvs; después: seed001"
