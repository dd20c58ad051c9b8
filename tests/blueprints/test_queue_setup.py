"""A sede's queue set-up: kiosk terminals (key shown once, revoked after a confirmation), the
call order and the services' ticket letters. Administrators only."""

import re

import pytest

from models import AuditEvent, Sede, Service
from models.queue import KioskDevice
from services import queue
from services.clock import utc_now
from tests.blueprints.queue_helpers import sede, service
from tests.helpers import HX

# The pages' SQL is the same on both engines (the use cases' races run on both in
# tests/services/test_queue.py): once, on SQLite, keeps the suite within its budget.
pytestmark = pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)

SETUP = "/personal/configuracion/cola"


def url(sede_row, tail=""):
    return f"{SETUP}/{sede_row.id}{tail}"


def test_only_administrators_set_up_the_queue(clerk):
    alzamora = sede()
    for path in (SETUP, url(alzamora)):
        assert clerk.get(path).status_code == 403
    assert clerk.post(url(alzamora, "/quioscos"), data={"name": "Hall"}).status_code == 403
    assert clerk.post(url(alzamora, "/orden"), data={"every": "3"}).status_code == 403


def test_the_setup_lists_sedes_and_is_reachable_from_sedes_and_windows(admin):
    alzamora = sede()
    assert f'href="{url(alzamora)}"' in admin.get(SETUP).text
    assert f'href="{url(alzamora)}"' in admin.get("/personal/configuracion/sedes").text
    assert f'href="{url(alzamora)}"' in admin.get("/personal/configuracion/ventanillas").text
    page = admin.get(url(alzamora))
    assert (
        "Ventanilla 1" in page.text and "Ahora: E-001" in page.text and "Ahora: D-001" in page.text
    )
    assert "Siempre primero" in page.text
    assert admin.get(f"{SETUP}/999999").status_code == 404
    assert admin.get(f"{SETUP}/{2**31}").status_code == 404


def test_a_kiosk_key_is_shown_once_and_revoked_after_a_confirmation(admin):
    alzamora = sede()
    page = admin.post(url(alzamora, "/quioscos"), data={"name": "Hall, junto a la puerta"})
    assert page.status_code == 200 and page.headers["Cache-Control"] == "no-store"
    key = re.search(r'id="kiosk-key">([^<]+)<', page.text).group(1)
    assert "/kiosk/?sede=alzamora" in page.text and "una sola vez" in page.text
    device = KioskDevice.with_key(key)
    assert device.name == "Hall, junto a la puerta" and device.sede_id == alzamora.id
    listing = admin.get(url(alzamora))
    assert "Hall, junto a la puerta" in listing.text and key not in listing.text
    assert AuditEvent.get(AuditEvent.action == "kiosco_creado").actor_label == "admin@corte.pe"

    confirm = admin.get(f"{SETUP}/quioscos/{device.id}/revocar")
    assert "¿Revocar la clave del terminal «Hall, junto a la puerta»?" in confirm.text
    assert KioskDevice.with_key(key) is not None  # asking is not revoking
    done = admin.post(f"{SETUP}/quioscos/{device.id}/revocar", headers=HX)
    assert done.status_code == 303 and done.headers["Location"] == url(alzamora)
    assert KioskDevice.with_key(key) is None
    assert "ya no da turnos" in admin.get(url(alzamora)).text
    admin.post(f"{SETUP}/quioscos/{device.id}/revocar")
    assert "ya estaba revocada" in admin.get(url(alzamora)).text
    assert admin.get(f"{SETUP}/quioscos/999999/revocar").status_code == 404


@pytest.mark.parametrize("name", ["", "   ", "x" * 81])
def test_a_kiosk_needs_a_name(admin, name):
    page = admin.post(url(sede(), "/quioscos"), data={"name": name})
    assert page.status_code == 200 and 'class="error"' in page.text
    assert KioskDevice.select().count() == 0


def test_the_call_order_is_changed_on_screen(admin):
    alzamora = sede()
    response = admin.post(url(alzamora, "/orden"), data={"every": "3"})
    assert response.status_code == 303
    assert Sede.get_by_id(alzamora.id).queue_priority_every == 3
    assert "Guardamos el orden de llamada." in admin.get(url(alzamora)).text
    admin.post(url(alzamora, "/orden"), data={"every": "3"})
    assert "El orden de llamada no cambió." in admin.get(url(alzamora)).text
    for bad in ("0", "11", "x", "9" * 30, ""):
        page = admin.post(url(alzamora, "/orden"), data={"every": bad})
        assert page.status_code == 200 and "Elija una de las opciones" in page.text
    assert Sede.get_by_id(alzamora.id).queue_priority_every == 3


def letters(sede_row, **typed):
    return {f"letra-{service(sede_row, code).id}": letter for code, letter in typed.items()}


def test_each_service_gets_a_letter_and_none_is_repeated(admin):
    alzamora = sede()
    response = admin.post(url(alzamora, "/letras"), data=letters(alzamora, escritos="x"))
    assert response.status_code == 303
    assert service(alzamora).queue_prefix == "X"
    page = admin.get(url(alzamora))
    assert "Ahora: X-001" in page.text and "Guardamos las letras" in page.text
    twice = admin.post(url(alzamora, "/letras"), data=letters(alzamora, escritos="X", demandas="X"))
    assert twice.status_code == 200 and "La letra X ya es de «Escritos»." in twice.text
    for bad, message in [
        ("P", "La P es de los turnos preferenciales"),
        ("7", "Use una sola letra"),
    ]:
        page = admin.post(url(alzamora, "/letras"), data=letters(alzamora, demandas=bad))
        assert message in page.text
    assert service(alzamora, "demandas").queue_prefix == ""
    admin.post(url(alzamora, "/letras"), data=letters(alzamora, escritos=""))
    assert service(alzamora).queue_prefix == ""
    [event, _] = AuditEvent.select().where(AuditEvent.action == "letras_de_turno_cambiadas")
    assert event.subject == alzamora.name


def test_a_letter_of_another_sedes_service_is_refused(db):
    alzamora, zavala = sede(), sede("zavala")
    other = Service.get((Service.sede == zavala) & (Service.code == "escritos"))
    with pytest.raises(queue.QueueError):
        queue.set_prefixes(alzamora, {other.id: "X"}, actor=None, now=utc_now())


def test_the_cli_creates_a_kiosk_and_prints_its_key_once(app, db):
    runner = app.test_cli_runner()
    result = runner.invoke(args=["quiosco-crear", "alzamora", "Hall de entrada"])
    assert result.exit_code == 0, result.output
    key = re.search(r"Clave \(se muestra solo esta vez[^)]*\): (\S+)", result.output).group(1)
    assert "http://localhost/kiosk/?sede=alzamora" in result.output
    device = KioskDevice.with_key(key)
    assert (device.name, device.sede.code) == ("Hall de entrada", "alzamora")
    event = AuditEvent.get(AuditEvent.action == "kiosco_creado")
    assert event.subject == "Sede Javier Alzamora Valdez: Hall de entrada"
    assert event.actor_label == ""  # the system (SYSTEM), as every CLI command
    unknown = runner.invoke(args=["quiosco-crear", "nada", "Hall"])
    assert unknown.exit_code == 1 and "No hay una sede con el código «nada»" in unknown.output
    assert "alzamora" in unknown.output
    assert runner.invoke(args=["quiosco-crear", "alzamora", "  "]).exit_code == 1
    assert KioskDevice.select().count() == 1
