"""The assistance desk on a phone, with JavaScript on and off: a person finds the form from the
home page, sends a reclamo and reads its number; the desk opens it, sees the days left,
answers it by e-mail and closes it after confirming."""

import email
import email.policy
import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from app import create_app
from db import database
from domain.roles import Role
from tests.browser.phone import pass_human_check
from tests.helpers import PASSWORD, staff

pytestmark = pytest.mark.browser

ANSWER = "Lamentamos lo ocurrido. Su cita quedó registrada y la jefatura revisará el caso."


def mail_to(outbox: Path, address: str, subject: str) -> str:
    for path in sorted(outbox.glob("*.eml"), reverse=True):
        message = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
        if message["To"] == address and message["Subject"].startswith(subject):
            return message.get_body(("plain",)).get_content()
    raise AssertionError(f"no '{subject}' mail for {address} in {outbox}")


def send_reclamo(page: Page, address: str, snap, variant: str) -> str:
    page.goto("/")
    page.get_by_role("link", name="Consultas, sugerencias y reclamos").first.click()
    expect(page.get_by_role("heading", name="Por esta vía no respondemos")).to_be_visible()
    page.get_by_role("radio", name="Reclamo").check()
    page.get_by_label("Nombres").fill("Rosa")
    page.get_by_label("Apellidos").fill("Quispe Mamani")
    page.get_by_role("radio", name="DNI", exact=True).check()
    page.get_by_label("Número de documento").fill("45678901")
    page.get_by_role("radio", name="Femenino").check()
    page.get_by_label("Edad").fill("41")
    page.get_by_label("Teléfono de contacto").fill("987654321")
    page.get_by_label("Correo electrónico de contacto").fill(address)
    page.get_by_label("Repita el correo electrónico").fill(address)
    page.get_by_label("Su consulta, sugerencia o reclamo").fill(
        "Tenía cita a las 9:00 y no me atendieron hasta las 11:30."
    )
    page.get_by_label(re.compile("Leí y acepto la política de privacidad")).check()
    pass_human_check(page)
    snap(page, f"asistencia-{variant}-formulario")
    page.get_by_role("button", name="Enviar el pedido").click()
    expect(page.get_by_role("heading", name="Recibimos su pedido", level=1)).to_be_visible()
    return re.search(r"AS-\d{4}-\d{6}", page.locator("main").inner_text()).group(0)


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_a_reclamo_sent_answered_and_closed(open_phone, snap, live_server, javascript):
    variant = "js" if javascript else "nojs"
    address, desk_email = f"rosa-{variant}@example.pe", f"atencion-{variant}@pj.gob.pe"
    create_app({"DATABASE_URL": live_server.database_url, "TESTING": True})
    with database.connection_context():
        staff(desk_email, Role.ATENCION)

    page = open_phone(javascript=javascript)
    number = send_reclamo(page, address, snap, variant)
    snap(page, f"asistencia-{variant}-enviado")
    assert number in mail_to(live_server.outbox, address, "Recibimos su pedido")

    desk = open_phone(javascript=javascript)
    desk.goto("/cuenta/ingresar")
    desk.get_by_label("Correo electrónico o número de documento").fill(desk_email)
    desk.get_by_label("Contraseña").fill(PASSWORD)
    desk.get_by_role("button", name="Ingresar").click()
    expect(desk).not_to_have_url(re.compile(r"/ingresar"))
    desk.get_by_role("link", name="Pedidos de asistencia").click()
    desk.get_by_label("Tipo").select_option("reclamo")
    desk.get_by_role("button", name="Filtrar").click()
    expect(desk).to_have_url(re.compile(r"tipo=reclamo"))
    snap(desk, f"asistencia-{variant}-lista")
    desk.get_by_role("link", name=number).click()
    expect(desk.locator("#claim-period")).to_contain_text("días hábiles")
    desk.get_by_label("Respuesta").fill(ANSWER)
    snap(desk, f"asistencia-{variant}-pedido")
    desk.get_by_role("button", name="Enviar la respuesta").click()
    expect(desk.get_by_text(f"Respuesta enviada a {address}")).to_be_visible()
    assert ANSWER in mail_to(live_server.outbox, address, "Respuesta a su pedido")

    desk.get_by_role("link", name="Cerrar el pedido").click()
    desk.get_by_role("button", name="Sí, cerrar el pedido").click()
    expect(desk.get_by_text(f"Pedido {number} cerrado.")).to_be_visible()
    expect(desk.get_by_role("button", name="Enviar la respuesta")).to_have_count(0)
    snap(desk, f"asistencia-{variant}-cerrado")
