"""Filing a document from a phone with a real PDF, JavaScript on (the file uploads in pieces
as soon as it is chosen) and off (a plain multipart form), its fees worked out and paid by a
receipt the bank reported, down to the constancia's page."""

import re

import pytest
from playwright.sync_api import Page, expect

from app import create_app
from db import database
from domain.states import IdentityStatus
from tests.blueprints.identity_helpers import pdf
from tests.blueprints.receipt_helpers import pay
from tests.helpers import PASSWORD, citizen

pytestmark = pytest.mark.browser


def sign_in(page: Page, email: str) -> None:
    page.goto("/cuenta/ingresar")
    page.get_by_label("Correo electrónico o número de documento").fill(email)
    page.get_by_label("Contraseña").fill(PASSWORD)
    page.get_by_role("button", name="Ingresar").click()
    expect(page).not_to_have_url(re.compile(r"/ingresar"))


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_a_phone_files_a_document_with_a_real_pdf(open_phone, snap, live_server, javascript):
    variant = "js" if javascript else "nojs"
    email = f"presenta-{variant}@example.pe"
    create_app({"DATABASE_URL": live_server.database_url, "TESTING": True})
    document = "4400000" + ("1" if javascript else "2")
    with database.connection_context():
        citizen(email, document, identity_status=IdentityStatus.APROBADA)
        receipt = pay("31000" + document[-1], document=document)
    page = open_phone(javascript=javascript)
    sign_in(page, email)
    page.goto("/cuenta/")
    page.get_by_role("link", name="Presentar un documento").click()
    page.get_by_role("button", name="Empezar").click()

    expect(page.get_by_role("heading", name="Quién presenta")).to_be_visible()
    page.get_by_label("Celular o teléfono de contacto").fill("987654321")
    snap(page, f"tramite-{variant}-remitente")
    page.get_by_role("button", name="Continuar").click()

    expect(page.get_by_role("heading", name="El documento")).to_be_visible()
    page.get_by_label("Dependencia a la que dirige el documento").select_option(
        label="1.er Juzgado Especializado en lo Civil de Lima"
    )
    page.get_by_role("radio", name="Escrito").check()
    page.get_by_label("Número del documento").fill("SN")
    page.get_by_label("Número de expediente").fill("00123-2026-0-1801-JR-CI-01")
    page.get_by_label("Asunto").fill("Apersonamiento al proceso")
    snap(page, f"tramite-{variant}-documento")
    page.get_by_role("button", name="Continuar").click()

    expect(page.get_by_role("heading", name="Tasas judiciales")).to_be_visible()
    page.get_by_label("¿Qué pide su documento?").select_option(value="ofrecimiento_pruebas")
    page.get_by_label("Tipo de proceso").select_option(label="Civil")
    page.get_by_role("radio", name="Demandante").check()
    page.get_by_label("Cuantía del petitorio, en soles").fill("1000")
    page.get_by_role("button", name="Calcular las tasas").click()
    expect(page.get_by_role("heading", name=re.compile(r"Debe pagar S\W+55\.00"))).to_be_visible()
    page.get_by_label("Número de secuencia").fill(receipt.sequence)
    page.get_by_label("Fecha de pago").fill(receipt.paid_on.isoformat())
    page.get_by_label("Hora de pago").fill("10:30")
    page.get_by_label("El comprobante en PDF").set_input_files(
        {"name": "comprobante.pdf", "mimeType": "application/pdf", "buffer": pdf()}
    )
    page.get_by_role("button", name="Validar y agregar").click()
    expect(page.get_by_text("validado con el banco").first).to_be_visible()
    snap(page, f"tramite-{variant}-tasas")
    page.get_by_role("link", name="Continuar").click()

    expect(page.get_by_role("heading", name="Los archivos")).to_be_visible()
    if javascript:  # the pieces' client is loaded once the step arrives; wait for it to listen
        page.locator(".upload-progress").first.wait_for(state="attached")
    page.get_by_label("Documento principal (PDF)").set_input_files(
        {"name": "escrito.pdf", "mimeType": "application/pdf", "buffer": pdf()}
    )
    if javascript:  # sent at once, in pieces; the step comes back listing it
        listed = page.get_by_text(re.compile(r"Documento principal: escrito\.pdf"))
        expect(listed).to_be_visible(timeout=20_000)
    snap(page, f"tramite-{variant}-archivos")
    page.get_by_role("button", name="Continuar").click()

    expect(page.get_by_role("heading", name="Revise y presente")).to_be_visible()
    expect(page.get_by_text("Apersonamiento al proceso")).to_be_visible()
    page.get_by_label(re.compile("Acepto la política de privacidad")).check()
    snap(page, f"tramite-{variant}-revision")
    page.get_by_role("button", name="Presentar el documento").click()

    expect(page.get_by_role("heading", name=re.compile(r"Trámite \d{4}-\d{6}"))).to_be_visible()
    expect(page.get_by_role("link", name="escrito.pdf", exact=True)).to_be_visible()
    expect(page.get_by_text(f"{receipt.sequence} del")).to_be_visible()
    expect(page.get_by_text("Pendiente de validación.")).to_be_visible()
    snap(page, f"tramite-{variant}-constancia")
