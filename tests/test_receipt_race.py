"""A receipt is used once, however many people register it at the same moment.

Two levels, each on SQLite and PostgreSQL: threads that each hold their own database
connection call ReceiptUse.use at once; and clerks (separate sessions, CSRF on) post the
registration form together to a real gunicorn with several workers, from behind a barrier.
Either way exactly one use is stored.
"""

import re
import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, time, timedelta
from decimal import Decimal

import pytest

from db import database, open_database
from domain.fees import BankPayment as Paid
from models import AuditEvent, BankPayment, FeeYear, ReceiptUse, User
from models.fees import AlreadyUsed
from services.clock import court_now, utc_now
from tests import live_server
from tests.live_browser import HTTP_TIMEOUT, SERVER_FAILURES, Browser, empty_database, refusal

THREADS = 8
WORKERS = 4
CLERKS = 8
DOUBLE_TAPS = 5
PASSWORD = "Clave-Segura-2026"
REGISTER = "/personal/comprobantes/registrar"
USE_PAGE = re.compile(r"/personal/comprobantes/usos/(\d+)$")
USED = ("ya fue usado", "se acaba de usar")
TOKEN = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')  # as WTForms writes it


def add_payment(sequence: str) -> BankPayment:
    """A payment of last week, at the 07900 price of its year, as the bank file brings it."""
    day = court_now().date() - timedelta(days=7)
    amount = FeeYear.schedules()[day.year].concept("07900").tiers[0].figure.amount
    paid = Paid(sequence, datetime.combine(day, time(9)), amount, "07900", "45678901")
    BankPayment.add([paid], "carrera", utc_now())
    return BankPayment.find(sequence, day)


# --- threads, each with its own connection ---------------------------------------------------


def test_simultaneous_uses_from_separate_connections_store_exactly_one(app, db):
    payment = add_payment("5550001")
    database.close()
    barrier = threading.Barrier(THREADS)

    def use(n: int) -> str:
        database.connect(reuse_if_open=True)  # peewee keeps one connection per thread
        try:
            barrier.wait(timeout=HTTP_TIMEOUT)
            ReceiptUse.use(payment, f"Escrito {n}", utc_now())
            return "used"
        except AlreadyUsed:
            return "refused"
        finally:
            database.close()

    with ThreadPoolExecutor(max_workers=THREADS) as pool:
        outcomes = list(pool.map(use, range(THREADS)))
    assert sorted(outcomes) == ["refused"] * (THREADS - 1) + ["used"]
    assert ReceiptUse.select().where(ReceiptUse.payment == payment).count() == 1


# --- clerks racing a real multi-worker gunicorn -----------------------------------------------


class Server:
    def __init__(self, url: str, gunicorn):
        self.url, self.port, self.log = url, gunicorn.port, gunicorn.log

    def db(self):
        """A short-lived connection from the test process (other modules rebind the proxy)."""
        database.initialize(open_database(self.url))
        return database.connection_context()

    def failures_in_log(self) -> list[str]:
        lines = self.log.read_text(errors="replace").splitlines()
        return [line for line in lines if any(marker in line for marker in SERVER_FAILURES)]

    def clerk(self, email: str) -> Browser:
        """A clerk signed in through the login form, with the register form's CSRF token."""
        browser = Browser(self.port)
        browser.csrf = TOKEN.search(browser.get("/cuenta/ingresar").text).group(1)
        reply = browser.post("/cuenta/ingresar", {"login": email, "password": PASSWORD})
        assert reply.status == 303, refusal(reply.text)
        page = browser.get(REGISTER)
        assert page.status == 200
        browser.csrf = TOKEN.search(page.text).group(1)
        return browser


@pytest.fixture(scope="module", params=["sqlite", "postgres"])
def server(request, tmp_path_factory):
    folder = tmp_path_factory.mktemp(f"receipts-{request.param}")
    url = empty_database(request, folder)
    live_server.prepare_database(url)
    with database.connection_context():
        for n in range(CLERKS):
            clerk = User(
                email=f"mesa{n}@corte.pe",
                full_name=f"Mesa {n}",
                is_staff=True,
                roles="mesa_de_partes",
                created_at=utc_now(),
            )
            clerk.set_password(PASSWORD)
            clerk.save()
    gunicorn = live_server.start(
        env=live_server.app_env(url, folder),
        log=folder / "gunicorn.log",
        workers=WORKERS,
        extra_args=("--timeout", "30"),
    )
    try:
        yield Server(url, gunicorn)
    finally:
        gunicorn.stop()
        database.close()


def fields(payment: BankPayment, used_for: str) -> dict:
    return {
        "sequence": payment.sequence,
        "paid_on": payment.paid_on.strftime("%d/%m/%Y"),
        "amount": f"{Decimal(payment.amount):.2f}",
        "payer_document": payment.payer_document,
        "used_for": used_for,
        "expected_code": "",
        "expected_amount": "",
    }


def post_all_at_once(tabs: list[tuple[Browser, dict]]):
    """Every form leaves together: connections open first, then the barrier, then the POSTs."""
    barrier = threading.Barrier(len(tabs))

    def send(tab):
        browser, data = tab
        connection = browser.connect()
        barrier.wait(timeout=HTTP_TIMEOUT)
        return browser.post(REGISTER, data, connection)

    with ThreadPoolExecutor(max_workers=len(tabs)) as pool:
        return list(pool.map(send, tabs))


def stored_uses(server, payment) -> tuple[int, int]:
    with server.db():
        uses = ReceiptUse.select().where(ReceiptUse.payment == payment.id).count()
        events = AuditEvent.select().where(AuditEvent.action == "comprobante_usado")
        return uses, events.where(AuditEvent.subject.startswith(payment.sequence)).count()


def test_clerks_registering_one_receipt_together_get_one_success(server):
    with server.db():
        payment = add_payment("5550002")
    clerks = [server.clerk(f"mesa{n}@corte.pe") for n in range(CLERKS)]

    replies = post_all_at_once([(c, fields(payment, f"Escrito {n}")) for n, c in enumerate(clerks)])

    winners = [r for r in replies if r.status == 303 and USE_PAGE.search(r.location)]
    refused = [r for r in replies if r.status == 200 and any(m in r.text for m in USED)]
    assert [r.status for r in replies if r.status >= 500] == []
    assert len(winners) == 1, [(r.status, r.location or refusal(r.text)) for r in replies]
    assert len(refused) == CLERKS - 1
    assert stored_uses(server, payment) == (1, 1)
    assert server.failures_in_log() == []


def test_a_double_tap_registers_once_and_every_tap_shows_the_same_use(server):
    with server.db():
        payment = add_payment("5550003")
    clerk = server.clerk("mesa0@corte.pe")

    replies = post_all_at_once(
        [(clerk.tab(), fields(payment, "Demanda")) for _ in range(DOUBLE_TAPS)]
    )

    pages = {r.location for r in replies}
    assert len(pages) == 1 and USE_PAGE.search(pages.pop()), [
        (r.status, r.location or refusal(r.text)) for r in replies
    ]
    assert stored_uses(server, payment) == (1, 1)
    assert server.failures_in_log() == []
