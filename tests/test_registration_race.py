"""A registration sent several times at once (a double click, a retry on a slow network) on a
real multi-worker gunicorn: every copy answers "check your e-mail", one account is opened.

The requests leave together from behind a barrier, each from its own browser (own cookie,
CSRF token and answered human check), to workers with their own database connections, so
they look the account up before any of them has written it.
"""

import itertools
import re
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest

from db import database, open_database
from models import User
from tests import live_server
from tests.helpers import NEW_CITIZEN, human_answer
from tests.live_browser import HTTP_TIMEOUT, SERVER_FAILURES, Browser, empty_database, refusal

WORKERS = 3
COPIES = 3  # the same form, sent this many times at once
ROUNDS = 3  # people, each racing with themself; 9 registrations stay under the hourly limit

CSRF_FIELD = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')

_documents = itertools.count(46_000_001)


@pytest.fixture(scope="module", params=["sqlite", "postgres"])
def server(request, tmp_path_factory):
    folder = tmp_path_factory.mktemp(f"gunicorn-register-{request.param}")
    url = empty_database(request, folder)
    live_server.prepare_database(url)
    gunicorn = live_server.start(
        env=live_server.app_env(url, folder), log=folder / "gunicorn.log", workers=WORKERS
    )
    try:
        yield url, gunicorn
    finally:
        gunicorn.stop()
        database.close()


def ready_to_send(port: int) -> tuple[Browser, dict]:
    """A browser with the registration page open and the human check answered."""
    browser = Browser(port)
    page = browser.get("/cuenta/registro")
    assert page.status == 200
    browser.csrf = CSRF_FIELD.search(page.text).group(1)  # WTForms puts type= before value=
    return browser, human_answer(page.text)


def send_all_at_once(port: int, person: dict) -> list:
    tabs = [ready_to_send(port) for _ in range(COPIES)]
    barrier = threading.Barrier(COPIES)

    def send(tab):
        browser, answer = tab
        connection = browser.connect()
        barrier.wait(timeout=HTTP_TIMEOUT)
        return browser.post("/cuenta/registro", person | answer, connection)

    with ThreadPoolExecutor(max_workers=COPIES) as pool:
        return list(pool.map(send, tabs))


def test_a_registration_sent_several_times_at_once_opens_one_account(server):
    url, gunicorn = server
    for n in range(ROUNDS):
        number = str(next(_documents))
        person = NEW_CITIZEN | {"doc_number": number, "email": f"doble{number}@example.pe"}
        replies = send_all_at_once(gunicorn.port, person)
        answers = [(r.status, r.location or refusal(r.text)) for r in replies]
        assert answers == [(303, "/cuenta/revise-su-correo")] * COPIES, f"round {n}: {answers}"
    log = gunicorn.log.read_text(errors="replace")
    assert [line for line in log.splitlines() if any(f in line for f in SERVER_FAILURES)] == []
    database.initialize(open_database(url))
    with database.connection_context():
        emails = [u.email for u in User.select(User.email).where(User.email.startswith("doble"))]
    assert len(emails) == len(set(emails)) == ROUNDS
