"""The reports on a phone, JavaScript on and off: the filters, the chart beside its table,
the CSV link, and the printed page without the filters."""

import re
import subprocess
import sys
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.live_server import app_env

PASSWORD = "Clave-Segura-2026"
REPO = Path(__file__).resolve().parent.parent.parent


def create_clerk(live_server, address: str) -> None:
    """Through the real CLI, as a court's technician creates staff."""
    subprocess.run(
        [sys.executable, "-m", "flask", "--app", "app", "create-staff", address, "--name",
         "Rosa Quispe", "--role", "mesa_de_partes", "--password", PASSWORD],
        cwd=REPO,
        env=app_env(live_server.database_url, live_server.outbox.parent)
        | {"PUBLIC_URL": live_server.url},
        check=True,
        capture_output=True,
        timeout=60,
    )  # fmt: skip


def heading(page: Page, text: str):
    return page.get_by_role("heading", name=text, level=1)


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_a_clerk_reads_a_report_on_a_phone(open_phone, snap, live_server, javascript):
    clerk = f"informes-{'js' if javascript else 'nojs'}@pj.gob.pe"
    create_clerk(live_server, clerk)
    page = open_phone(javascript=javascript)
    page.goto("/cuenta/ingresar")
    page.get_by_label("Correo electrónico o número de documento").fill(clerk)
    page.get_by_label("Contraseña").fill(PASSWORD)
    page.get_by_role("button", name="Ingresar").click()
    page.get_by_role("link", name="Informes").click()
    page.get_by_role("link", name="Asistencia e inasistencias").click()
    expect(heading(page, "Asistencia e inasistencias")).to_be_visible()
    expect(page.get_by_role("img", name="Asistencia por sede")).to_be_visible()
    snap(page, "informe")
    if javascript:
        page.evaluate("window.sameDocument = true")  # gone if the whole page reloads

    page.get_by_label("Desde").fill("2026-12-02")
    page.get_by_label("Hasta").fill("2026-11-01")
    page.get_by_role("button", name="Ver el informe").click()
    expect(page.get_by_role("alert")).to_contain_text("igual o posterior")
    expect(page).to_have_title(re.compile(r"^Error: "))
    snap(page, "informe-error")

    page.get_by_label("Hasta").fill("2026-12-02")
    page.get_by_label("Sede").select_option(index=1)
    page.get_by_role("button", name="Ver el informe").click()
    expect(page).to_have_url(re.compile(r"desde=2026-12-02&hasta=2026-12-02&sede=\d+"))
    expect(page.locator(".report-table tbody tr")).to_have_count(1)
    expect(page.get_by_role("link", name="Descargar la tabla en CSV")).to_have_attribute(
        "href", re.compile(r"/personal/informes/asistencia/csv\?desde=2026-12-02")
    )
    if javascript:
        assert page.evaluate("window.sameDocument === true")  # htmx swapped #report only
    snap(page, "informe-filtrado")

    page.emulate_media(media="print")
    expect(page.locator(".report-filters")).to_be_hidden()
    expect(page.get_by_role("img", name="Asistencia por sede")).to_be_visible()
