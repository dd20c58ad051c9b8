"""Citizens racing a real multi-worker gunicorn for the last places of one slot.

The Flask test client serves one request at a time in one process, so it cannot show what
happens when several gunicorn workers (separate processes, separate database connections)
confirm the same slot at the same moment. Here the real server runs with 4 workers on
SQLite and on PostgreSQL, each simulated citizen has its own cookie jar (CSRF is on), and
all the final "Confirmar" POSTs leave together from behind a barrier.
"""

import datetime as dt
import itertools
import re
import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pytest

from db import database, open_database
from domain.quotas import HIGHEST, QUOTAS
from domain.states import AppointmentStatus
from models import Appointment, Sede, Service, Setting, Slot
from tests import live_server
from tests.helpers import human_answer
from tests.live_browser import (
    HTTP_TIMEOUT,
    SERVER_FAILURES,
    Browser,
    Reply,
    empty_database,
    refusal,
)

WORKERS = 4
CAPACITY = 3  # places per slot in the sede under test
CLIENTS = 50
DOUBLE_TAPS = 5
SLOT_FULL = "Ese horario se acaba de llenar. Elija otro horario"

RADIO = re.compile(r'type="radio" id="[^"]+" name="choice" value="([^"]+)"')
REQUEST_KEY = re.compile(r'name="request_key"[^>]*value="([^"]+)"')

# Every citizen in a module gets a new document: one person may hold only one active
# appointment per service and day, and the tests share the server's database.
_documents = itertools.count(40_000_001)


# --- a citizen booking ----------------------------------------------------------------------


@dataclass(frozen=True)
class Target:
    sede: str
    service: str
    day: str
    start: str


def fill_identity(browser: Browser) -> None:
    page = browser.get("/citas/datos")
    assert page.status == 200
    person = human_answer(page.text) | {
        "doc_type": "DNI",
        "doc_number": str(next(_documents)),
        "names": "Rosa Elena",
        "surnames": "Huamán Torres",
        "birth_date": "17/05/1990",
        "email": "rosa@example.pe",
        "phone": "987654321",
    }
    browser.step("/citas/datos", person, "/citas/sede")


def reach_review(port: int, target: Target) -> tuple[Browser, str]:
    """A citizen who chose `target` and has the review page open; returns its request_key."""
    browser = Browser(port)
    fill_identity(browser)
    browser.step("/citas/sede", {"choice": target.sede}, "/citas/servicio")
    browser.step("/citas/servicio", {"choice": target.service}, "/citas/dia")
    browser.step("/citas/dia", {"choice": target.day}, "/citas/hora")
    browser.step("/citas/hora", {"choice": target.start}, "/citas/revisar")
    review = browser.get("/citas/revisar")
    assert review.status == 200, review.text
    return browser, REQUEST_KEY.search(review.text).group(1)


def confirm_all_at_once(tabs: list[tuple[Browser, str]]) -> list[Reply]:
    """POST every review form at the same instant.

    Each thread opens its TCP connection first and only then waits at the barrier, so
    what is released together is the requests themselves, not the connection set-up.
    """
    barrier = threading.Barrier(len(tabs))

    def confirm(tab: tuple[Browser, str]) -> Reply:
        browser, key = tab
        connection = browser.connect()
        try:
            barrier.wait(timeout=HTTP_TIMEOUT)
        except threading.BrokenBarrierError:
            connection.close()
            raise
        return browser.post("/citas/revisar", {"request_key": key}, connection)

    with ThreadPoolExecutor(max_workers=len(tabs)) as pool:
        return list(pool.map(confirm, tabs))


# --- the server -----------------------------------------------------------------------------


@dataclass
class Server:
    engine: str
    url: str
    port: int
    log: Path
    outbox: Path
    sede_id: int
    service_id: int

    def failures_in_log(self) -> list[str]:
        lines = self.log.read_text(errors="replace").splitlines()
        return [line for line in lines if any(marker in line for marker in SERVER_FAILURES)]

    def pick_free_slot(self) -> Target:
        """Walk the pages like a citizen and take a slot nobody has booked yet.

        A day after today, so no same-day cut-off can close it during the test; and a time
        without a Slot row, so each test starts from an empty slot however they are ordered.
        """
        scout = Browser(self.port)
        fill_identity(scout)
        sede, service = str(self.sede_id), str(self.service_id)
        assert sede in RADIO.findall(scout.get("/citas/sede").text)
        scout.step("/citas/sede", {"choice": sede}, "/citas/servicio")
        assert service in RADIO.findall(scout.get("/citas/servicio").text)
        scout.step("/citas/servicio", {"choice": service}, "/citas/dia")
        day = RADIO.findall(scout.get("/citas/dia").text)[1]
        scout.step("/citas/dia", {"choice": day}, "/citas/hora")
        offered = RADIO.findall(scout.get("/citas/hora").text)
        with self.db():
            taken = Slot.taken_on(self.service_id, dt.date.fromisoformat(day))
        start = next(t for t in offered if t not in {s.strftime("%H:%M") for s in taken})
        return Target(sede, service, day, start)

    def db(self):
        """A short-lived connection from the test process, to check what was written.

        Bound again each time: other test modules' fixtures rebind the shared proxy.
        """
        database.initialize(open_database(self.url))
        return database.connection_context()

    def slot_state(self, target: Target) -> tuple[int, list[str]]:
        """(the Slot row's `booked`, the codes of the active appointments) for `target`."""
        here = {
            "service": self.service_id,
            "day": dt.date.fromisoformat(target.day),
            "starts": dt.time.fromisoformat(target.start),
        }
        with self.db():
            slot = Slot.get_or_none(*(getattr(Slot, k) == v for k, v in here.items()))
            codes = [
                a.code
                for a in Appointment.select(Appointment.code).where(
                    *(getattr(Appointment, k) == v for k, v in here.items()),
                    Appointment.status == AppointmentStatus.ACTIVA,
                )
            ]
        return (slot.booked if slot else 0), codes

    def mails(self) -> int:
        return len(list(self.outbox.glob("*.eml"))) if self.outbox.exists() else 0


def seed(url: str) -> tuple[int, int]:
    """Schema and demo court, with CAPACITY places per slot in the sede under test."""
    live_server.prepare_database(url)
    with database.connection_context():
        sede = Sede.get(Sede.code == "alzamora")
        Sede.update(capacity_per_slot=CAPACITY).where(Sede.id == sede.id).execute()
        service = Service.get(Service.sede == sede, Service.code == "escritos")
        # Fifty citizens from one address and one e-mail: raise the booking quotas as an
        # administrator would for a kiosk (they are tested in test_booking_quotas.py).
        for quota in QUOTAS:
            Setting.write(quota.name, str(HIGHEST))
    return sede.id, service.id


@pytest.fixture(scope="module", params=["sqlite", "postgres"])
def server(request, tmp_path_factory):
    folder = tmp_path_factory.mktemp(f"gunicorn-{request.param}")
    url = empty_database(request, folder)
    sede_id, service_id = seed(url)
    gunicorn = live_server.start(
        env=live_server.app_env(url, folder),
        log=folder / "gunicorn.log",
        workers=WORKERS,
        extra_args=("--timeout", "30"),
    )
    try:
        yield Server(
            request.param, url, gunicorn.port, gunicorn.log, folder / "outbox", sede_id, service_id
        )
    finally:
        gunicorn.stop()
        database.close()


# --- the tests ------------------------------------------------------------------------------


def test_fifty_clients_racing_for_a_slot_get_exactly_its_capacity_and_the_rest_slot_full(server):
    target = server.pick_free_slot()
    # Ready everyone first: the race is only the final confirmation.
    with ThreadPoolExecutor(max_workers=2 * WORKERS) as pool:
        tabs = list(pool.map(lambda _: reach_review(server.port, target), range(CLIENTS)))
    mails_before = server.mails()

    replies = confirm_all_at_once(tabs)

    tickets = [r.ticket_code for r in replies if r.ticket_code]
    refused = [r for r in replies if r.status == 200 and SLOT_FULL in r.text]
    errors = [r.status for r in replies if r.status >= 500]
    print(
        f"{server.engine}: {len(tickets)} tickets, {len(refused)} slot full, "
        f"{len(errors)} server errors, of {CLIENTS} clients"
    )
    assert errors == []
    assert len(tickets) == CAPACITY
    # Everyone else is told why, on the review page, instead of an error or a ticket.
    assert len(refused) == CLIENTS - CAPACITY, sorted(
        {(r.status, r.location or refusal(r.text)) for r in replies if not r.ticket_code}
    )
    assert server.failures_in_log() == []
    booked, codes = server.slot_state(target)
    assert booked == CAPACITY
    assert sorted(codes) == sorted(tickets)
    assert server.mails() - mails_before == CAPACITY  # a ticket e-mail for winners only
    # And the full time is no longer offered to someone who goes back to choose another.
    loser = next(
        browser for (browser, _), r in zip(tabs, replies, strict=True) if not r.ticket_code
    )
    assert target.start not in RADIO.findall(loser.get("/citas/hora").text)


@pytest.mark.parametrize("taken_before", [0, CAPACITY - 1], ids=["empty-slot", "last-place"])
def test_double_tap_on_confirm_books_once_and_every_tap_gets_the_same_ticket(server, taken_before):
    target = server.pick_free_slot()
    for _ in range(taken_before):
        browser, key = reach_review(server.port, target)
        assert browser.post("/citas/revisar", {"request_key": key}).ticket_code
    browser, key = reach_review(server.port, target)

    # The same review form sent 5 times at once: same cookie, same request_key. The taps
    # that lose must find the winner's ticket, not "slot full" or "already booked" (on the
    # last place, a losing tap sees the slot full only because the winner is itself).
    replies = confirm_all_at_once([(browser.tab(), key) for _ in range(DOUBLE_TAPS)])

    answers = [(r.status, r.location or refusal(r.text)) for r in replies]
    assert [r.status for r in replies if r.status >= 500] == []
    tickets = {r.ticket_code for r in replies}
    assert len(tickets) == 1 and None not in tickets, answers
    assert server.failures_in_log() == []
    booked, codes = server.slot_state(target)
    assert booked == taken_before + 1
    assert tickets <= set(codes) and len(codes) == taken_before + 1
