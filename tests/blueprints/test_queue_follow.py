"""The page a ticket's QR opens on the person's phone, /cola/<token>: whole without JavaScript
(with its «Actualizar» link), only its #queue-place section for htmx's poll, each state's
words, never cached, no personal data, and a Spanish 404 for a token that is not a ticket's."""

from datetime import time, timedelta

import pytest

from domain.roles import Role
from models import Appointment, Sede, Service, Slot, Window
from models.queue import QueueTicket
from services import queue
from services.actor import Actor
from services.clock import utc_now
from tests.helpers import HX, TEST_NOW, staff

# The pages' SQL is the same on both engines (the use cases' races run on both in
# tests/services/test_queue.py): once, on SQLite, keeps the suite within its budget.
pytestmark = pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)

SEDE = "alzamora"


@pytest.fixture
def lobby(app, db):
    """Issues tickets at the sede and moves them on as a clerk at window 1 would."""
    with app.app_context():
        sede = Sede.get(Sede.code == SEDE)
        admin = Actor(staff("admin@corte.pe", Role.ADMINISTRADOR))
        kiosk, _ = queue.create_kiosk(sede, "Lobby", actor=admin, now=utc_now())
    clerk = Actor(staff("mesa@corte.pe", Role.MESA_DE_PARTES))
    window = Window.get((Window.sede == sede) & (Window.number == 1))
    service = Service.get((Service.sede == sede) & (Service.code == "escritos"))

    class Lobby:
        def walk_in(self, n=1):
            with app.app_context():
                ticket, _ = queue.take_ticket(
                    sede,
                    service_id=service.id,
                    request_key=f"tap-{n:04d}-x",
                    kiosk=kiosk,
                    now=utc_now(),
                )
            return ticket

        def check_in(self):
            slot = Slot.create(
                service=service, day=TEST_NOW.date(), starts=time(10, 20), capacity=1, booked=1
            )
            Appointment.create(
                code="AAAA-BBBB-CCCC", request_key="r-1", slot=slot, sede=sede, service=service,
                day=TEST_NOW.date(), starts=time(10, 20), ends=time(10, 39), doc_type="DNI",
                doc_number="45678901", names="Ana María", surnames="Quispe Mamani",
                email="ana@example.pe", phone="987654321", issued_at=utc_now() - timedelta(days=3),
            )  # fmt: skip
            with app.app_context():
                ticket, _ = queue.check_in(
                    sede,
                    code="AAAA-BBBB-CCCC",
                    request_key="tap-cita-x",
                    kiosk=kiosk,
                    now=utc_now(),
                )
            return ticket

        def call(self):
            with app.app_context():
                return queue.call_next(window, actor=clerk, now=utc_now())

        def recall(self, ticket):
            with app.app_context():
                return queue.recall(QueueTicket.get_by_id(ticket.id), actor=clerk, now=utc_now())

        def attend(self, ticket):
            with app.app_context():
                return queue.attend(QueueTicket.get_by_id(ticket.id), actor=clerk, now=utc_now())

        def no_show(self, ticket):
            with app.app_context():
                return queue.no_show(QueueTicket.get_by_id(ticket.id), actor=clerk, now=utc_now())

    return Lobby()


def page(client, ticket, headers=None):
    response = client.get(f"/cola/{ticket.token}", headers=headers or {})
    assert response.status_code == 200
    assert "no-store" in response.headers["Cache-Control"]
    assert response.headers["X-Robots-Tag"] == "noindex"
    return response.get_data(as_text=True)


def test_without_javascript_the_whole_page_with_its_refresh_link(client, lobby):
    ticket = lobby.walk_in()
    html = page(client, ticket)
    assert html.lstrip().lower().startswith("<!doctype html>")
    assert "<title>Turno E-001" in html and 'id="queue-place"' in html
    assert f'<a href="/cola/{ticket.token}">Actualizar</a>' in html
    assert f'hx-get="/cola/{ticket.token}"' in html and 'hx-trigger="every 10s"' in html


def test_without_javascript_a_waiting_ticket_reloads_itself_until_called(client, lobby):
    """The page says it updates by itself: with JavaScript off, a refresh in <noscript> does
    it while the ticket waits (htmx's poll, with JavaScript, ignores it)."""
    ticket = lobby.walk_in()
    refresh = '<noscript><meta http-equiv="refresh" content="30"></noscript>'
    html = page(client, ticket)
    assert refresh in html.split("</head>")[0] and "esta página se actualiza sola" in html
    assert refresh not in page(client, ticket, HX)
    lobby.call()
    assert "http-equiv" not in page(client, ticket)


def test_htmx_gets_only_the_place_and_the_title(client, lobby):
    ticket = lobby.walk_in()
    html = page(client, ticket, HX)
    assert html.startswith("<title>Turno E-001")
    assert '<section id="queue-place"' in html and "<html" not in html and "<nav" not in html
    assert html.count("<section") == 1


def test_waiting_says_how_many_are_ahead_and_the_wait(client, lobby):
    first, second = lobby.walk_in(1), lobby.walk_in(2)
    assert "Usted es el siguiente." in page(client, first)
    html = page(client, second)
    assert "1 persona antes que usted." in html and "Espera estimada:" in html
    assert "Puede esperar fuera de la sala" in html


def test_called_attended_and_no_show_each_say_what_to_do_and_stop_polling(client, lobby):
    first, second = lobby.walk_in(1), lobby.walk_in(2)
    lobby.call()
    html = page(client, first)
    assert "¡Es su turno!" in html and "Acérquese a Ventanilla 1." in html
    assert "hx-get" not in html and "Actualizar" in html
    lobby.attend(first)
    assert "Este turno ya fue atendido. Gracias por su visita." in page(client, first)
    lobby.call()
    lobby.recall(second)
    lobby.no_show(second)
    html = page(client, second)
    assert "Este turno fue llamado y no se presentó." in html
    assert "saque un nuevo turno en el quiosco" in html and "hx-get" not in html


@pytest.mark.parametrize("called", [False, True])
def test_a_ticket_of_a_day_gone_by_says_so_and_stops_polling(client, lobby, called):
    ticket = lobby.walk_in()
    if called:
        lobby.call()
    QueueTicket.update(day=ticket.day - timedelta(days=1)).where(
        QueueTicket.id == ticket.id
    ).execute()
    html = page(client, ticket)
    day = (ticket.day - timedelta(days=1)).strftime("%d/%m/%Y")
    assert f"Este turno era del {day} y ya no se atiende." in html
    assert "hx-get" not in html and "http-equiv" not in html
    assert "Usted es el siguiente" not in html and "Es su turno" not in html


def test_an_appointments_ticket_shows_no_personal_data(client, lobby):
    ticket = lobby.check_in()
    html = page(client, ticket) + page(client, ticket, HX)
    assert 'Turno <span class="ticket-number">C-001</span>' in html
    for personal in ("Ana", "Quispe", "45678901", "AAAA", "CCCC", "ana@example", "987654321"):
        assert personal not in html, personal


@pytest.mark.parametrize("token", ["nada", "x" * 16, "9" * 5000, "%C3%B1%C3%B1", "..%2Fapi"])
def test_a_token_that_is_no_tickets_is_a_spanish_404_page(client, db, token):
    response = client.get(f"/cola/{token}")
    assert response.status_code == 404 and response.mimetype == "text/html"
    html = response.get_data(as_text=True)
    assert '<html lang="es"' in html and "No encontramos esa página" in html
    assert client.get(f"/cola/{token}", headers=HX).status_code == 404


def test_nul_in_the_token_is_a_400_not_a_database_error(client, db):
    assert client.get("/cola/abc%00def").status_code == 400
