"""One citizen's whole path, end to end through HTTP: register, confirm, sign in, recover the
password, verify identity, and a verifier approves it."""

import io
import re

from models import AuditEvent, User
from tests.helpers import PASSWORD, confirmation_link, human_answer, mails, register, sign_in
from tests.helpers import staff as make_staff

NEW_PASSWORD = "Otra-Clave-Segura-2027"
JPEG = b"\xff\xd8\xff\xe0" + b"\0" * 2048
WEBM = b"\x1a\x45\xdf\xa3\x9f\x42\x86\x81\x01\x42\xf7\x81\x01\x42\x82\x84webm" + b"\0" * 4096


def last_code(tmp_path) -> str:
    body = mails(tmp_path)[-1].get_body(("plain",)).get_content()
    return re.search(r"\b(\d{8})\b", body).group(1)


def test_register_confirm_sign_in_recover_verify_and_get_approved(app, client, db, tmp_path):
    assert register(client).status_code == 303
    client.get(confirmation_link(tmp_path))
    assert User.get().casillero

    assert sign_in(client).headers["Location"] == "/cuenta/"
    client.post("/cuenta/salir")

    page = client.get("/cuenta/recuperar")
    client.post("/cuenta/recuperar", data={"login": "45678901"} | human_answer(page.text))
    data = {
        "login": "45678901",
        "code": last_code(tmp_path),
        "password": NEW_PASSWORD,
        "password_confirm": NEW_PASSWORD,
    }
    assert client.post("/cuenta/recuperar/codigo", data=data).status_code == 303
    assert sign_in(client, password=PASSWORD).status_code == 200  # the old one is gone
    assert sign_in(client, password=NEW_PASSWORD).status_code == 303

    upload = {"document": (io.BytesIO(JPEG), "dni.jpg"), "video": (io.BytesIO(WEBM), "v.webm")}
    response = client.post("/cuenta/identidad", data=upload, content_type="multipart/form-data")
    assert response.status_code == 303
    assert User.get().identity_status == "pendiente"

    verifier = app.test_client()
    make_staff("verifica@corte.pe", "verificador")
    sign_in(verifier, login="verifica@corte.pe", password="Clave-Segura-2026")
    listing = verifier.get("/personal/verificaciones").text
    detail = re.search(r'href="(/personal/verificaciones/\d+)"', listing).group(1)
    with verifier.get(detail + "/documento") as document:
        assert document.data == JPEG
    verifier.post(detail + "/aprobar")

    assert User.get(User.email == "ana@example.pe").identity_status == "aprobada"
    assert "Aprobada" in client.get("/cuenta/").text
    assert mails(tmp_path)[-1]["To"] == "ana@example.pe"
    actions = {e.action for e in AuditEvent.select()}
    assert {
        "registro",
        "correo_confirmado",
        "ingreso",
        "ingreso_fallido",
        "recuperacion",
        "verificacion_enviada",
        "verificacion_aprobada",
    } <= actions
