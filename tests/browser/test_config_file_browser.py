"""The configuration file on a phone, JavaScript on and off: download it, upload a file with
mistakes (every error listed), then a corrected one, preview the change and apply it.

The live server's court is shared with the other browser tests: the change made here is the
name of a dependencia, which no other test reads.
"""

import re

import pytest
from playwright.sync_api import Page, expect

from app import create_app
from db import database
from domain.roles import Role
from models import Dependencia
from tests.helpers import PASSWORD, staff

pytestmark = pytest.mark.browser


def sign_in_as_administrator(page: Page, live_server, address: str) -> None:
    create_app({"DATABASE_URL": live_server.database_url, "TESTING": True})
    with database.connection_context():
        staff(address, Role.ADMINISTRADOR)
    page.goto("/cuenta/ingresar")
    page.get_by_label("Correo electrónico o número de documento").fill(address)
    page.get_by_label("Contraseña").fill(PASSWORD)
    page.get_by_role("button", name="Ingresar").click()
    expect(page).to_have_url(re.compile(r"/personal/$"))


def upload(page: Page, name: str, text: str) -> None:
    page.get_by_label("Archivo de configuración").set_input_files(
        {"name": name, "mimeType": "application/yaml", "buffer": text.encode()}
    )
    page.get_by_role("button", name="Subir y revisar").click()


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_an_administrator_downloads_checks_and_applies_the_configuration(
    open_phone, snap, live_server, javascript
):
    variant = "js" if javascript else "nojs"
    page = open_phone(javascript=javascript)
    sign_in_as_administrator(page, live_server, f"config-{variant}@pj.gob.pe")
    page.get_by_role("link", name="Configuración de la corte como archivo").click()
    heading = page.get_by_role("heading", name="Configuración de la corte como archivo")
    expect(heading).to_be_visible()
    snap(page, "configuracion")
    with page.expect_download() as download:
        page.get_by_role("link", name="Descargar en YAML").click()
    text = download.value.path().read_text(encoding="utf-8")
    assert text.startswith("format: ventanilla-configuracion\n")

    broken = text.replace("country: PE", "country: AR").replace(
        "slot_minutes: 20", "slot_minutes: 2", 1
    )
    upload(page, "con-errores.yaml", broken)
    summary = page.get_by_role("alert")
    expect(summary).to_contain_text("El archivo tiene 2 errores")
    expect(summary).to_contain_text("court.country: debe ser uno de: PE, GT")
    expect(summary).to_contain_text("sedes[0].slot_minutes: debe estar entre 5 y 480")
    expect(page).to_have_title(re.compile("^Error: "))
    expect(page.get_by_role("button", name="Confirmar y aplicar")).to_have_count(0)
    snap(page, "configuracion-errores")

    page.get_by_role("link", name="Subir otro archivo").click()
    renamed = f"Primera Sala Civil de Lima ({variant})"
    current = re.search(r"Primera Sala Civil de Lima[^\n]*", text).group(0)  # as a run left it
    upload(page, "corregido.yaml", text.replace(current, renamed))
    expect(page.get_by_role("heading", name="Revisar la configuración")).to_be_visible()
    expect(page.get_by_text("dependencias[1SCL].name: «Primera Sala Civil de Lima")).to_be_visible()
    snap(page, "configuracion-cambios")
    page.get_by_role("button", name="Confirmar y aplicar").click()
    expect(page).to_have_url(re.compile(r"/personal/configuracion/archivo$"))
    expect(
        page.get_by_text("Importamos la configuración del archivo corregido.yaml")
    ).to_be_visible()
    snap(page, "configuracion-aplicada")

    create_app({"DATABASE_URL": live_server.database_url, "TESTING": True})
    with database.connection_context():
        assert Dependencia.get(code="1SCL").name == renamed
