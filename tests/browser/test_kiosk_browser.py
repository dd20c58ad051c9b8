"""The lobby kiosk (kiosk/) on a landscape touch screen: set up with its device key, walk-in
tickets (one per double tap, preferential too), check-in by a scanned QR and by document
number, the fee calculator, the idle reset, English, and the saved fee table while the app
is stopped (on a server of its own, started again on the same port)."""

import re
import sqlite3
from datetime import timedelta

import pytest
from playwright.sync_api import Page, expect

from app import create_app
from db import database
from domain.roles import Role
from models import Appointment, Court, Sede, Service, Slot
from models.queue import KioskDevice, QueueTicket
from services import queue
from services.actor import Actor
from services.clock import utc_now
from tests import live_server as gunicorn_server
from tests.helpers import staff

pytestmark = pytest.mark.browser

TERMINAL = {
    "viewport": {"width": 1280, "height": 800},
    "has_touch": True,
    "locale": "es-PE",
    "timezone_id": "America/Lima",
}
SEDE = "alzamora"


def in_database(url: str):
    create_app({"DATABASE_URL": url, "TESTING": True})
    return database.connection_context()


def new_kiosk(database_url: str, name: str) -> str:
    with in_database(database_url):
        admin = Actor(staff(f"{name}@corte.pe", Role.ADMINISTRADOR))
        sede = Sede.get(Sede.code == SEDE)
        return queue.create_kiosk(sede, name, actor=admin, now=utc_now())[1]


def appointment_now(database_url: str, code: str, doc_number: str) -> str:
    """An appointment at this sede starting in ten minutes (the court's time): it may check in.
    Returns its start, HH:MM."""
    with in_database(database_url):
        sede = Sede.get(Sede.code == SEDE)
        service = Service.get((Service.sede == sede) & (Service.code == "escritos"))
        local = Court.current().local_time(utc_now()).replace(second=0, microsecond=0)
        starts = min(local + timedelta(minutes=10), local.replace(hour=23, minute=50))
        slot, _ = Slot.get_or_create(
            service=service, day=starts.date(), starts=starts.time(), defaults={"capacity": 0}
        )
        Slot.update(capacity=Slot.capacity + 1, booked=Slot.booked + 1).where(
            Slot.id == slot.id
        ).execute()
        Appointment.create(
            code=code,
            request_key=f"kiosk-{code}",
            slot=slot,
            sede=sede,
            service=service,
            day=starts.date(),
            starts=starts.time(),
            ends=(starts + timedelta(minutes=20)).time(),
            doc_type="DNI",
            doc_number=doc_number,
            names="Ana Lucía",
            surnames="Quispe",
            email=f"{doc_number}@example.pe",
            phone="987654321",
            issued_at=utc_now() - timedelta(days=2),
        )
        return f"{starts:%H:%M}"


def tickets_of(database_url: str, key: str) -> list[str]:
    with in_database(database_url):
        device = KioskDevice.get(KioskDevice.key_hash == KioskDevice.hash_of(key))
        return [t.label for t in QueueTicket.select().where(QueueTicket.kiosk == device)]


@pytest.fixture(scope="module")
def device_key(live_server) -> str:
    return new_kiosk(live_server.database_url, "kiosco-prueba")


@pytest.fixture
def open_kiosk(chromium):
    """A fresh terminal (empty localStorage unless `key`) on the kiosk's page. Script errors
    and console errors (a CSP violation is one) fail the test; a refused request is expected
    here (a wrong code, the stopped app) and the page says so itself."""
    contexts, errors = [], []

    def open_kiosk(base_url: str, key: str | None = None, query: str = "", prepare=None) -> Page:
        context = chromium.new_context(base_url=base_url, **TERMINAL)
        contexts.append(context)
        if prepare:
            prepare(context)
        if key:
            context.add_init_script(f"localStorage.setItem('kiosk.key.{SEDE}', '{key}')")
        page = context.new_page()
        page.set_default_timeout(10_000)
        page.on("pageerror", lambda error: errors.append(f"script error: {error}"))
        page.on(
            "console",
            lambda m: (
                m.type == "error"
                and not m.text.startswith("Failed to load resource")
                and errors.append(f"console: {m.text}")
            ),
        )
        page.goto(f"/kiosk/?sede={SEDE}{query}")
        return page

    yield open_kiosk
    for context in contexts:
        context.close()
    assert not errors, "\n".join(errors)


@pytest.fixture
def shot(screenshot_dir):
    def shot(page: Page, name: str) -> None:
        page.screenshot(path=screenshot_dir / f"kiosk-{name}.png", caret="initial")

    return shot


def assert_touch_targets(page: Page) -> None:
    """Every visible button, field and choice is at least 48 px each way (a finger's size); a
    radio button counts by its whole tile, which is its label."""
    targets = "button, input:not([type=radio]), label.option, summary"
    small = page.evaluate(
        """(targets) => [...document.querySelectorAll(targets)]
          .filter((e) => e.offsetParent !== null)
          .map((e) => [e.textContent.trim() || e.id || e.type, e.getBoundingClientRect()])
          .filter(([, r]) => r.width < 48 || r.height < 48)
          .map(([name, r]) => `${name}: ${Math.round(r.width)}x${Math.round(r.height)}`)""",
        targets,
    )
    assert not small, f"targets under 48 px: {small}"


def tap_keys(page: Page, text: str) -> None:
    for key in text:
        page.locator(
            ".keypad button:visible", has_text=re.compile(f"^{re.escape(key)}$")
        ).first.tap()


def test_set_up_then_walk_in_tickets_one_per_double_tap(open_kiosk, live_server, shot, tmp_path):
    key = new_kiosk(live_server.database_url, "kiosco-alta")
    page = open_kiosk(live_server.url)
    expect(page.get_by_role("heading", name="Configurar este quiosco")).to_be_visible()
    page.get_by_label("Clave del dispositivo").fill("not-a-key-at-all")
    page.get_by_role("button", name="Guardar y comprobar").tap()
    expect(page.locator("#setup-error")).to_be_visible()
    page.get_by_label("Clave del dispositivo").fill(key)
    page.get_by_role("button", name="Guardar y comprobar").tap()
    expect(page.get_by_role("heading", name="Bienvenido. ¿Qué necesita?")).to_be_visible()
    expect(page.locator("#status")).to_contain_text("Quiosco listo: kiosco-alta")
    shot(page, "01-inicio")
    assert_touch_targets(page)

    page.get_by_role("button", name=re.compile("^No tengo cita")).tap()
    page.get_by_role("button", name=re.compile("^Escritos")).tap()
    expect(page.get_by_role("radio", name="No, atención normal")).to_be_checked()
    page.get_by_role("button", name="Imprimir mi turno").tap()
    ticket = page.locator("#ticket")
    expect(ticket.locator(".number")).to_have_text(re.compile(r"^E-\d{3}$"))
    expect(ticket).to_contain_text("Personas antes que usted")
    expect(ticket).to_contain_text("Escanee para seguir su turno en su teléfono")
    expect(ticket.locator(".qr svg")).to_be_visible()
    shot(page, "02-turno")
    # The printed ticket: one page of 80 mm paper (about 227 points wide).
    pdf = page.pdf(prefer_css_page_size=True, print_background=False)
    assert len(re.findall(rb"/Type\s*/Page[^s]", pdf)) == 1, "the ticket takes more than a page"
    assert re.search(rb"/MediaBox\s*\[0 0 22[67]\.", pdf), "the page is not 80 mm wide"

    page.get_by_role("button", name="Listo").tap()
    page.get_by_role("button", name=re.compile("^No tengo cita")).tap()
    page.get_by_role("button", name=re.compile("^Demandas")).tap()
    page.get_by_text("Persona con discapacidad").tap()
    shot(page, "03-preferente")
    assert_touch_targets(page)
    page.get_by_role("button", name="Imprimir mi turno").dblclick()
    expect(ticket.locator(".number")).to_have_text(re.compile(r"^P-\d{3}$"))
    expect(ticket).to_contain_text("Demandas · Preferencial")
    issued = tickets_of(live_server.database_url, key)
    assert len(issued) == 2, issued  # the double tap printed one ticket
    assert issued[1] == ticket.locator(".number").inner_text()


def test_check_in_by_scanned_qr_and_by_document_number(open_kiosk, live_server, device_key, shot):
    starts = appointment_now(live_server.database_url, "KQSC-AN01-TEST", "41000001")
    appointment_now(live_server.database_url, "KQSC-AN02-TEST", "41000002")
    page = open_kiosk(live_server.url, device_key)
    expect(page.get_by_role("heading", name="Bienvenido. ¿Qué necesita?")).to_be_visible()
    # A desk scanner types the QR's verification link and Enter, on the start screen.
    link = f"{live_server.url}/consultas/verificar/cita/KQSC-AN01-TEST"
    page.keyboard.type(link)
    page.keyboard.press("Enter")
    ticket = page.locator("#ticket")
    expect(ticket.locator(".number")).to_have_text(re.compile(r"^C-\d{3}$"))
    expect(ticket).to_contain_text(f"Cita de las {starts} · Ana")
    shot(page, "04-cita")

    page.get_by_role("button", name="Listo").tap()
    page.keyboard.type(link.lower())
    page.keyboard.press("Enter")
    expect(page.locator("#cita-error")).to_contain_text("Esta cita ya se registró")

    page.get_by_role("button", name="Número de documento").tap()
    page.locator("#cita-value").fill("")
    tap_keys(page, "41000002")
    expect(page.locator("#cita-value")).to_have_value("41000002")
    shot(page, "05-documento")
    assert_touch_targets(page)
    page.get_by_role("button", name="Registrar mi llegada").tap()
    expect(ticket.locator(".number")).to_have_text(re.compile(r"^C-\d{3}$"))


def test_fee_lookup_gives_the_apis_result(open_kiosk, live_server, device_key, shot):
    page = open_kiosk(live_server.url, device_key)
    page.get_by_role("button", name=re.compile("^Consultar aranceles")).tap()
    expect(page.get_by_role("heading", name="¿Qué va a presentar o pedir?")).to_be_visible()
    shot(page, "06-acto")
    page.get_by_role("button", name=re.compile("^Ofrecimiento de pruebas")).tap()
    page.get_by_role("button", name="Civil", exact=True).tap()
    page.get_by_role("button", name=re.compile("^Demandante")).tap()
    page.get_by_role("button", name="Persona natural", exact=True).tap()
    expect(page.get_by_role("heading", name="¿De cuánto dinero se trata?")).to_be_visible()
    tap_keys(page, "60000")
    shot(page, "07-cuantia")
    assert_touch_targets(page)
    page.get_by_role("button", name="Continuar").tap()
    expect(page.get_by_role("heading", name=re.compile("Alguna de estas"))).to_be_visible()
    page.get_by_role("button", name="Continuar").tap()
    tap_keys(page, "2")
    page.get_by_role("button", name="Continuar").tap()
    page.get_by_role("button", name="Juzgado Especializado o Mixto").tap()
    expect(page.get_by_role("heading", name="Aranceles a pagar")).to_be_visible()
    answer = page.request.get(
        "/api/aranceles/calcular?act=ofrecimiento_pruebas&process=civil&role=demandante"
        "&person=natural&amount=60000&parties=2&instance=especializado"
    ).json()
    expect(page.locator("#result .total")).to_have_text(f"Total a pagar: S/ {answer['total']}")
    for payment in answer["payments"]:
        expect(page.locator("#result")).to_contain_text(payment["concept"])
    shot(page, "08-resultado")


def test_fees_tapped_before_the_questions_arrive_waits_for_them(
    open_kiosk, live_server, device_key, shot
):
    """On a slow network the start screen is up before the calculator's questions arrive: a tap
    on the fees then waits for them instead of sending the person to the table as if the kiosk
    had none."""
    held = []
    page = open_kiosk(
        live_server.url,
        device_key,
        prepare=lambda context: context.route(
            "**/api/aranceles/opciones", lambda route: held.append(route)
        ),
    )
    expect(page.get_by_role("heading", name="Bienvenido. ¿Qué necesita?")).to_be_visible()
    page.get_by_role("button", name=re.compile("^Consultar aranceles")).tap()
    expect(page.get_by_role("heading", name="Cargando las preguntas…")).to_be_visible()
    shot(page, "06-cargando")
    assert held, "the kiosk did not ask for the calculator's questions"
    held[0].continue_()
    expect(page.get_by_role("heading", name="¿Qué va a presentar o pedir?")).to_be_visible()


def test_idle_resets_to_spanish_start_and_clears_what_was_typed(
    open_kiosk, live_server, device_key, shot
):
    page = open_kiosk(live_server.url, device_key, "&inactividad=2")
    page.get_by_role("button", name="English").tap()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", name="Welcome. What do you need?")).to_be_visible()
    page.get_by_role("button", name="Larger text").tap()
    shot(page, "09-english")
    page.get_by_role("button", name=re.compile("^I have an appointment")).tap()
    expect(page.get_by_role("button", name="Check me in")).to_be_visible()
    tap_keys(page, "ABC1")
    expect(page.locator("#cita-value")).to_have_value("ABC1")
    # Nothing sent: the person walked away.
    expect(page.get_by_role("heading", name="Bienvenido. ¿Qué necesita?")).to_be_visible(
        timeout=5000
    )
    expect(page.locator("html")).to_have_attribute("lang", "es")
    expect(page.locator("html")).not_to_have_class("large-text")
    page.get_by_role("button", name=re.compile("^Tengo cita")).tap()
    expect(page.locator("#cita-value")).to_have_value("")


def revoke(database_url: str, key: str) -> None:
    with in_database(database_url):
        device = KioskDevice.get(KioskDevice.key_hash == KioskDevice.hash_of(key))
        admin = Actor(staff("revoca@corte.pe", Role.ADMINISTRADOR))
        queue.revoke_kiosk(device, actor=admin, now=utc_now())


def test_a_revoked_key_offers_the_fees_only(open_kiosk, live_server, shot):
    """In English the ticket's kind is English too. Revoked meanwhile, the key is refused at
    the next ticket: the start screen says to ask the staff, and after a restart at once."""
    key = new_kiosk(live_server.database_url, "kiosco-revocado")
    page = open_kiosk(live_server.url, key, "&imprimir=0")
    page.get_by_role("button", name="English").tap()
    page.get_by_role("button", name=re.compile("^I have no appointment")).tap()
    page.get_by_role("button", name=re.compile("^Escritos")).tap()
    page.get_by_role("button", name="Print my ticket").tap()
    expect(page.locator("#ticket .service")).to_have_text("Escritos · Walk-in")

    revoke(live_server.database_url, key)
    page.get_by_role("button", name="Done").tap()
    page.get_by_role("button", name=re.compile("^I have no appointment")).tap()
    page.get_by_role("button", name=re.compile("^Escritos")).tap()
    page.get_by_role("button", name="Print my ticket").tap()
    expect(page.locator("#locked")).to_contain_text("Please ask the staff")
    expect(page.get_by_role("button", name=re.compile("^I have no appointment"))).to_be_disabled()
    expect(page.get_by_role("button", name=re.compile("^I have an appointment"))).to_be_disabled()
    expect(page.get_by_role("button", name=re.compile("^Look up court fees"))).to_be_enabled()

    page.reload()
    expect(page.locator("#locked")).to_contain_text("Pida su turno al personal de la sede")
    expect(page.get_by_role("button", name=re.compile("^No tengo cita"))).to_be_disabled()
    shot(page, "11-clave-revocada")
    assert len(tickets_of(live_server.database_url, key)) == 1  # the refused tap issued none


def test_the_services_are_asked_again_between_two_people(open_kiosk, live_server, device_key):
    """An administrator renames a service during the day (the API's answer stands for it):
    the next person sees the new name, with no reload of the terminal."""
    page = open_kiosk(live_server.url, device_key)
    page.get_by_role("button", name=re.compile("^No tengo cita")).tap()
    expect(page.get_by_role("button", name=re.compile("^Escritos"))).to_be_visible()

    def renamed(route):
        answer = route.fetch().json()
        for service in answer["services"]:
            service["name"] = service["name"].replace("Escritos", "Escritos y anexos")
        route.fulfill(json=answer)

    page.route(f"**/api/sedes/{SEDE}/quiosco", renamed)
    page.get_by_role("button", name="Inicio").tap()
    page.get_by_role("button", name=re.compile("^No tengo cita")).tap()
    expect(page.get_by_role("button", name=re.compile("^Escritos y anexos"))).to_be_visible()


@pytest.fixture
def own_server(live_server, tmp_path):
    """A copy of the live server's database under a server of its own, which the test stops."""
    path = tmp_path / "court.db"
    source = sqlite3.connect(live_server.database_url.removeprefix("sqlite:///"))
    with sqlite3.connect(path) as copy:
        source.backup(copy)
    source.close()
    url = f"sqlite:///{path}"
    env = gunicorn_server.app_env(url, tmp_path)

    def start(port=None):
        return gunicorn_server.start(
            env=env,
            log=tmp_path / "gunicorn.log",
            workers=1,
            extra_args=("--graceful-timeout", "1"),
            port=port,
        )

    servers = [start()]
    yield url, servers, start
    servers[-1].stop()


def test_offline_shows_the_saved_fee_table_and_recovers(open_kiosk, own_server, shot):
    url, servers, start = own_server
    key = new_kiosk(url, "kiosco-offline")
    server = servers[0]
    page = open_kiosk(server.url, key)
    expect(page.get_by_role("heading", name="Bienvenido. ¿Qué necesita?")).to_be_visible()
    # The page keeps its copy once loaded (wait_for_function would need eval, which CSP bars).
    for _ in range(50):
        saved = page.evaluate("() => JSON.parse(localStorage.getItem('kiosk.table'))")
        if saved:
            break
        page.wait_for_timeout(100)
    first = saved["data"]["concepts"][0]

    server.stop()
    page.get_by_role("button", name=re.compile("^Consultar aranceles")).tap()
    expect(page.locator("#offline")).to_be_visible()
    expect(page.get_by_role("heading", name="Tabla de aranceles")).to_be_visible()
    expect(page.get_by_text("solo las calcula la calculadora en línea")).to_be_visible()
    page.get_by_role("button", name=re.compile(f"^{first['code']}")).first.tap()
    rows = page.locator("#tiers tbody tr")
    expect(rows).to_have_count(len(first["tiers"]))
    expect(rows.first).to_contain_text(f"S/ {first['tiers'][0]['amount']}")
    shot(page, "10-sin-conexion")
    assert_touch_targets(page)

    page.get_by_role("button", name="Inicio").tap()
    expect(page.get_by_role("button", name=re.compile("^No tengo cita"))).to_be_disabled()

    servers.append(start(port=server.port))
    expect(page.locator("#offline")).to_be_hidden(timeout=10_000)
    expect(page.get_by_role("button", name=re.compile("^No tengo cita"))).to_be_enabled()
