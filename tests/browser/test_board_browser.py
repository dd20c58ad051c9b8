"""The waiting room's board (kiosk/tablero.html) on a TV-sized screen: it shows a call and a
recall within two seconds, chimes and speaks each once, and comes back by itself after the
app stopped answering, without saying again what it already said.

The board's sound is observed, not heard: an init script (Playwright's, outside the page's
Content-Security-Policy) puts a counting AudioContext and a recording speechSynthesis with a
Spanish voice in place of the browser's, which headless Chromium has no speakers or voices for.
The calls are made through the use cases, on a sede of the test's own in the live server.
"""

import pytest
from playwright.sync_api import expect

from app import create_app
from db import database
from domain.roles import Role
from models import Court, Sede, Service, Window
from models.queue import QueueTicket
from services import queue
from services.actor import Actor
from services.clock import utc_now
from tests.helpers import staff

pytestmark = pytest.mark.browser

CALL_SECONDS = 2  # the issue: the board shows a call within two seconds
SEDE = "tablero-prueba"
TV = {"viewport": {"width": 1920, "height": 1080}, "locale": "es-PE"}
FAKE_SOUND = """
window.__board = {oscillators: 0, spoken: []};
window.AudioContext = class {
  constructor() { this.state = "suspended"; this.currentTime = 0; this.destination = {}; }
  resume() { this.state = "running"; return Promise.resolve(); }
  createOscillator() {
    window.__board.oscillators += 1;
    return {frequency: {}, connect() {}, start() {}, stop() {}};
  }
  createGain() {
    return {gain: {setValueAtTime() {}, exponentialRampToValueAtTime() {}}, connect() {}};
  }
};
window.SpeechSynthesisUtterance = class { constructor(text) { this.text = text; } };
Object.defineProperty(window, "speechSynthesis", {configurable: true, value: {
  getVoices: () => [{lang: "es-PE", name: "Prueba", localService: true}],
  speak(utterance) {
    window.__board.spoken.push(utterance.text);
    setTimeout(() => utterance.onend && utterance.onend(), 10);
  },
}});
"""


class Desk:
    """The test's sede in the live server's database: one window, a kiosk and a clerk."""

    def __init__(self, live_server):
        self.app = create_app({"DATABASE_URL": live_server.database_url, "TESTING": True})
        with self.app.app_context(), database.connection_context():
            sede = Sede.create(
                court=Court.current(),
                code=SEDE,
                name="Sede del tablero",
                address="Av. Prueba 1",
                district="Cercado de Lima",
                city="Lima",
            )
            self.sede_id = sede.id
            self.service_id = Service.create(sede=sede, code="escritos", name="Escritos").id
            self.window_id = Window.create(sede=sede, number=3).id
            self.clerk = Actor(staff("tablero-mesa@pj.gob.pe", Role.MESA_DE_PARTES))
            admin = Actor(staff("tablero-admin@pj.gob.pe", Role.ADMINISTRADOR))
            self.kiosk, _ = queue.create_kiosk(sede, "Lobby", actor=admin, now=utc_now())
        self.taken = 0

    def walk_in(self) -> str:
        self.taken += 1
        with self.app.app_context(), database.connection_context():
            ticket, _ = queue.take_ticket(
                Sede.get_by_id(self.sede_id),
                service_id=self.service_id,
                request_key=f"tablero-{self.taken:04d}",
                kiosk=self.kiosk,
                now=utc_now(),
            )
            return ticket.label

    def call_next(self) -> str:
        """Close the window's open ticket, if any, and call the next one."""
        with self.app.app_context(), database.connection_context():
            window = Window.get_by_id(self.window_id)
            open_ticket = QueueTicket.at_window(window, queue.local_day(utc_now()))
            if open_ticket is not None:
                queue.attend(open_ticket, actor=self.clerk, now=utc_now())
            return queue.call_next(window, actor=self.clerk, now=utc_now()).label

    def close(self) -> None:
        """Other modules share the live server: the test's sede leaves the sedes' lists."""
        with self.app.app_context(), database.connection_context():
            Sede.update(active=False).where(Sede.id == self.sede_id).execute()

    def recall(self) -> None:
        with self.app.app_context(), database.connection_context():
            window = Window.get_by_id(self.window_id)
            ticket = QueueTicket.at_window(window, queue.local_day(utc_now()))
            queue.recall(ticket, actor=self.clerk, now=utc_now())


def console_error(message, errors: list[str], outage: dict) -> None:
    """A console error fails the test (a Content-Security-Policy violation shows as one), but
    not the failed requests of the outage the test makes, nor Chromium's own favicon request."""
    url = message.location["url"]
    if message.type == "error" and not outage["on"] and not url.endswith("/favicon.ico"):
        errors.append(f"console: {message.text} ({url})")


def chimes(page) -> int:
    return page.evaluate("window.__board.oscillators") // 2  # two notes a chime


def spoken(page) -> list[str]:
    return page.evaluate("window.__board.spoken")


def test_the_board_shows_calls_and_recalls_and_comes_back_after_an_outage(
    chromium, live_server, screenshot_dir
):
    desk = Desk(live_server)
    first, second = desk.walk_in(), desk.walk_in()
    context = chromium.new_context(base_url=live_server.url, **TV)
    context.add_init_script(FAKE_SOUND)
    page = context.new_page()
    page.set_default_timeout(10_000)
    errors, outage = [], {"on": False}
    page.on("pageerror", lambda error: errors.append(f"script error: {error}"))
    page.on("console", lambda message: console_error(message, errors, outage))
    statuses = []
    page.on("response", lambda r: "/tablero" in r.url and statuses.append(r.status))
    try:
        page.goto(f"/kiosk/tablero.html?sede={SEDE}")
        expect(page.locator("#sede")).to_have_text("Sede del tablero")
        sound = page.get_by_role("button", name="Activar sonido")
        sound.click()
        expect(sound).to_be_hidden()
        page.wait_for_function("() => window.__board.spoken.includes('Sonido activado')")
        page.wait_for_timeout(1500)
        assert 304 in statuses, f"the board's polls were answered {statuses}, never 304"
        before = chimes(page)

        assert (first, second) == ("E-001", "E-002")  # the sede is the test's own
        assert desk.call_next() == first
        ticket, window = page.locator("#now-ticket"), page.locator("#now-window")
        expect(ticket).to_have_text(first, timeout=CALL_SECONDS * 1000)
        expect(window).to_have_text("3")
        page.wait_for_function("() => window.__board.spoken.length >= 2")
        assert spoken(page)[-1] == "Turno e uno, ventanilla tres."

        desk.recall()
        expect(page.locator("#now-note")).to_have_text(
            "Se le vuelve a llamar", timeout=CALL_SECONDS * 1000
        )
        expect(ticket).to_have_text(first)
        page.wait_for_function("() => window.__board.spoken.length >= 3")
        assert spoken(page)[-1] == "Se llama nuevamente al turno e uno, ventanilla tres."
        assert chimes(page) == before + 2
        page.screenshot(path=screenshot_dir / "board-1920x1080.png")

        # The app stops answering: the calls stay, a discreet notice shows, a call made
        # meanwhile shows (and is said once) as soon as the app answers again.
        outage["on"] = True
        page.route("**/api/sedes/*/tablero", lambda route: route.fulfill(status=503))
        status = page.locator("#status")
        expect(status).to_be_visible(timeout=5000)
        expect(status).to_have_text("Reconectando…")
        expect(ticket).to_have_text(first)
        page.set_viewport_size({"width": 1280, "height": 720})
        page.screenshot(path=screenshot_dir / "board-1280x720-reconnecting.png")
        assert desk.call_next() == second
        page.unroute("**/api/sedes/*/tablero")
        expect(ticket).to_have_text(second, timeout=5000)
        expect(status).to_be_hidden()
        outage["on"] = False
        expect(page.locator("#recent li").first).to_contain_text(first)
        page.wait_for_function("() => window.__board.spoken.length >= 4")
        page.wait_for_timeout(1500)  # a few polls more: nothing is said twice
        assert chimes(page) == before + 3
        assert spoken(page)[3:] == ["Turno e dos, ventanilla tres."]
        page.screenshot(path=screenshot_dir / "board-1280x720.png")
    finally:
        context.close()
        desk.close()
    assert not errors, "the browser reported errors:\n" + "\n".join(errors)


def test_a_board_without_a_sede_says_how_to_open_it(chromium, live_server):
    context = chromium.new_context(base_url=live_server.url, **TV)
    page = context.new_page()
    try:
        page.goto("/kiosk/tablero.html")
        expect(page.locator("#message")).to_contain_text("tablero.html?sede=")
    finally:
        context.close()
