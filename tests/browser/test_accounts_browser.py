"""An account on a phone, with JavaScript on and off: register, confirm, sign in, sign out.

The app runs under gunicorn (see conftest.py) and writes e-mails to its outbox; the test
opens the confirmation link from the .eml file as a citizen would from their mail app.
An administrator's screens get one pass on the same phone.
"""

import email
import email.policy
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.browser.phone import assert_fits_phone_width, pass_human_check
from tests.live_server import app_env

pytestmark = pytest.mark.browser

PASSWORD = "Clave-Segura-2026"
HUMAN_CHECK_SECONDS = 3.2  # the server refuses forms filled faster than 3 s (a bot's pace)
REPO = Path(__file__).resolve().parent.parent.parent

# One person per test: all tests share the live server's database.
LUCIA = {
    "doc_number": "42345678",
    "names": "Lucía",
    "surnames": "Ñahui Poma",
    "birth_date": "03/08/1985",
    "email": "lucia@example.pe",
    "phone": "987111222",
}
PEDRO = {**LUCIA, "doc_number": "43456789", "names": "Pedro", "email": "pedro@example.pe"}


# --- fixtures ---------------------------------------------------------------------------


@pytest.fixture
def snap(screenshot_dir, request):
    """A full-page screenshot named after the test, once the page fits the phone's width."""
    taken = []
    words = request.node.originalname.removeprefix("test_").split("_")[:3]
    variant = request.node.callspec.id if hasattr(request.node, "callspec") else ""
    test = "-".join([*words, variant]).strip("-")

    def snap(page: Page, name: str) -> None:
        assert_fits_phone_width(page, name)
        path = screenshot_dir / f"cuenta-{test}-{len(taken) + 1:02d}-{name}.png"
        page.screenshot(path=path, full_page=True, caret="initial")
        taken.append(path)

    return snap


# --- helpers ----------------------------------------------------------------------------


def fill_registration(page: Page, person: dict) -> None:
    page.get_by_role("radio", name="DNI", exact=True).check()
    page.get_by_label("Número de documento").fill(person["doc_number"])
    page.get_by_label("Fecha de nacimiento").fill(person["birth_date"])
    page.get_by_label("Nombres").fill(person["names"])
    page.get_by_label("Apellidos").fill(person["surnames"])
    page.get_by_label("Correo electrónico").fill(person["email"])
    page.get_by_label("Celular o teléfono").fill(person["phone"])
    page.get_by_label("Contraseña", exact=True).fill(PASSWORD)
    page.get_by_label("Repita la contraseña").fill(PASSWORD)
    page.get_by_role("checkbox", name=re.compile("política de privacidad")).check()
    pass_human_check(page)


def confirmation_link(outbox: Path, address: str) -> str:
    """The link in the newest confirmation e-mail sent to `address`."""
    for path in sorted(outbox.glob("*.eml"), reverse=True):
        with open(path, "rb") as fh:
            message = email.message_from_binary_file(fh, policy=email.policy.default)
        if message["To"] == address and message["Subject"] == "Confirme su correo electrónico":
            body = message.get_body(("plain",)).get_content()
            return re.search(r"https?://\S+/cuenta/confirmar/\S+", body).group(0)
    raise AssertionError(f"no confirmation e-mail for {address} in {outbox}")


def heading(page: Page, text: str):
    return page.get_by_role("heading", name=text, level=1)


# --- tests ------------------------------------------------------------------------------


class PageNotReplaced(AssertionError):
    """After a POST that leads to another page, parts of the old page are still shown."""


def expect_a_whole_new_page(page: Page, path: str, old_heading: str, snap) -> None:
    try:
        expect(page).to_have_url(re.compile(path))
        expect(heading(page, old_heading)).to_have_count(0)
    except AssertionError as error:
        snap(page, "pagina-mezclada")
        raise PageNotReplaced(str(error)) from None


@pytest.mark.parametrize(
    ("javascript", "person"),
    [(True, LUCIA), (False, PEDRO)],
    ids=["js", "no-js"],
)
def test_register_confirm_sign_in_with_the_document_and_sign_out(
    open_phone, snap, live_server, javascript, person
):
    page = open_phone(javascript=javascript)
    page.goto("/")
    page.get_by_role("link", name="Ingresar").click()
    expect(heading(page, "Ingresar a su cuenta")).to_be_visible()
    page.get_by_role("link", name="Crear una cuenta").click()
    expect(page).to_have_url(re.compile(r"/cuenta/registro$"))
    opened = time.monotonic()
    snap(page, "registro")

    fill_registration(page, person)
    page.wait_for_timeout(max(0, HUMAN_CHECK_SECONDS - (time.monotonic() - opened)) * 1000)
    snap(page, "registro-lleno")
    page.get_by_role("button", name="Crear mi cuenta").click()
    expect(heading(page, "Revise su correo")).to_be_visible()
    expect_a_whole_new_page(page, r"/cuenta/revise-su-correo$", "Crear una cuenta", snap)
    snap(page, "revise-su-correo")

    page.goto(confirmation_link(live_server.outbox, person["email"]))
    expect(page).to_have_url(re.compile(r"/cuenta/ingresar$"))
    expect(page.get_by_text("Su correo quedó confirmado.")).to_be_visible()
    snap(page, "correo-confirmado")

    page.get_by_label("Correo electrónico o número de documento").fill(person["doc_number"])
    page.get_by_label("Contraseña").fill(PASSWORD)
    page.get_by_role("button", name="Ingresar").click()
    expect(heading(page, person["names"])).to_be_visible()
    expect_a_whole_new_page(page, r"/cuenta/$", "Ingresar a su cuenta", snap)
    nav = page.get_by_role("navigation", name="Cuenta")
    expect(nav.get_by_role("link", name="Mi cuenta")).to_be_visible()
    expect(heading(page, person["names"])).to_be_visible()
    expect(page.get_by_text(f"DNI {person['doc_number']}")).to_be_visible()
    expect(page.locator(".summary")).to_contain_text(re.compile(r"Casillero\s*1\d{5}"))
    snap(page, "mi-cuenta")

    nav.get_by_role("button", name="Salir").click()
    expect(page).to_have_url(re.compile(r"/cuenta/ingresar$"))
    expect(page.get_by_text("Cerró su sesión.")).to_be_visible()
    expect(nav.get_by_role("link", name="Ingresar")).to_be_visible()
    page.goto("/cuenta/")
    expect(page).to_have_url(re.compile(r"/cuenta/ingresar\?next="))
    snap(page, "salio")


def create_administrator(live_server, address: str) -> None:
    """Through the real CLI, as a court's technician creates the first administrator."""
    database_url = live_server.database_url
    subprocess.run(
        [
            sys.executable,
            "-m",
            "flask",
            "--app",
            "app",
            "create-staff",
            address,
            "--name",
            "Carmen Rojas",
            "--role",
            "administrador",
            "--password",
            PASSWORD,
        ],
        cwd=REPO,
        # The server's own settings, as a technician's shell on that machine has them.
        env=app_env(database_url, live_server.outbox.parent) | {"PUBLIC_URL": live_server.url},
        check=True,
        capture_output=True,
        timeout=60,
    )


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_an_administrator_creates_staff_and_reads_the_audit_log(
    open_phone, snap, live_server, javascript
):
    admin = f"admin-{'js' if javascript else 'nojs'}@pj.gob.pe"
    newcomer = f"verifica-{'js' if javascript else 'nojs'}@pj.gob.pe"
    create_administrator(live_server, admin)
    page = open_phone(javascript=javascript)
    page.goto("/cuenta/ingresar")
    page.get_by_label("Correo electrónico o número de documento").fill(admin)
    page.get_by_label("Contraseña").fill(PASSWORD)
    page.get_by_role("button", name="Ingresar").click()
    expect(heading(page, "Hola, Carmen Rojas")).to_be_visible()
    snap(page, "inicio-personal")

    page.get_by_role("link", name="Personal y roles").click()
    expect(heading(page, "Personal y roles")).to_be_visible()
    page.get_by_role("link", name="Crear una cuenta de personal").click()
    expect(heading(page, "Crear una cuenta de personal")).to_be_visible()
    page.get_by_role("button", name="Crear la cuenta").click()  # empty: every error shows
    expect(page.get_by_role("alert")).to_contain_text("Elija al menos un rol")
    expect(page).to_have_title(re.compile(r"^Error: "))
    snap(page, "crear-errores")
    page.get_by_label("Correo electrónico").fill(newcomer)
    page.get_by_label("Nombre completo").fill("Rosa Quispe Mamani")
    page.get_by_role("checkbox", name=re.compile("^Verificador")).check()
    snap(page, "crear-lleno")
    page.get_by_role("button", name="Crear la cuenta").click()
    expect(page).to_have_url(re.compile(r"/personal/usuarios$"))
    expect(page.get_by_role("status")).to_contain_text(f"Le enviamos un correo a {newcomer}")
    snap(page, "lista")

    page.goto("/personal/")
    page.get_by_role("link", name="Registro de auditoría").click()
    page.get_by_text("Filtrar los registros").click()  # a <details>: folded on a phone
    page.get_by_label("Acción").select_option("personal_creado")
    page.get_by_role("button", name="Filtrar").click()
    expect(page).to_have_url(re.compile(r"accion=personal_creado"))
    expect(page.locator("#admin ol li").first).to_contain_text(newcomer)
    snap(page, "auditoria")
