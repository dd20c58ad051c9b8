"""An administrator on a phone, with JavaScript on and off: a sede's hours refused with the
mistake said next to the field, and a part-day closure declared, listed and deleted. Every
screen is checked to fit the phone's width; two are photographed (they are tall: a second each).

Nothing here changes what other browser tests book: the closure is years ahead and deleted,
and the sede's form is only sent with a mistake.
"""

import re
import subprocess
import sys
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.browser.phone import assert_fits_phone_width
from tests.live_server import app_env

pytestmark = pytest.mark.browser

PASSWORD = "Clave-Segura-2026"
REPO = Path(__file__).resolve().parent.parent.parent
PIEROLA = 3  # the demo court's third sede, created last


@pytest.fixture(scope="module")
def admin(live_server) -> str:
    """One administrator for both phones, made through the real CLI as a technician would."""
    address = "sedes@pj.gob.pe"
    command = [sys.executable, "-m", "flask", "--app", "app", "create-staff", address]
    command += ["--name", "Carmen Rojas", "--role", "administrador", "--password", PASSWORD]
    env = app_env(live_server.database_url, live_server.outbox.parent)
    env |= {"PUBLIC_URL": live_server.url}
    subprocess.run(command, cwd=REPO, env=env, check=True, capture_output=True, timeout=60)
    return address


def heading(page: Page, text) -> object:
    return page.get_by_role("heading", name=text, level=1)


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_an_administrator_declares_a_half_day_closure_and_reads_a_refused_sede_change(
    open_phone, snap, admin, javascript
):
    day = "2031-03-04" if javascript else "2031-03-05"
    page = open_phone(javascript=javascript)
    page.goto("/cuenta/ingresar")
    page.get_by_label("Correo electrónico o número de documento").fill(admin)
    page.get_by_label("Contraseña").fill(PASSWORD)
    page.get_by_role("button", name="Ingresar").click()
    page.get_by_role("link", name="Cierres y feriados").click()
    expect(heading(page, re.compile(r"^Cierres y feriados \d{4}$"))).to_be_visible()
    assert_fits_phone_width(page, "cierres")

    page.get_by_role("button", name="Declarar el cierre").click()  # empty: the errors show
    expect(page.get_by_role("alert").first).to_contain_text("Escriba la fecha del cierre")
    expect(page).to_have_title(re.compile(r"^Error: "))
    page.get_by_label("Fecha").fill(day)
    page.get_by_label("Sede").select_option(label="Sede Nicolás de Piérola")
    page.get_by_label("Cerrada desde (opcional)").fill("13:00")
    page.get_by_label("Motivo").fill("Fumigación")
    assert_fits_phone_width(page, "cierre-lleno")
    page.get_by_role("button", name="Declarar el cierre").click()
    expect(page.get_by_role("status")).to_contain_text("Guardamos el cierre")
    expect(heading(page, "Cierres y feriados 2031")).to_be_visible()
    closure = page.locator("#closures li", has_text="Fumigación")
    expect(closure).to_contain_text("Desde las 13:00")
    snap(page, "cierre-guardado")

    closure.get_by_role("link", name=re.compile("^Borrar")).click()
    expect(heading(page, re.compile(r"^¿Borrar el cierre del"))).to_be_visible()
    assert_fits_phone_width(page, "borrar")
    page.get_by_role("button", name="Sí, borrar el cierre").click()
    expect(page.get_by_role("status")).to_contain_text("Borramos el cierre")
    expect(page.locator("#closures li", has_text="Fumigación")).to_have_count(0)

    page.goto(f"/personal/configuracion/sedes/{PIEROLA}")
    expect(heading(page, "Sede Nicolás de Piérola")).to_be_visible()
    assert_fits_phone_width(page, "sede")
    page.locator("#break_starts_0").fill("07:00")
    page.get_by_role("button", name="Guardar los cambios").click()
    expect(page.get_by_role("alert")).to_contain_text("El descanso del lunes debe empezar")
    expect(page.locator(".has-error #break_starts_0")).to_be_visible()
    snap(page, "sede-error")
