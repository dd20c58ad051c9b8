"""The board's endpoint as boards poll it every second: a warm worker answers with one small
query, and still shows a call or a recall on the very next poll."""

import pytest

from db import database
from domain.roles import Role
from models import Court, Sede, Service, Window
from models.queue import QueueTicket
from services import queue
from services.actor import Actor
from services.clock import utc_now
from tests.helpers import make_app, staff

BOARD = "/api/sedes/alzamora/tablero"


@pytest.fixture
def cached_client(database_url, tmp_path):
    app = make_app(database_url, tmp_path, SETUP_CACHE_SECONDS=30)
    yield app.test_client()
    database.close()


class Desk:
    """Window 1 of alzamora, with walk-ins waiting."""

    def __init__(self, tickets: int = 3):
        sede = Sede.get(Sede.code == "alzamora")
        self.window = Window.get((Window.sede == sede) & (Window.number == 1))
        self.clerk = Actor(staff("tablero-cache@pj.gob.pe", Role.MESA_DE_PARTES))
        admin = Actor(staff("tablero-cache-admin@pj.gob.pe", Role.ADMINISTRADOR))
        kiosk, _ = queue.create_kiosk(sede, "Lobby", actor=admin, now=utc_now())
        service = Service.get((Service.sede == sede) & (Service.code == "escritos"))
        for n in range(tickets):
            queue.take_ticket(
                sede,
                service_id=service.id,
                request_key=f"cache-{n:04d}",
                kiosk=kiosk,
                now=utc_now(),
            )

    def call_next(self) -> QueueTicket:
        current = QueueTicket.at_window(self.window, queue.local_day(utc_now()))
        if current is not None:
            queue.attend(current, actor=self.clerk, now=utc_now())
        return queue.call_next(self.window, actor=self.clerk, now=utc_now())


def test_a_warm_worker_answers_a_poll_with_one_small_query(cached_client, sql_statements):
    desk = Desk()
    desk.call_next()
    first = cached_client.get(BOARD)
    sql_statements.clear()
    again = cached_client.get(BOARD, headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304
    sql = [s for s in sql_statements if s.startswith("(")]  # not the pool's messages
    assert len(sql) == 1 and "COUNT" in sql[0], sql


def test_a_call_and_a_recall_show_on_the_next_poll_of_a_warm_worker(cached_client):
    desk = Desk()
    first = cached_client.get(BOARD)
    assert first.json["calls"] == []
    etag = first.headers["ETag"]
    assert cached_client.get(BOARD, headers={"If-None-Match": etag}).status_code == 304

    called = desk.call_next()
    after_call = cached_client.get(BOARD, headers={"If-None-Match": etag})
    assert after_call.status_code == 200
    assert [c["ticket"] for c in after_call.json["calls"]] == [called.label]

    queue.recall(called, actor=desk.clerk, now=utc_now())
    after_recall = cached_client.get(BOARD, headers={"If-None-Match": after_call.headers["ETag"]})
    assert after_recall.status_code == 200
    newest = after_recall.json["calls"][0]
    assert newest["ticket"] == called.label and newest["recall"] is True


def test_a_sede_opened_after_the_worker_kept_the_set_up_has_its_board_at_once(cached_client):
    assert cached_client.get(BOARD).status_code == 200  # the set-up is kept now
    Sede.create(
        court=Court.current(),
        code="nueva",
        name="Sede nueva",
        address="Av. Nueva 1",
        district="Lima",
        city="Lima",
    )
    board = cached_client.get("/api/sedes/nueva/tablero")
    assert board.status_code == 200 and board.json == {"sede": "Sede nueva", "calls": []}
    assert cached_client.get("/api/sedes/ninguna/tablero").status_code == 404
