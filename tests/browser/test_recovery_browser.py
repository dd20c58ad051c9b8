"""Recovery by personal data on a phone, with JavaScript on and off: the request, the identity
files from the link sent to the new address, a verifier's approval, the new password; and the
owner stopping another request from the link sent to the old address."""

import email
import email.policy
import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from app import create_app
from db import database
from domain.roles import Role
from tests.blueprints.identity_helpers import JPEG, MP4
from tests.browser.phone import pass_human_check
from tests.helpers import PASSWORD, citizen, staff

pytestmark = pytest.mark.browser

NEW_PASSWORD = "Otra-Clave-Nueva-77"


def prepare(live_server, variant: str, doc_number: str) -> dict:
    """A citizen and a verifier of their own in the live server's database."""
    person = {
        "email": f"rosa-{variant}@example.pe",
        "new_email": f"rosa-nueva-{variant}@example.pe",
        "doc_number": doc_number,
        "verifier": f"verifica-recuperacion-{variant}@pj.gob.pe",
    }
    create_app({"DATABASE_URL": live_server.database_url, "TESTING": True})
    with database.connection_context():
        citizen(person["email"], doc_number)
        staff(person["verifier"], Role.VERIFICADOR)
    return person


def link(outbox: Path, address: str, step: str) -> str:
    """The recovery link for `step` in the newest e-mail to `address` that has one."""
    for path in sorted(outbox.glob("*.eml"), reverse=True):
        message = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
        text = message.get_body(("plain",)).get_content()
        found = re.search(rf"https?://\S+/recuperar/datos/{step}/\S+", text)
        if message["To"] == address and found:
            return found.group(0)
    raise AssertionError(f"no {step} link for {address} in {outbox}")


def ask(page: Page, person: dict) -> None:
    page.goto("/cuenta/recuperar/datos")
    page.get_by_role("radio", name="DNI", exact=True).check()
    page.get_by_label("Número de documento").fill(person["doc_number"])
    page.get_by_label("Fecha de nacimiento").fill("17/05/1990")
    page.get_by_label("Nombres").fill("Ana María")
    page.get_by_label("Apellidos").fill("Quispe Mamani")
    page.get_by_label("Su correo nuevo").fill(person["new_email"])
    pass_human_check(page)
    page.get_by_role("button", name="Enviar el pedido").click()
    expect(page.get_by_role("heading", name="Revise su correo nuevo", level=1)).to_be_visible()


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_recovering_an_account_by_personal_data(open_phone, snap, live_server, javascript):
    variant = "js" if javascript else "nojs"
    person = prepare(live_server, variant, "41000001" if javascript else "41000002")
    page = open_phone(javascript=javascript)
    ask(page, person)
    snap(page, f"recuperar-{variant}-enviado")

    page.goto(link(live_server.outbox, person["new_email"], "identidad"))
    snap(page, f"recuperar-{variant}-identidad")
    page.get_by_label("Elija la foto o el PDF de su documento").set_input_files(
        {"name": "dni.jpg", "mimeType": "image/jpeg", "buffer": JPEG}
    )
    page.get_by_label("Elija el video").set_input_files(
        {"name": "video.mp4", "mimeType": "video/mp4", "buffer": MP4}
    )
    page.get_by_role("button", name="Enviar la verificación").click()
    expect(page.get_by_text("Recibimos su documento y su video")).to_be_visible()
    snap(page, f"recuperar-{variant}-en-revision")

    desk = open_phone(javascript=javascript)
    desk.goto("/cuenta/ingresar")
    desk.get_by_label("Correo electrónico o número de documento").fill(person["verifier"])
    desk.get_by_label("Contraseña").fill(PASSWORD)
    desk.get_by_role("button", name="Ingresar").click()
    expect(desk).not_to_have_url(re.compile(r"/ingresar"))
    desk.goto("/personal/verificaciones")
    desk.get_by_role("link", name="Ana María Quispe Mamani").last.click()
    expect(desk.get_by_text("Es para recuperar una cuenta")).to_be_visible()
    snap(desk, f"recuperar-{variant}-verificador")
    desk.get_by_role("button", name="Aprobar la recuperación").click()
    expect(desk.get_by_role("heading", name="Verificar identidades", level=1)).to_be_visible()

    page.goto(link(live_server.outbox, person["new_email"], "clave"))
    page.get_by_label("Contraseña nueva", exact=True).fill(NEW_PASSWORD)
    page.get_by_label("Repita la contraseña nueva").fill(NEW_PASSWORD)
    snap(page, f"recuperar-{variant}-clave")
    page.get_by_role("button", name="Guardar mi contraseña nueva").click()
    expect(page).to_have_url(re.compile(r"/cuenta/ingresar$"))
    page.get_by_label("Correo electrónico o número de documento").fill(person["new_email"])
    page.get_by_label("Contraseña").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Ingresar").click()
    expect(page).to_have_url(re.compile(r"/cuenta/$"))

    ask(open_phone(javascript=javascript), person | {"new_email": f"otro-{variant}@example.pe"})
    owner = open_phone(javascript=javascript)
    owner.goto(link(live_server.outbox, person["new_email"], "detener"))
    snap(owner, f"recuperar-{variant}-detener")
    owner.get_by_role("button", name="Detener la recuperación").click()
    expect(owner.get_by_text("Detuvimos la solicitud. Su cuenta sigue igual.")).to_be_visible()
    snap(owner, f"recuperar-{variant}-detenida")
