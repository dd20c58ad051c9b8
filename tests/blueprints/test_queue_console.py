"""The clerk's queue console: the window kept in the session, the calls and their answers with
and without JavaScript, bad ids, access, CSRF; and the sede's figures of the day."""

import re
from datetime import timedelta

import pytest

from domain.states import TicketStatus
from models import Sede
from models.queue import QueueTicket
from services.clock import utc_now
from tests.blueprints.queue_helpers import kiosk, sede, service, sit_at, walk_in, window
from tests.helpers import HX, make_app, sign_in
from tests.helpers import staff as make_staff

# The pages' SQL is the same on both engines (the use cases' races run on both in
# tests/services/test_queue.py): once, on SQLite, keeps the suite within its budget.
pytestmark = pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)

CONSOLE = "/personal/cola"


@pytest.fixture
def lobby(db):
    alzamora = sede()
    return alzamora, kiosk(alzamora)


def act(client, ticket, action, headers=None, **data):
    ticket = QueueTicket.get_by_id(ticket.id)
    form = {"estado": ticket.status, "llamadas": str(ticket.calls)} | data
    return client.post(f"{CONSOLE}/turnos/{ticket.id}/{action}", data=form, headers=headers)


def call(client, window_row, headers=None, seen=""):
    data = {"ventanilla": str(window_row.id), "turno_visto": seen}
    return client.post(f"{CONSOLE}/llamar", data=data, headers=headers)


def test_anonymous_people_are_sent_to_sign_in(client):
    for url in (
        CONSOLE,
        f"{CONSOLE}/cifras",
        f"{CONSOLE}/cifras/csv",
        "/personal/configuracion/cola",
    ):
        response = client.get(url)
        assert response.status_code == 302
        assert response.headers["Location"].startswith("/cuenta/ingresar?next=")
    assert client.post(f"{CONSOLE}/llamar").status_code == 302


def test_staff_without_a_desk_role_are_refused(verifier):
    for url in (CONSOLE, f"{CONSOLE}/ventanilla", f"{CONSOLE}/espera", f"{CONSOLE}/cifras"):
        assert verifier.get(url).status_code == 403
    assert verifier.post(f"{CONSOLE}/llamar").status_code == 403
    assert verifier.post(f"{CONSOLE}/turnos/1/atendido").status_code == 403


def test_the_clerk_picks_a_window_first_and_it_is_remembered(clerk, lobby):
    alzamora, _device = lobby
    response = clerk.get(CONSOLE)
    assert response.status_code == 303 and response.headers["Location"].endswith("/ventanilla")
    page = clerk.get(f"{CONSOLE}/ventanilla?sede={alzamora.id}")
    assert "Ventanilla 1" in page.text and "Ventanilla 3" in page.text
    fragment = clerk.get(f"{CONSOLE}/ventanilla?sede={alzamora.id}", headers=HX)
    assert fragment.text.startswith("<title>") and '<section id="choose">' in fragment.text
    assert clerk.get(f"{CONSOLE}/ventanilla?sede=abc").status_code == 400
    sit_at(clerk, window(alzamora, 2))
    page = clerk.get(CONSOLE)
    assert page.status_code == 200 and "Cola: Ventanilla 2" in page.text
    assert "Nadie espera por los trámites de esta ventanilla." in page.text


@pytest.mark.parametrize("typed", ["", "x", "0", "999999", str(2**31), "9" * 30])
def test_an_unknown_window_is_a_404(clerk, db, typed):
    assert clerk.post(f"{CONSOLE}/ventanilla", data={"ventanilla": typed}).status_code == 404


def test_a_clerk_calls_recalls_marks_a_no_show_attends_and_transfers(clerk, lobby):
    alzamora, device = lobby
    first, second = walk_in(alzamora, device), walk_in(alzamora, device, code="demandas")
    third = walk_in(alzamora, device)
    sit_at(clerk, window(alzamora))
    page = clerk.get(CONSOLE)
    assert "En espera para esta ventanilla: 3" in page.text
    assert page.text.index("E-001") < page.text.index("D-001") < page.text.index("E-002")

    response = call(clerk, window(alzamora))
    assert response.status_code == 303
    page = clerk.get(CONSOLE)
    assert "Llamamos al turno E-001" in page.text and 'id="current-label">E-001' in page.text
    assert "Llamado 1 vez" in page.text and "No se presentó</button>" not in page.text

    refused = act(clerk, first, "no-se-presento")
    assert refused.status_code == 303
    assert "Vuelva a llamar al menos una vez" in clerk.get(CONSOLE).text
    act(clerk, first, "volver-a-llamar")
    page = clerk.get(CONSOLE)
    assert "Volvimos a llamar al turno E-001" in page.text and "Llamado 2 veces" in page.text
    act(clerk, first, "no-se-presento")
    assert QueueTicket.get_by_id(first.id).status == TicketStatus.NO_SE_PRESENTO

    call(clerk, window(alzamora))
    assert QueueTicket.get_by_id(second.id).status == TicketStatus.LLAMADO
    act(clerk, second, "transferir", servicio=str(service(alzamora).id))
    moved = QueueTicket.get_by_id(second.id)
    assert (moved.status, moved.service.code, moved.window_id) == ("en_espera", "escritos", None)
    assert "Turno D-001: transferido a Escritos." in clerk.get(CONSOLE).text

    call(clerk, window(alzamora))  # D-001 kept its place by arrival: before E-002
    assert QueueTicket.get_by_id(second.id).status == TicketStatus.LLAMADO
    act(clerk, second, "atendido")
    assert QueueTicket.get_by_id(second.id).status == TicketStatus.ATENDIDO
    assert "Turno D-001: atendido." in clerk.get(CONSOLE).text
    assert QueueTicket.get_by_id(third.id).status == TicketStatus.EN_ESPERA


def test_a_double_tap_calls_once_and_says_so(clerk, lobby):
    alzamora, device = lobby
    walk_in(alzamora, device), walk_in(alzamora, device)
    sit_at(clerk, window(alzamora))
    call(clerk, window(alzamora))
    again = call(clerk, window(alzamora))  # the same form, sent twice
    assert again.status_code == 303
    page = clerk.get(CONSOLE)
    assert "Ya llamó al turno E-001" in page.text and 'role="alert"' not in page.text
    assert QueueTicket.select().where(QueueTicket.status == "llamado").count() == 1


def test_a_double_tap_on_an_action_acts_once(clerk, lobby):
    alzamora, device = lobby
    ticket = walk_in(alzamora, device)
    sit_at(clerk, window(alzamora))
    call(clerk, window(alzamora))
    seen = {"estado": "llamado", "llamadas": "1"}
    clerk.post(f"{CONSOLE}/turnos/{ticket.id}/volver-a-llamar", data=seen)
    clerk.post(f"{CONSOLE}/turnos/{ticket.id}/volver-a-llamar", data=seen)
    assert QueueTicket.get_by_id(ticket.id).calls == 2
    assert "El turno E-001 cambió hace un momento" in clerk.get(CONSOLE).text


def test_with_javascript_the_console_and_its_waiting_list_are_fragments(clerk, lobby):
    alzamora, device = lobby
    walk_in(alzamora, device)
    sit_at(clerk, window(alzamora))
    whole = clerk.get(CONSOLE, headers=HX)
    assert whole.text.startswith("<title>") and "<html" not in whole.text
    assert '<section id="console">' in whole.text and 'hx-trigger="every 5s"' in whole.text
    waiting = clerk.get(f"{CONSOLE}/espera", headers=HX)
    assert '<section id="waiting"' in waiting.text and 'id="current"' not in waiting.text
    assert "E-001" in waiting.text
    response = call(clerk, window(alzamora), headers=HX)
    assert response.status_code == 303 and response.headers["Location"] == CONSOLE
    after = clerk.get(CONSOLE, headers=HX)
    assert "Llamamos al turno E-001" in after.text and 'id="current-label">E-001' in after.text


def test_without_javascript_the_page_has_plain_forms_and_a_refresh_link(clerk, lobby):
    alzamora, device = lobby
    walk_in(alzamora, device)
    sit_at(clerk, window(alzamora))
    page = clerk.get(CONSOLE)
    assert "<html" in page.text and f'href="{CONSOLE}">Actualizar</a>' in page.text
    assert f'<form method="post" action="{CONSOLE}/llamar"' in page.text


def test_tickets_of_another_sede_or_day_and_huge_ids_are_404s(clerk, lobby):
    alzamora, device = lobby
    zavala = sede("zavala")
    elsewhere = walk_in(zavala, kiosk(zavala))
    yesterday = walk_in(alzamora, device, now=utc_now() - timedelta(days=1))
    sit_at(clerk, window(alzamora))
    for ticket in (elsewhere, yesterday):
        assert act(clerk, ticket, "atendido").status_code == 404
    for ticket_id in ("0", "999999", str(2**31), "9" * 30):
        response = clerk.post(f"{CONSOLE}/turnos/{ticket_id}/atendido", data={})
        assert response.status_code == 404
    mine = walk_in(alzamora, device)
    assert act(clerk, mine, "borrar").status_code == 404


def test_a_ticket_at_another_window_is_not_closed_from_this_one(clerk, lobby):
    alzamora, device = lobby
    ticket = walk_in(alzamora, device)
    sit_at(clerk, window(alzamora, 2))
    call(clerk, window(alzamora, 2))
    sit_at(clerk, window(alzamora, 1))
    act(clerk, ticket, "atendido")
    assert "El turno E-001 no está en su ventanilla." in clerk.get(CONSOLE).text
    assert QueueTicket.get_by_id(ticket.id).status == TicketStatus.LLAMADO


def test_a_transfer_to_a_service_of_another_sede_is_refused_in_spanish(clerk, lobby):
    alzamora, device = lobby
    ticket = walk_in(alzamora, device)
    sit_at(clerk, window(alzamora))
    call(clerk, window(alzamora))
    act(clerk, ticket, "transferir", servicio=str(service(sede("zavala"), "demandas").id))
    assert "Elija uno de los servicios de esta sede." in clerk.get(CONSOLE).text
    act(clerk, ticket, "transferir", servicio="9" * 40)
    assert QueueTicket.get_by_id(ticket.id).status == TicketStatus.LLAMADO


def test_every_action_needs_its_csrf_token(database_url, tmp_path):
    client = make_app(database_url, tmp_path, WTF_CSRF_ENABLED=True).test_client()
    make_staff("mesa-csrf@corte.pe", "mesa_de_partes")
    page = client.get("/cuenta/ingresar")
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page.text).group(1)
    sign_in(client, "mesa-csrf@corte.pe", csrf_token=token)
    alzamora = sede()
    target = str(window(alzamora).id)
    refused = client.post(f"{CONSOLE}/ventanilla", data={"ventanilla": target})
    assert refused.status_code == 400 and "El formulario venció" in refused.text
    page = client.get(f"{CONSOLE}/ventanilla")
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page.text).group(1)
    data = {"ventanilla": target, "csrf_token": token}
    assert client.post(f"{CONSOLE}/ventanilla", data=data).status_code == 303
    assert client.post(f"{CONSOLE}/llamar", data={"ventanilla": target}).status_code == 400


# --- the day's figures ---------------------------------------------------------------------


def test_the_days_figures_show_a_chart_a_table_and_a_csv(clerk, lobby):
    alzamora, device = lobby
    served = walk_in(alzamora, device)
    walk_in(alzamora, device, code="demandas")
    sit_at(clerk, window(alzamora))
    call(clerk, window(alzamora))
    act(clerk, served, "atendido")
    page = clerk.get(f"{CONSOLE}/cifras?sede={alzamora.id}")
    assert "<svg" in page.text and "Turnos por trámite" in page.text
    assert '<th scope="row">Escritos</th>' in page.text
    csv = clerk.get(f"{CONSOLE}/cifras/csv?sede={alzamora.id}&dia={served.day.isoformat()}")
    assert csv.mimetype == "text/csv"
    assert f"cola-alzamora-{served.day.isoformat()}.csv" in csv.headers["Content-Disposition"]
    lines = csv.text.lstrip("\ufeff").splitlines()
    assert lines[0].startswith("Trámite,Turnos emitidos,Atendidos,No se presentaron,En espera")
    assert lines[1:] == ["Demandas,1,0,0,1,,", "Escritos,1,1,0,0,0.0,0.0"]
    fragment = clerk.get(f"{CONSOLE}/cifras?sede={alzamora.id}", headers=HX)
    assert fragment.text.startswith("<title>") and '<section id="figures">' in fragment.text


def test_a_day_without_tickets_and_bad_filters(clerk, lobby):
    alzamora, _device = lobby
    page = clerk.get(f"{CONSOLE}/cifras?sede={alzamora.id}&dia=2026-01-05")
    assert "Ese día la sede no dio turnos." in page.text
    assert clerk.get(f"{CONSOLE}/cifras?sede=abc").status_code == 400
    assert clerk.get(f"{CONSOLE}/cifras?sede={2**31}").status_code == 400
    assert clerk.get(f"{CONSOLE}/cifras?sede=999999").status_code == 404
    assert clerk.get(f"{CONSOLE}/cifras?dia=ayer").status_code == 400
    assert clerk.get(f"{CONSOLE}/cifras/csv?sede=999999").status_code == 404


def test_the_waiting_list_is_in_the_order_call_next_takes_it(clerk, lobby):
    alzamora, device = lobby
    Sede.update(queue_priority_every=2).where(Sede.id == alzamora.id).execute()
    walk_in(alzamora, device, preference="mayor_65")
    walk_in(alzamora, device), walk_in(alzamora, device, preference="gestante")
    sit_at(clerk, window(alzamora))
    call(clerk, window(alzamora))  # P-001: a priority call
    assert 'id="current-label">P-001' in clerk.get(CONSOLE).text
    act(clerk, QueueTicket.get(QueueTicket.prefix == "P", QueueTicket.number == 1), "atendido")
    page = clerk.get(CONSOLE).text  # one in two calls: now the walk-in's turn
    assert page.index("E-001") < page.index("P-002")
    call(clerk, window(alzamora))
    assert 'id="current-label">E-001' in clerk.get(CONSOLE).text
