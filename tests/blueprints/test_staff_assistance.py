"""The assistance desk's screens, through HTTP: the atencion role (or an administrator) lists
tickets by kind and state, opens one, answers it by e-mail (kept with the ticket), closes it
after confirming; a reclamo counts down its legal period in business days."""

from datetime import datetime

import pytest
from bs4 import BeautifulSoup

from domain.states import AssistanceStatus
from models import AssistanceAnswer, AssistanceTicket, AuditEvent
from tests.blueprints.assistance_helpers import body, mails_to, send
from tests.helpers import HX, mails, sign_in, staff

LIST = "/personal/asistencia"
ANSWER = "Puede pedir la copia certificada en la mesa de partes de su sede, con su DNI."


@pytest.fixture
def desk(app, db):
    staff("atencion@corte.pe", "atencion")
    client = app.test_client()
    assert sign_in(client, "atencion@corte.pe").status_code == 303
    return client


def ticket_sent(app, kind="consulta", email="ana@example.pe") -> AssistanceTicket:
    assert send(app.test_client(), kind=kind, email=email, email_confirm=email).status_code == 303
    return AssistanceTicket.select().order_by(AssistanceTicket.id.desc()).get()


def numbers_listed(response) -> list[str]:
    page = BeautifulSoup(response.text, "html.parser")
    return [a.text for a in page.select("#tickets ol.desk li p:first-child a strong")]


def test_the_desk_sees_its_screen_in_the_menu_and_nothing_else(desk):
    page = BeautifulSoup(desk.get("/personal/").text, "html.parser")
    assert [a.text for a in page.select("#tools a")] == ["Pedidos de asistencia"]
    assert desk.get("/personal/verificaciones").status_code == 403
    assert desk.get("/personal/asistencia/plazo").status_code == 403  # the administrator's


def test_tickets_are_filtered_by_kind_state_and_number(app, desk, tmp_path):
    first = ticket_sent(app, "consulta", "p1@example.pe")
    second = ticket_sent(app, "reclamo", "p2@example.pe")
    third = ticket_sent(app, "sugerencia", "p3@example.pe")
    AssistanceTicket.update(status=AssistanceStatus.CERRADO).where(
        AssistanceTicket.id == third.id
    ).execute()
    assert numbers_listed(desk.get(LIST)) == [third.number, second.number, first.number]
    assert numbers_listed(desk.get(f"{LIST}?tipo=reclamo")) == [second.number]
    assert numbers_listed(desk.get(f"{LIST}?estado=abierto")) == [second.number, first.number]
    assert numbers_listed(desk.get(f"{LIST}?estado=cerrado&tipo=consulta")) == []
    typed = first.number.lower().replace("as", " as")
    assert numbers_listed(desk.get(f"{LIST}?numero={typed}")) == [first.number]
    wrong = desk.get(f"{LIST}?numero=123")
    assert numbers_listed(wrong) == [] and "AS-2026-000123" in wrong.text
    # unknown filter values are ignored, never an error
    assert len(numbers_listed(desk.get(f"{LIST}?tipo=x&estado=%E2%80%AEx&pagina=99999999999"))) == 3


def test_the_list_is_one_block_for_htmx(app, desk):
    ticket_sent(app)
    whole, part = desk.get(LIST), desk.get(LIST, headers=HX)
    assert "<html" in whole.text and "<html" not in part.text
    assert part.text.split("\n", 1)[1].strip().startswith('<section id="tickets">')
    assert "HX-Request" in part.headers["Vary"]


def at(app, court_clock, instant: str):
    """The desk signed in afresh at `instant` (a sign-in ends after 30 idle minutes)."""
    court_clock.set_now(datetime.fromisoformat(instant))
    client = app.test_client()
    assert sign_in(client, "atencion@corte.pe").status_code == 303
    return client


def test_a_reclamo_shows_the_business_days_left(app, db, court_clock):
    staff("atencion@corte.pe", "atencion")
    court_clock.set_now(datetime.fromisoformat("2026-12-04T18:00-05:00"))  # Friday
    ticket = ticket_sent(app, "reclamo")
    desk = at(app, court_clock, "2026-12-10T09:00-05:00")  # Thursday
    page = BeautifulSoup(desk.get(f"{LIST}/{ticket.id}").text, "html.parser")
    # Mon 7 and Thu 10 counted (8 and 9 are holidays): 28 of 30 left, due 21/01/2027
    assert "Quedan 28 días hábiles" in page.select_one("#claim-period").text
    assert "21/01/2027" in page.select_one("#claim-period").text
    assert "Quedan 28 días hábiles" in desk.get(LIST).text
    desk = at(app, court_clock, "2027-01-22T09:00-05:00")  # the day after
    assert "venció el 21/01/2027: hace 1 día hábil" in desk.get(f"{LIST}/{ticket.id}").text
    consulta = ticket_sent(app, "consulta", "otra@example.pe")
    assert 'id="claim-period"' not in desk.get(f"{LIST}/{consulta.id}").text


def test_an_answer_is_mailed_and_kept_with_the_ticket(app, desk, tmp_path):
    ticket = ticket_sent(app)
    page = desk.get(f"{LIST}/{ticket.id}")
    assert ticket.text in page.text and ticket.doc_number in page.text
    response = desk.post(f"{LIST}/{ticket.id}/responder", data={"body": ANSWER, "seen": "0"})
    assert response.status_code == 303
    assert response.headers["Location"] == f"{LIST}/{ticket.id}"
    mail = mails_to(tmp_path, "ana@example.pe")[-1]
    assert mail["Subject"] == f"Respuesta a su pedido de asistencia {ticket.number}"
    assert ANSWER in body(mail)
    stored = AssistanceAnswer.get()
    assert (stored.ticket_id, stored.body, stored.author.email) == (
        ticket.id,
        ANSWER,
        "atencion@corte.pe",
    )
    assert AssistanceTicket.get_by_id(ticket.id).status == AssistanceStatus.RESPONDIDO
    shown = desk.get(f"{LIST}/{ticket.id}").text
    assert ANSWER in shown and "Responder otra vez" in shown
    event = AuditEvent.get(AuditEvent.action == "asistencia_respondida")
    assert (event.subject, event.actor_label) == (ticket.number, "atencion@corte.pe")


def test_an_answer_with_htmx_comes_back_as_the_tickets_block(app, desk, tmp_path):
    ticket = ticket_sent(app)
    url = f"{LIST}/{ticket.id}/responder"
    response = desk.post(url, data={"body": ANSWER, "seen": "0"}, headers=HX, follow_redirects=True)
    assert response.status_code == 200 and "<html" not in response.text
    assert "Respuesta enviada a ana@example.pe" in response.text
    empty = desk.post(url, data={"body": "  ", "seen": "1"}, headers=HX)
    assert empty.status_code == 200 and "Escriba la respuesta" in empty.text
    assert AssistanceAnswer.select().count() == 1


def test_a_double_tap_sends_one_answer(app, desk, tmp_path):
    ticket = ticket_sent(app)
    before = len(mails(tmp_path))
    url = f"{LIST}/{ticket.id}/responder"
    desk.post(url, data={"body": ANSWER, "seen": "0"})
    again = desk.post(url, data={"body": ANSWER, "seen": "0"}, follow_redirects=True)
    assert "cambió hace un momento" in again.text
    assert AssistanceAnswer.select().count() == 1 and len(mails(tmp_path)) == before + 1
    assert (
        desk.post(url, data={"body": "Además: traiga una copia.", "seen": "1"}).status_code == 303
    )
    assert AssistanceAnswer.select().count() == 2


def test_closing_asks_first_and_then_takes_no_more_answers(app, desk, tmp_path):
    ticket = ticket_sent(app)
    url = f"{LIST}/{ticket.id}/cerrar"
    confirm = desk.get(url)
    assert (
        "¿Cerrar el pedido" in confirm.text and "Todavía no tiene ninguna respuesta" in confirm.text
    )
    assert AssistanceTicket.get_by_id(ticket.id).status == AssistanceStatus.ABIERTO
    assert desk.post(url).status_code == 303
    closed = AssistanceTicket.get_by_id(ticket.id)
    assert (
        closed.status == AssistanceStatus.CERRADO and closed.closed_by.email == "atencion@corte.pe"
    )
    assert AuditEvent.get(AuditEvent.action == "asistencia_cerrada").subject == ticket.number
    shown = desk.get(f"{LIST}/{ticket.id}").text
    assert "Enviar la respuesta" not in shown and "Cerrado" in shown
    before = len(mails(tmp_path))
    late = desk.post(f"{LIST}/{ticket.id}/responder", data={"body": ANSWER, "seen": "0"})
    assert late.status_code == 303 and len(mails(tmp_path)) == before
    assert "está cerrado" in desk.get(f"{LIST}/{ticket.id}").text
    assert "está cerrado" in desk.post(url, follow_redirects=True).text  # a second tap
    assert AuditEvent.select().where(AuditEvent.action == "asistencia_cerrada").count() == 1


def test_unknown_and_huge_ids_are_404(desk):
    for ticket_id in ("1", "987654", str(2**31), "9" * 30):
        assert desk.get(f"{LIST}/{ticket_id}").status_code == 404
        assert desk.post(f"{LIST}/{ticket_id}/responder", data={"body": "x"}).status_code == 404
        assert desk.post(f"{LIST}/{ticket_id}/cerrar").status_code == 404


def test_the_administrator_sets_the_claim_period(app, admin):
    assert "Cambiar el plazo" in admin.get(LIST).text
    for typed in ("0", "121", "diez", "٣٠", "9" * 40):
        response = admin.post(f"{LIST}/plazo", data={"days": typed})
        assert response.status_code == 200 and "<title>Error: " in response.text, typed
    assert admin.post(f"{LIST}/plazo", data={"days": "15"}).status_code == 303
    event = AuditEvent.get(AuditEvent.action == "plazo_reclamo_cambiado")
    assert event.detail == "30 → 15 días hábiles"
    assert 'value="15"' in admin.get(f"{LIST}/plazo").text
    ticket = ticket_sent(app, "reclamo")
    assert "del plazo legal de 15" in admin.get(f"{LIST}/{ticket.id}").text
