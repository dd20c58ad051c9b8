"""Password recovery by personal data (seed 003, b), through HTTP."""

import re

import pytest

from models import AuditEvent, User
from services.recovery import NO_MATCH, REQUESTS_PER_ACCOUNT
from tests.blueprints.recovery_helpers import NEW_PASSWORD, signed_in
from tests.helpers import HX, confirmation_link, human_answer, mails, register, sign_in

DATA = {
    "doc_type": "DNI",
    "doc_number": "45678901",
    "birth_date": "17/05/1990",
    "names": "Ana María",
    "surnames": "Quispe Mamani",
}


@pytest.fixture
def citizen(client, db, tmp_path):
    """A registered citizen with a confirmed e-mail; returns the client, not signed in."""
    register(client)
    client.get(confirmation_link(tmp_path))
    return client


def send_data(client, **changes):
    page = client.get("/cuenta/recuperar/datos")
    return client.post("/cuenta/recuperar/datos", data=DATA | human_answer(page.text) | changes)


def reset(client, **changes):
    data = {"password": NEW_PASSWORD, "password_confirm": NEW_PASSWORD} | changes
    return client.post("/cuenta/recuperar/datos/nueva-contrasena", data=data)


def test_matching_data_lets_the_person_set_a_password_and_new_contact_data(
    app, citizen, db, tmp_path
):
    other_device = app.test_client()
    sign_in(other_device)
    response = send_data(citizen, names="ANA MARIA", surnames="  quispe   mamaní ")
    assert response.headers["Location"] == "/cuenta/recuperar/datos/nueva-contrasena"
    page = citizen.get(response.headers["Location"])
    assert "a•••@example.pe" in page.text and "ana@example.pe" not in page.text
    fragment = citizen.get(response.headers["Location"], headers=HX)
    assert re.match(r"<title>[^<]+</title>\s*<section id=\"reset-form\"", fragment.text)

    response = reset(citizen, new_email="Ana.Nueva@Example.pe", new_phone="912 345 678")
    assert response.headers["Location"] == "/cuenta/ingresar"
    user = User.get()
    assert user.email == "ana@example.pe" and user.pending_email == "ana.nueva@example.pe"
    assert user.phone == "912345678"
    assert not signed_in(citizen) and not signed_in(other_device)
    assert sign_in(citizen, password=NEW_PASSWORD).status_code == 303

    link_mail, notice = mails(tmp_path)[-2:]
    assert link_mail["To"] == "ana.nueva@example.pe"
    assert notice["To"] == "ana@example.pe"
    body = notice.get_body(("plain",)).get_content()
    assert "contraseña" in body and "912345678" in body and "ana.nueva@example.pe" in body
    assert AuditEvent.get(AuditEvent.action == "recuperacion_por_datos").actor == user

    link = re.search(r"http://localhost(/cuenta/confirmar/\S+)", link_mail.get_content()).group(1)
    citizen.get(link)
    assert User.get().email == "ana.nueva@example.pe" and User.get().pending_email is None


def test_only_a_new_password_leaves_the_contact_data_alone(citizen, db, tmp_path):
    send_data(citizen)
    assert reset(citizen).headers["Location"] == "/cuenta/ingresar"
    user = User.get()
    assert user.pending_email is None and user.phone == "987654321"
    assert mails(tmp_path)[-1]["To"] == "ana@example.pe"


@pytest.mark.parametrize(
    "changes",
    [
        {"birth_date": "18/05/1990"},
        {"names": "Ana"},
        {"surnames": "Quispe Mamani de Pérez"},
        {"doc_number": "45678902"},  # no account has it
    ],
)
def test_a_mismatch_gets_one_message_that_names_no_datum(citizen, db, changes):
    response = send_data(citizen, **changes)
    assert response.status_code == 200 and NO_MATCH in response.text
    assert "<title>Error:" in response.text
    assert citizen.get("/cuenta/recuperar/datos/nueva-contrasena").status_code == 303


def test_the_new_password_page_needs_matching_data_first(client, db):
    response = client.get("/cuenta/recuperar/datos/nueva-contrasena")
    assert response.headers["Location"] == "/cuenta/recuperar/datos"
    assert reset(client).headers["Location"] == "/cuenta/recuperar/datos"


def test_the_pass_from_matching_data_works_once(app, citizen, db):
    send_data(citizen)
    copied = citizen.get_cookie("session").value
    assert reset(citizen).headers["Location"] == "/cuenta/ingresar"
    replay = app.test_client()
    replay.set_cookie("session", copied)
    again = reset(replay, password="Tercera-Clave-99", password_confirm="Tercera-Clave-99")
    assert again.headers["Location"] == "/cuenta/recuperar/datos"
    assert sign_in(citizen, password=NEW_PASSWORD).status_code == 303


def test_the_new_password_follows_the_policy(citizen, db):
    send_data(citizen)
    response = reset(citizen, password="corta", password_confirm="corta")
    assert "al menos 12 caracteres" in response.text
    response = reset(citizen, new_phone="12")
    assert "Escriba un celular de 9 dígitos" in response.text
    assert sign_in(citizen).status_code == 303  # nothing changed


def test_personal_data_attempts_are_limited_per_document(citizen, db, still_clock):
    for _ in range(REQUESTS_PER_ACCOUNT):
        send_data(citizen, birth_date="01/01/1990")
    response = send_data(citizen)  # right data, but too many tries
    assert "Hizo demasiados intentos" in response.text
    assert (
        AuditEvent.select().where(AuditEvent.action == "recuperacion_por_datos_fallida").count()
        == REQUESTS_PER_ACCOUNT
    )
