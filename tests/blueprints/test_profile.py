"""The profile: personal data, e-mail change, password change and acting for a legal person."""

import re

import pytest

from models import AuditEvent, User, UserSession
from tests.helpers import HX, PASSWORD, confirmation_link, mails, register, sign_in

NEW_PASSWORD = "Otra-Clave-Nueva-77"
PAGES = [
    ("/cuenta/perfil", "profile"),
    ("/cuenta/perfil/correo", "email-form"),
    ("/cuenta/perfil/contrasena", "password-form"),
    ("/cuenta/perfil/empresa", "company-form"),
]
PROFILE = {
    "names": "Ana Lucía",
    "surnames": "Quispe Mamani",
    "phone": "912 345 678",
    "address": "Av. Abancay 459, Lima",
}


@pytest.fixture
def ana(client, db, tmp_path):
    """A citizen with a confirmed e-mail, signed in; returns the client."""
    register(client)
    client.get(confirmation_link(tmp_path))
    sign_in(client)
    return client


def link_in(message) -> str:
    body = message.get_body(("plain",)).get_content()
    return re.search(r"http://localhost(/cuenta/confirmar/\S+)", body).group(1)


@pytest.mark.parametrize(("url", "element"), PAGES)
def test_each_profile_page_is_whole_without_htmx_and_a_fragment_with_it(ana, url, element):
    page = ana.get(url)
    fragment = ana.get(url, headers=HX)
    assert page.status_code == fragment.status_code == 200
    assert "<html" in page.text and "<html" not in fragment.text
    assert re.match(rf"<title>[^<]+</title>\s*<section id=\"{element}\"", fragment.text)
    assert "HX-Request" in page.headers["Vary"]


@pytest.mark.parametrize(("url", "element"), PAGES)
def test_profile_pages_send_anonymous_people_to_sign_in(client, db, url, element):
    for response in (client.get(url), client.post(url, data={})):
        assert response.status_code == 302 and "/cuenta/ingresar" in response.headers["Location"]


def test_the_profile_shows_casillero_identity_and_links_from_the_account(ana, db):
    page = ana.get("/cuenta/perfil").text
    user = User.get()
    assert user.casillero and user.casillero in page
    assert "Sin verificar" in page and "Actúa como persona natural" in page
    assert 'href="/cuenta/perfil"' in ana.get("/cuenta/").text


def test_editing_personal_data_saves_it(ana, db):
    response = ana.post("/cuenta/perfil", data=PROFILE)
    assert response.status_code == 303 and response.headers["Location"] == "/cuenta/perfil"
    user = User.get()
    assert (user.names, user.full_name) == ("Ana Lucía", "Ana Lucía Quispe Mamani")
    assert (user.phone, user.address) == ("912345678", "Av. Abancay 459, Lima")
    assert "Guardamos sus datos" in ana.get("/cuenta/perfil").text
    assert AuditEvent.get(AuditEvent.action == "perfil").detail == "names, phone, address"


def test_an_htmx_edit_gets_the_profile_fragment_back(ana, db):
    response = ana.post("/cuenta/perfil", data=PROFILE, headers=HX, follow_redirects=True)
    assert re.match(r"<title>Mi perfil[^<]*</title>\s*<section id=\"profile\"", response.text)
    assert "Guardamos sus datos" in response.text


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"names": ""}, "Escriba sus nombres"),
        ({"surnames": "Quispe 2"}, "Apellidos: escriba solo letras"),
        ({"phone": "12"}, "Escriba un celular de 9 dígitos"),
        ({"address": "x" * 201}, "200 caracteres como máximo"),
    ],
)
def test_invalid_personal_data_is_explained_and_not_saved(ana, db, changes, message):
    response = ana.post("/cuenta/perfil", data=PROFILE | changes, headers=HX)
    assert response.status_code == 200 and response.text.count(message) == 2
    assert "<title>Error:" in response.text
    assert User.get().phone == "987654321"


def test_a_verified_identity_keeps_its_names(ana, db):
    User.update(identity_status="aprobada").execute()
    page = ana.get("/cuenta/perfil").text
    assert 'name="names"' not in page and "Ana María" in page
    assert ana.post("/cuenta/perfil", data=PROFILE).status_code == 303
    user = User.get()
    assert user.names == "Ana María" and user.phone == "912345678"


def test_changing_the_email_waits_for_the_new_address_to_confirm(ana, db, tmp_path):
    wrong = ana.post(
        "/cuenta/perfil/correo", data={"email": "nueva@example.pe", "current_password": "Mala-1!"}
    )
    assert "La contraseña actual no es correcta" in wrong.text
    assert User.get().pending_email is None

    data = {"email": "Nueva@Example.pe", "current_password": PASSWORD}
    response = ana.post("/cuenta/perfil/correo", data=data)
    assert response.headers["Location"] == "/cuenta/perfil"
    user = User.get()
    assert user.email == "ana@example.pe" and user.pending_email == "nueva@example.pe"
    assert "Cambiará a nueva@example.pe" in ana.get("/cuenta/perfil").text
    link_mail, notice = mails(tmp_path)[-2:]
    assert link_mail["To"] == "nueva@example.pe"
    assert notice["To"] == "ana@example.pe" and "nueva@example.pe" in notice.get_content()

    ana.get(link_in(link_mail))
    user = User.get()
    assert user.email == "nueva@example.pe" and user.pending_email is None
    ana.post("/cuenta/salir")
    assert sign_in(ana, login="nueva@example.pe").status_code == 303


def test_the_current_address_is_not_a_change(ana, db):
    data = {"email": "ana@example.pe", "current_password": PASSWORD}
    response = ana.post("/cuenta/perfil/correo", data=data)
    assert "Ese ya es su correo" in response.text


def test_another_accounts_address_is_not_taken_and_its_owner_is_told(app, ana, db, tmp_path):
    other = app.test_client()
    register(other, email="luis@example.pe", doc_number="40000001")
    data = {"email": "luis@example.pe", "current_password": PASSWORD}
    response = ana.post("/cuenta/perfil/correo", data=data)
    assert response.headers["Location"] == "/cuenta/perfil"  # the same answer as a free one
    assert User.by_email("ana@example.pe").pending_email is None
    warning = next(
        m for m in mails(tmp_path) if m["To"] == "luis@example.pe" and "otra" in m["Subject"]
    )
    assert "ya es el de su cuenta" in warning.get_content()


def test_changing_the_password_keeps_this_device_and_ends_the_others(app, ana, db, tmp_path):
    other_device = app.test_client()
    sign_in(other_device)
    data = {"current_password": "Mala-Clave-1", "password": NEW_PASSWORD}
    response = ana.post("/cuenta/perfil/contrasena", data=data | {"password_confirm": NEW_PASSWORD})
    assert "La contraseña actual no es correcta" in response.text
    assert other_device.get("/cuenta/").status_code == 200

    copied = ana.get_cookie("session").value
    data = {"current_password": PASSWORD, "password": NEW_PASSWORD}
    response = ana.post("/cuenta/perfil/contrasena", data=data | {"password_confirm": NEW_PASSWORD})
    assert response.headers["Location"] == "/cuenta/perfil"
    assert ana.get("/cuenta/").status_code == 200
    assert other_device.get("/cuenta/").status_code == 302
    thief = app.test_client()  # a copy of this device's cookie from before the change
    thief.set_cookie("session", copied)
    assert thief.get("/cuenta/").status_code == 302
    assert UserSession.select().where(UserSession.revoked_at.is_null()).count() == 1
    assert mails(tmp_path)[-1]["Subject"] == "Su contraseña fue cambiada"
    assert AuditEvent.select().where(AuditEvent.action == "cambio_de_contrasena").count() == 1
    ana.post("/cuenta/salir")
    assert sign_in(ana).status_code == 200
    assert sign_in(ana, password=NEW_PASSWORD).status_code == 303


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("corta", "al menos 12 caracteres"),
        ("Ana45678901!", "número de documento"),
        ("Password1!", "más usadas"),
    ],
)
def test_a_new_password_must_follow_the_policy(ana, db, password, message):
    data = {"current_password": PASSWORD, "password": password, "password_confirm": password}
    response = ana.post("/cuenta/perfil/contrasena", data=data)
    assert response.status_code == 200 and message in response.text
    ana.post("/cuenta/salir")
    assert sign_in(ana).status_code == 303


@pytest.mark.parametrize("ruc", ["20131312955", "20100047218", "20 1313 1295-5"])
def test_a_valid_ruc_lets_the_person_act_for_a_company(ana, db, ruc):
    data = {"ruc": ruc, "company_name": "  Corporación   Andina SAC "}
    response = ana.post("/cuenta/perfil/empresa", data=data)
    assert response.headers["Location"] == "/cuenta/perfil"
    user = User.get()
    assert user.company_ruc == ruc.replace(" ", "").replace("-", "")
    assert user.company_name == "Corporación Andina SAC"
    page = ana.get("/cuenta/perfil").text
    assert "Corporación Andina SAC" in page and f"RUC {user.company_ruc}" in page
    assert AuditEvent.get(AuditEvent.action == "persona_juridica").detail.startswith("RUC 20")


@pytest.mark.parametrize(
    ("ruc", "message"),
    [
        ("", "Escriba el RUC de la empresa o entidad"),
        ("2013131295", "El RUC tiene 11 dígitos"),
        ("30131312955", "El RUC empieza por 10, 15, 16, 17 o 20"),
        ("20131312954", "revise el último dígito"),
        ("10456789019", "Ese RUC es de una persona natural"),
    ],
)
def test_an_invalid_ruc_is_explained_precisely(ana, db, ruc, message):
    data = {"ruc": ruc, "company_name": "Corporación Andina SAC"}
    response = ana.post("/cuenta/perfil/empresa", data=data, headers=HX)
    assert response.status_code == 200 and response.text.count(message) == 2
    assert User.get().company_ruc is None
