"""The first start of an empty court on a phone, with JavaScript on and off: the administrator
the CLI created signs in, is led through the court's profile (with a logo) and its first
sede, and a citizen then sees that sede on the home page."""

import re

import pytest
from playwright.sync_api import Page, expect

from app import create_app
from db import database
from domain.roles import Role
from models import Court, Sede
from tests.blueprints.setup_helpers import PROFILE, SEDE, logo_png
from tests.helpers import PASSWORD, staff

pytestmark = pytest.mark.browser

ADMIN = "jefa@juzgado.pe"


def heading(page: Page, name: str):
    return page.get_by_role("heading", name=name, level=1)


def create_first_administrator(live_server) -> None:
    """What `flask create-staff ... --role administrador` writes."""
    create_app({"DATABASE_URL": live_server.database_url, "TESTING": True})
    with database.connection_context():
        staff(ADMIN, Role.ADMINISTRADOR)


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "nojs"])
def test_an_empty_court_is_set_up_on_a_phone(
    empty_live_server, open_empty_court_phone, snap, tmp_path, javascript
):
    create_first_administrator(empty_live_server)
    citizen = open_empty_court_phone(javascript=javascript)
    citizen.goto("/")
    expect(citizen.get_by_role("status")).to_contain_text("Estamos preparando")
    snap(citizen, "vacio-inicio")

    page = open_empty_court_phone(javascript=javascript)
    page.goto("/cuenta/ingresar")
    page.get_by_label("Correo electrónico o número de documento").fill(ADMIN)
    page.get_by_label("Contraseña").fill(PASSWORD)
    page.get_by_role("button", name="Ingresar").click()
    expect(heading(page, "Primeros pasos")).to_be_visible()
    expect(page).to_have_url(re.compile(r"/personal/configuracion/primeros-pasos$"))
    snap(page, "primeros-pasos")

    page.get_by_role("link", name="Escribir los datos del tribunal").click()
    expect(heading(page, "Datos del tribunal")).to_be_visible()
    page.get_by_label("Nombre del tribunal").fill("")
    page.get_by_role("button", name="Guardar los datos del tribunal").click()
    expect(page.get_by_role("alert")).to_contain_text("Escriba el nombre del tribunal")
    expect(page).to_have_title(re.compile(r"^Error: "))
    snap(page, "tribunal-errores")
    page.get_by_label("Nombre del tribunal").fill(PROFILE["name"])
    page.get_by_label("Nombre corto").fill(PROFILE["short_name"])
    page.get_by_role("radio", name=re.compile("^Perú")).check()
    page.get_by_label("Zona horaria").select_option("America/Lima")
    logo = tmp_path / "escudo.png"
    logo.write_bytes(logo_png())
    page.get_by_label("Logotipo para los PDF (opcional)").set_input_files(logo)
    snap(page, "tribunal-lleno")
    page.get_by_role("button", name="Guardar los datos del tribunal").click()
    expect(heading(page, "Primeros pasos")).to_be_visible()
    expect(page.get_by_role("status")).to_contain_text("Guardamos los datos del tribunal")

    page.get_by_role("link", name="Crear la primera sede").click()
    expect(heading(page, "Crear una sede")).to_be_visible()
    for label, key in (
        ("Nombre de la sede", "name"),
        ("Código", "code"),
        ("Dirección", "address"),
        ("Distrito", "district"),
        ("Ciudad", "city"),
        ("Teléfono (opcional)", "phone"),
    ):
        page.get_by_label(label, exact=True).fill(SEDE[key])
    snap(page, "sede-llena")
    page.get_by_role("button", name="Crear la sede").click()
    expect(heading(page, "Primeros pasos")).to_be_visible()
    expect(page.get_by_role("link", name=re.compile("^Horario de atención"))).to_be_visible()
    snap(page, "listo")

    page.get_by_role("link", name="Trámites que ofrece cada sede").click()
    page.get_by_role("link", name="Crear un trámite").click()
    page.get_by_label("Código").fill("escritos")
    page.get_by_label("Nombre del trámite").fill("Escritos")
    page.get_by_label("Qué traer (opcional)").fill("Su escrito firmado y su DNI.")
    page.get_by_role("checkbox", name=SEDE["name"]).check()
    snap(page, "tramite-lleno")
    page.get_by_role("button", name="Guardar el trámite").click()
    expect(heading(page, "Trámites")).to_be_visible()
    expect(page.get_by_text(f"Se ofrece en: {SEDE['name']}")).to_be_visible()
    page.goto("/personal/configuracion/ventanillas")
    page.get_by_role("link", name=re.compile("^Añadir una ventanilla")).click()
    page.get_by_role("button", name="Guardar la ventanilla").click()
    expect(page.get_by_text("Atiende: todos los trámites de la sede")).to_be_visible()
    snap(page, "ventanillas")

    citizen.goto("/")
    expect(heading(citizen, PROFILE["name"])).to_be_visible()
    expect(citizen.get_by_text(SEDE["name"])).to_be_visible()
    snap(citizen, "inicio-con-sede")
    create_app({"DATABASE_URL": empty_live_server.database_url, "TESTING": True})
    with database.connection_context():
        court = Court.saved()
        assert court.logo_file.endswith(".png") and Sede.get().court_id == court.id
