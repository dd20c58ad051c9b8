"""Public pages read the court's set-up from each worker's short cache, not the database: under
a peak hour the SQL peewee builds for it was a third of the home page's time."""

from datetime import date, time

import peewee
import pytest

from db import database
from models import Sede, Service, Slot
from tests.helpers import book, choices, make_app, submit_identity


@pytest.fixture
def cached_client(database_url, tmp_path):
    app = make_app(database_url, tmp_path, SETUP_CACHE_SECONDS=30)
    yield app.test_client()
    database.close()


@pytest.mark.parametrize("path", ["/", "/citas/"])
def test_a_warm_worker_lists_the_sedes_without_a_query(cached_client, sql_statements, path):
    first = cached_client.get(path)
    assert first.status_code == 200
    sql_statements.clear()
    second = cached_client.get(path)
    assert second.status_code == 200
    assert second.text == first.text
    assert not [q for q in sql_statements if "sede" in q.lower()], sql_statements


def test_with_no_cache_a_closed_sede_leaves_the_list_at_once(client):
    sede = Sede.select().order_by(Sede.name).first()
    assert sede.name in client.get("/").text
    Sede.update(active=False).where(Sede.id == sede.id).execute()
    assert sede.name not in client.get("/").text


def test_a_warm_worker_lists_a_sedes_services_without_a_query(cached_client, sql_statements):
    book_until_services(cached_client, {"sede": 0})
    first = cached_client.get("/citas/servicio")
    assert first.status_code == 200
    sql_statements.clear()
    second = cached_client.get("/citas/servicio")
    assert second.text == first.text
    assert not [q for q in sql_statements if '"service"' in q], sql_statements


@pytest.fixture
def built(monkeypatch):
    """The SQL peewee writes for each query object it runs (Database.execute)."""
    statements = []
    execute = peewee.Database.execute

    def recording(self, query, **context):
        statements.append(self.get_sql_context(**context).sql(query).query()[0])
        return execute(self, query, **context)

    monkeypatch.setattr(peewee.Database, "execute", recording)
    return statements


def test_the_day_and_slot_pages_send_their_slot_query_without_rewriting_it(cached_client, built):
    """peewee takes longer to write the slot query than the database to run it."""
    book_until_services(cached_client, {"sede": 0})
    cached_client.post(
        "/citas/servicio", data={"choice": choices(cached_client.get("/citas/servicio"))[0]}
    )
    day = choices(cached_client.get("/citas/dia"))[-1]
    cached_client.post("/citas/dia", data={"choice": day})
    first = cached_client.get("/citas/hora")
    built.clear()
    assert cached_client.get("/citas/hora").text == first.text
    assert cached_client.get("/citas/dia").status_code == 200
    assert not [sql for sql in built if '"slot"' in sql], built


def test_the_slot_counts_are_those_of_the_table(app, db):
    """Slot.taken_on and taken_between, sent as written once, read the same rows peewee's
    own query reads, with dates and times as such (SQLite stores them as text)."""
    service = Service.select().first()
    day, other = date(2026, 12, 14), date(2026, 12, 16)
    for on, start, booked in ((day, time(9, 0), 2), (day, time(9, 20), 1), (other, time(10, 0), 3)):
        Slot.create(service=service, day=on, starts=start, capacity=4, booked=booked)
    assert Slot.taken_on(service, day) == {time(9, 0): 2, time(9, 20): 1}
    assert Slot.taken_on(service.id, other) == {time(10, 0): 3}
    assert Slot.taken_on(service, date(2026, 12, 15)) == {}
    assert Slot.taken_between(service, day, other) == {
        (day, time(9, 0)): 2,
        (day, time(9, 20)): 1,
        (other, time(10, 0)): 3,
    }
    assert Slot.taken_between(service, day, date(2026, 12, 15)) == {
        (day, time(9, 0)): 2,
        (day, time(9, 20)): 1,
    }


def book_until_services(client, fill):
    submit_identity(client)
    sede = choices(client.get("/citas/sede"))[fill["sede"]]
    client.post("/citas/sede", data={"choice": sede})


def test_the_ticket_page_reads_its_appointment_sede_and_service_in_one_query(
    client, sql_statements
):
    ticket = book(client)
    assert ticket.status_code == 200
    sql_statements.clear()
    again = client.get(ticket.request.path)
    assert again.text == ticket.text
    read = [q for q in sql_statements if "SELECT" in q]
    assert len(read) == 2, read  # the appointment with its sede and service; the court


def test_a_warm_worker_shows_the_review_without_reading_the_sede(cached_client, sql_statements):
    book_until_services(cached_client, {"sede": 0})
    for step in ("servicio", "dia", "hora"):
        options = choices(cached_client.get(f"/citas/{step}"))
        cached_client.post(f"/citas/{step}", data={"choice": options[-1 if step == "dia" else 0]})
    first = cached_client.get("/citas/revisar")
    assert first.status_code == 200
    sql_statements.clear()
    assert cached_client.get("/citas/revisar").text == first.text
    assert not [q for q in sql_statements if 'FROM "sede"' in q], sql_statements
