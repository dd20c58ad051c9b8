"""The casilla on a phone: a notifier issues a notification from the staff pages, and its
addressee sees the unread count, opens it and downloads the proof, with JavaScript on and off."""

import pytest
from playwright.sync_api import Page, expect

from app import create_app
from db import database
from domain.roles import Role
from tests.blueprints.casilla_helpers import addressee
from tests.blueprints.identity_helpers import pdf
from tests.helpers import PASSWORD, staff

pytestmark = pytest.mark.browser


def sign_in(page: Page, login: str) -> None:
    page.goto("/cuenta/ingresar")
    page.get_by_label("Correo electrónico o número de documento").fill(login)
    page.get_by_label("Contraseña", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Ingresar").click()
    expect(page.get_by_role("button", name="Salir")).to_be_visible()


def sign_out(page: Page) -> None:
    page.get_by_role("button", name="Salir").click()
    expect(page.get_by_role("link", name="Ingresar")).to_be_visible()


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_opening_a_notification_and_downloading_its_proof(
    open_phone, snap, live_server, javascript
):
    variant = "js" if javascript else "nojs"
    doc, casillero = ("42000001", "300001") if javascript else ("42000002", "300002")
    create_app({"DATABASE_URL": live_server.database_url, "TESTING": True})
    with database.connection_context():
        addressee(email=f"casilla-{variant}@example.pe", doc_number=doc, casillero=casillero)
        staff(f"notifica-{variant}@pj.gob.pe", Role.NOTIFICADOR)

    page = open_phone(javascript=javascript)
    sign_in(page, f"notifica-{variant}@pj.gob.pe")
    page.goto("/personal/notificaciones/nueva")
    page.get_by_label("Destinatarios").fill(casillero)
    page.get_by_label("Número de expediente").fill("00123-2026-0-1801-JR-CI-01")
    page.get_by_label("Número de la resolución o del acto").fill("7")
    page.get_by_label("Fecha de la resolución").fill("01/12/2026")
    page.get_by_label("Sumilla").fill("Se declara fundada la demanda.")
    page.get_by_label("Documento (PDF, hasta 20 MB)").set_input_files(
        {"name": "sentencia.pdf", "mimeType": "application/pdf", "buffer": pdf()}
    )
    snap(page, f"casilla-{variant}-preparar")
    page.get_by_role("button", name="Ver la vista previa").click()
    expect(page.get_by_role("heading", name="Vista previa", exact=False)).to_be_visible()
    page.get_by_role("button", name="Emitir la notificación").click()
    expect(page.get_by_text("Notificación emitida.")).to_be_visible()
    snap(page, f"casilla-{variant}-emitida")
    sign_out(page)

    sign_in(page, f"casilla-{variant}@example.pe")
    expect(page.locator("#casilla-link .count")).to_have_text("1")
    page.locator("#casilla-link").click()
    snap(page, f"casilla-{variant}-bandeja")
    page.get_by_role("link", name="Exp. 00123-2026-0-1801-JR-CI-01").click()
    expect(page.get_by_text("Se declara fundada la demanda.")).to_be_visible()
    expect(page.locator("#casilla-link .count")).to_have_count(0)  # opened: no longer unread
    snap(page, f"casilla-{variant}-abierta")
    with page.expect_download() as download:
        page.get_by_role("link", name="Descargar la constancia de notificación (PDF)").click()
    assert download.value.path().read_bytes().startswith(b"%PDF")
    assert download.value.suggested_filename.startswith("constancia-")
