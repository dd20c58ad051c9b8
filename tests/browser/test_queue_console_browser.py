"""The clerk's queue console on a phone with JavaScript: pick the window, call next, recall,
mark a no-show, call again, attend, transfer; the waiting list refreshes by itself.

Tickets come from the kiosk's own API with a key made by `flask quiosco-crear`; the sede is
Piérola, which the other browser modules do not queue at."""

import json
import re
import subprocess
import sys
import urllib.request
import uuid
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.live_server import app_env

PASSWORD = "Clave-Segura-2026"
REPO = Path(__file__).resolve().parent.parent.parent
SEDE = "pierola"


def flask(live_server, *args: str) -> str:
    """The real CLI against the live server's database."""
    done = subprocess.run(
        [sys.executable, "-m", "flask", "--app", "app", *args],
        cwd=REPO,
        env=app_env(live_server.database_url, live_server.outbox.parent)
        | {"PUBLIC_URL": live_server.url},
        check=True,
        capture_output=True,
        text=True,
        timeout=60,
    )
    return done.stdout


def api(live_server, path: str, key: str = "", body: dict | None = None) -> dict:
    request = urllib.request.Request(
        f"{live_server.url}/api{path}",
        data=json.dumps(body).encode() if body is not None else None,
        headers={"Content-Type": "application/json", "X-Device-Key": key},
    )
    with urllib.request.urlopen(request, timeout=10) as response:
        return json.loads(response.read())


@pytest.fixture
def lobby(live_server):
    """A clerk, a kiosk key, and a ticket-issuing function for the sede's services."""
    flask(live_server, "create-staff", "cola-consola@pj.gob.pe", "--name", "Rosa Quispe",
          "--role", "mesa_de_partes", "--password", PASSWORD)  # fmt: skip
    printed = flask(live_server, "quiosco-crear", SEDE, "Hall de prueba")
    key = re.search(r"Clave \(se muestra solo esta vez[^)]*\): (\S+)", printed).group(1)
    services = {s["name"]: s["id"] for s in api(live_server, f"/sedes/{SEDE}/quiosco")["services"]}

    def issue(service_name: str) -> str:
        body = {"service_id": services[service_name], "request_key": uuid.uuid4().hex}
        return api(live_server, f"/sedes/{SEDE}/turnos", key, body)["ticket"]

    return issue


def current(page: Page):
    return page.locator("#current-label")


def test_a_clerk_works_the_queue_on_a_phone(open_phone, snap, live_server, lobby):
    first, second, third = lobby("Escritos"), lobby("Escritos"), lobby("Demandas")
    page = open_phone(javascript=True)
    page.goto("/cuenta/ingresar")
    page.get_by_label("Correo electrónico o número de documento").fill("cola-consola@pj.gob.pe")
    page.get_by_label("Contraseña").fill(PASSWORD)
    page.get_by_role("button", name="Ingresar").click()
    page.get_by_role("link", name="Cola de atención (llamar turnos)").click()
    expect(page.get_by_role("heading", name="¿En qué ventanilla atiende?")).to_be_visible()
    page.get_by_label("Sede").select_option(label="Sede Nicolás de Piérola")
    page.get_by_role("button", name="Ver sus ventanillas").click()
    # htmx swaps in Piérola's windows: until then «Ventanilla 1» is the first sede's (Zavala)
    expect(page.get_by_role("heading", name="Sede Nicolás de Piérola")).to_be_visible()
    page.get_by_role("button", name="Ventanilla 1").click()
    expect(page.get_by_role("heading", name="Cola: Ventanilla 1")).to_be_visible()
    expect(page.get_by_text("Sede Nicolás de Piérola · Atiende")).to_be_visible()
    expect(page.locator("#waiting li")).to_have_count(3)
    snap(page, "cola-en-espera")
    page.evaluate("window.sameDocument = true")  # gone if a whole page loads

    page.get_by_role("button", name="Llamar siguiente").click()
    expect(current(page)).to_have_text(first)
    expect(page.get_by_role("button", name="No se presentó")).to_have_count(0)
    snap(page, "cola-llamado")
    page.get_by_role("button", name="Volver a llamar").click()
    expect(page.get_by_text("Llamado 2 veces")).to_be_visible()
    page.get_by_role("button", name="No se presentó").click()
    expect(page.get_by_role("status")).to_contain_text(f"Turno {first}: no se presentó")
    snap(page, "cola-no-se-presento")

    page.get_by_role("button", name="Llamar siguiente").click()
    expect(current(page)).to_have_text(second)
    page.get_by_role("button", name="Atendido").click()
    expect(page.get_by_role("status")).to_contain_text(f"Turno {second}: atendido")

    page.get_by_role("button", name="Llamar siguiente").click()
    expect(current(page)).to_have_text(third)
    page.get_by_label("Transferir a otro trámite de la sede").select_option(label="Escritos")
    snap(page, "cola-transferir")
    page.get_by_role("button", name="Transferir").click()
    expect(page.get_by_role("status")).to_contain_text(f"{third}: transferido a Escritos")
    expect(page.locator("#waiting li")).to_have_count(1)
    assert page.evaluate("window.sameDocument === true")  # htmx swapped the console only

    fourth = lobby("Escritos")  # the list refreshes itself within its 5 s poll
    expect(page.locator("#waiting")).to_contain_text(fourth, timeout=8_000)
    expect(page.locator("#waiting li")).to_have_count(2)
    snap(page, "cola-actualizada")

    page.get_by_role("link", name="Cifras del día de la sede").click()
    expect(page.get_by_role("img", name="Turnos por trámite")).to_be_visible()
    expect(page.locator(".report-table tbody tr")).to_have_count(1)  # D-001 went to Escritos
    snap(page, "cola-cifras")
