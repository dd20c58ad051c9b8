"""The administrator's staff screens: the list, creating staff, roles, deactivating."""

import re

import pytest
from bs4 import BeautifulSoup

from models import User, UserSession
from services.clock import utc_now
from tests.blueprints.admin_helpers import NEW_PERSON, events
from tests.helpers import HX, human_answer, mails, sign_in
from tests.helpers import staff as make_staff


def me() -> User:
    return User.by_email("admin@corte.pe")


# --- menu and list ----------------------------------------------------------------------


def test_the_staff_home_offers_the_admin_screens_to_administrators_only(app, admin):
    home = admin.get("/personal/").text
    for label in ("Personal y roles", "Registro de auditoría", "Política de contraseñas"):
        assert label in home
    make_staff("mesa@corte.pe", "mesa_de_partes")
    clerk = app.test_client()
    sign_in(clerk, "mesa@corte.pe")
    assert "Personal y roles" not in clerk.get("/personal/").text


def test_the_list_shows_staff_with_roles_and_state_but_no_citizens(admin):
    make_staff("verifica@corte.pe", "verificador notificador")
    User.update(active=False).where(User.email == "verifica@corte.pe").execute()
    User.create(email="ana@example.pe", full_name="Ana", password_hash="x", created_at=utc_now())
    page = admin.get("/personal/usuarios").text
    assert "verifica@corte.pe" in page and "Verificador, Notificador" in page
    assert "Desactivada" in page and "Reactivar" in page
    assert "admin@corte.pe" in page and "(usted)" in page
    assert "ana@example.pe" not in page


def test_the_list_is_a_whole_page_or_only_its_block_for_htmx(admin):
    page = admin.get("/personal/usuarios")
    fragment = admin.get("/personal/usuarios", headers=HX)
    assert "<html" in page.text and "<html" not in fragment.text
    assert fragment.text.split("\n", 1)[1].lstrip().startswith('<section id="admin">')
    assert "HX-Request" in fragment.headers["Vary"]


# --- creating staff ---------------------------------------------------------------------


def test_creating_staff_saves_the_roles_and_emails_a_way_to_choose_a_password(admin, tmp_path):
    response = admin.post("/personal/usuarios/nuevo", data=NEW_PERSON | {"password": "Mia-2026!"})
    assert response.status_code == 303 and response.headers["Location"] == "/personal/usuarios"
    person = User.by_email("rosa.quispe@pj.gob.pe")
    assert person.is_staff and person.roles == "verificador" and person.full_name == "Rosa Quispe"
    assert person.active and not person.check_password("Mia-2026!")
    assert events("personal_creado")[0].subject == "rosa.quispe@pj.gob.pe"
    assert "Le enviamos un correo a rosa.quispe@pj.gob.pe" in admin.get("/personal/usuarios").text
    welcome = mails(tmp_path)[-1]
    body = welcome.get_body(("plain",)).get_content()
    assert welcome["To"] == "rosa.quispe@pj.gob.pe"
    assert "http://localhost/cuenta/recuperar" in body and "el rol: Verificador" in body


def test_the_new_staff_member_chooses_a_password_with_a_recovery_code(app, admin, tmp_path):
    admin.post("/personal/usuarios/nuevo", data=NEW_PERSON)
    newcomer = app.test_client()
    page = newcomer.get("/cuenta/recuperar")
    login = {"login": "rosa.quispe@pj.gob.pe"}
    newcomer.post("/cuenta/recuperar", data=login | human_answer(page.text))
    code_mail = mails(tmp_path)[-1].get_body(("plain",)).get_content()
    code = re.search(r"^\s+(\d{8})$", code_mail, re.M).group(1)
    chosen = {"password": "Clave-Nueva-2026", "password_confirm": "Clave-Nueva-2026"}
    newcomer.post("/cuenta/recuperar/codigo", data=login | {"code": code} | chosen)
    response = sign_in(newcomer, "rosa.quispe@pj.gob.pe", "Clave-Nueva-2026")
    assert response.headers["Location"] == "/personal/"


def test_creating_staff_through_htmx_follows_to_the_list(admin):
    response = admin.post(
        "/personal/usuarios/nuevo", data=NEW_PERSON, headers=HX, follow_redirects=True
    )
    assert "<html" not in response.text and '<section id="admin">' in response.text
    assert "Creamos la cuenta de Rosa Quispe" in response.text


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"email": ""}, "Escriba el correo de la persona"),
        ({"email": "rosa@"}, "Escriba un correo válido"),
        ({"full_name": ""}, "Escriba el nombre completo"),
        ({"roles": []}, "Elija al menos un rol"),
        ({"roles": ["rey"]}, "Elija los roles de la lista"),
        ({"email": "admin@corte.pe"}, "Ya existe una cuenta con ese correo"),
    ],
)
def test_creating_staff_explains_each_problem(admin, changes, message):
    response = admin.post("/personal/usuarios/nuevo", data=NEW_PERSON | changes)
    assert response.status_code == 200 and message in response.text
    assert "<title>Error: " in response.text
    assert User.select().count() == 1


def test_several_roles_are_kept_in_a_fixed_order(admin):
    data = NEW_PERSON | {"roles": ["verificador", "administrador"]}
    admin.post("/personal/usuarios/nuevo", data=data)
    assert User.by_email("rosa.quispe@pj.gob.pe").roles == "administrador verificador"


def test_every_role_is_offered_once_a_screen_opens_for_it(admin):
    """A role is offered with what it opens today: the notificador since the casilla's
    screens, the atención role since the assistance desk's."""
    page = BeautifulSoup(admin.get("/personal/usuarios/nuevo").text, "html.parser")
    offered = [box["value"] for box in page.select("input[name=roles]")]
    assert offered == ["administrador", "mesa_de_partes", "verificador", "notificador", "atencion"]
    assert "escritos presentados" not in page.text
    assert "comprobantes de pago" in page.text
    assert "casillas electrónicas" in page.text


def test_the_assistance_desk_role_is_offered_with_what_it_opens(admin):
    page = BeautifulSoup(admin.get("/personal/usuarios/nuevo").text, "html.parser")
    label = page.select_one("input[name=roles][value=atencion]").find_next("label").text
    assert "Atención al usuario" in label and "pedidos de asistencia" in label
    data = NEW_PERSON | {"roles": ["atencion"]}
    assert admin.post("/personal/usuarios/nuevo", data=data).status_code == 303
    assert User.by_email("rosa.quispe@pj.gob.pe").roles == "atencion"


def test_someone_who_already_holds_such_a_role_keeps_it_when_roles_are_saved(admin):
    person = make_staff("notifica@corte.pe", "verificador notificador")
    page = admin.get(f"/personal/usuarios/{person.id}/roles").text
    assert re.search(r'value="notificador" checked', page)
    admin.post(
        f"/personal/usuarios/{person.id}/roles", data={"roles": ["verificador", "notificador"]}
    )
    assert User.get_by_id(person.id).roles == "verificador notificador"


# --- roles ------------------------------------------------------------------------------


def test_changing_roles_records_before_and_after(admin):
    person = make_staff("verifica@corte.pe", "verificador")
    page = admin.get(f"/personal/usuarios/{person.id}/roles")
    assert re.search(r'value="verificador" checked', page.text)
    response = admin.post(
        f"/personal/usuarios/{person.id}/roles", data={"roles": ["mesa_de_partes", "verificador"]}
    )
    assert response.status_code == 303 and response.headers["Location"] == "/personal/usuarios"
    assert User.get_by_id(person.id).roles == "mesa_de_partes verificador"
    (event,) = events("rol_cambiado")
    assert event.subject == "verifica@corte.pe" and event.actor_id == me().id
    assert event.detail == "antes: verificador; después: mesa_de_partes verificador"


def test_a_new_role_opens_its_screens_at_the_next_page(app, admin):
    person = make_staff("verifica@corte.pe", "verificador")
    colleague = app.test_client()
    sign_in(colleague, "verifica@corte.pe")
    assert colleague.get("/personal/citas").status_code == 403
    admin.post(f"/personal/usuarios/{person.id}/roles", data={"roles": ["mesa_de_partes"]})
    assert colleague.get("/personal/citas").status_code == 200


def test_saving_the_same_roles_records_nothing(admin):
    person = make_staff("verifica@corte.pe", "verificador")
    admin.post(f"/personal/usuarios/{person.id}/roles", data={"roles": ["verificador"]})
    assert events("rol_cambiado") == []


def test_an_administrator_cannot_remove_their_own_administrator_role(admin):
    response = admin.post(f"/personal/usuarios/{me().id}/roles", data={"roles": ["verificador"]})
    assert response.status_code == 200
    assert "No puede quitarse su propio rol de administrador" in response.text
    assert me().roles == "administrador" and events("rol_cambiado") == []


def test_an_administrator_may_add_roles_to_themselves(admin):
    admin.post(
        f"/personal/usuarios/{me().id}/roles", data={"roles": ["administrador", "verificador"]}
    )
    assert me().roles == "administrador verificador"


def test_removing_every_role_is_refused(admin):
    person = make_staff("verifica@corte.pe", "verificador")
    response = admin.post(f"/personal/usuarios/{person.id}/roles", data={"roles": []})
    assert "Elija al menos un rol" in response.text
    assert User.get_by_id(person.id).roles == "verificador"


def test_citizens_and_unknown_ids_are_not_staff_users(admin):
    citizen = User.create(
        email="ana@example.pe", full_name="Ana", password_hash="x", created_at=utc_now()
    )
    for user_id in (citizen.id, 999999):
        assert admin.get(f"/personal/usuarios/{user_id}/roles").status_code == 404
        assert admin.post(f"/personal/usuarios/{user_id}/desactivar").status_code == 404
    assert User.get_by_id(citizen.id).active


# --- deactivating -----------------------------------------------------------------------


def test_deactivating_asks_first_then_ends_every_sign_in(app, admin):
    person = make_staff("verifica@corte.pe", "verificador")
    colleague = app.test_client()
    sign_in(colleague, "verifica@corte.pe")
    assert colleague.get("/personal/").status_code == 200
    page = admin.get(f"/personal/usuarios/{person.id}/desactivar")
    assert "¿Desactivar la cuenta de Rosa Quispe?" in page.text and User.get_by_id(person.id).active
    response = admin.post(f"/personal/usuarios/{person.id}/desactivar")
    assert response.status_code == 303
    assert not User.get_by_id(person.id).active
    assert colleague.get("/personal/").status_code == 302
    assert (
        UserSession.select()
        .where((UserSession.user == person.id) & UserSession.revoked_at.is_null())
        .count()
        == 0
    )
    refused = sign_in(app.test_client(), "verifica@corte.pe")
    assert "no son correctos" in refused.text
    assert events("personal_desactivado")[0].subject == "verifica@corte.pe"
    assert "Desactivamos la cuenta de Rosa Quispe" in admin.get("/personal/usuarios").text


def test_reactivating_lets_the_person_sign_in_again(app, admin):
    person = make_staff("verifica@corte.pe", "verificador")
    admin.post(f"/personal/usuarios/{person.id}/desactivar")
    response = admin.post(f"/personal/usuarios/{person.id}/reactivar")
    assert response.status_code == 303 and User.get_by_id(person.id).active
    assert sign_in(app.test_client(), "verifica@corte.pe").status_code == 303
    assert len(events("personal_reactivado")) == 1


def test_an_administrator_cannot_deactivate_themselves(admin):
    for method in (admin.get, admin.post):
        response = method(f"/personal/usuarios/{me().id}/desactivar", follow_redirects=True)
        assert "No puede desactivar su propia cuenta" in response.text
    assert me().active and events("personal_desactivado") == []
    assert admin.get("/personal/usuarios").status_code == 200
