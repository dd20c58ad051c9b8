"""The assistance form (seed 001), through HTTP: anyone sends a consulta, sugerencia or
reclamo, with JavaScript or without, gets a ticket number on the page and by e-mail; bots,
repeats, floods and hostile fields open nothing."""

from datetime import datetime

import pytest
from bs4 import BeautifulSoup

from domain.states import AssistanceStatus
from models import AssistanceTicket, AuditEvent, Court
from services.assistance import PER_ADDRESS, PER_EMAIL
from tests.blueprints.assistance_helpers import (
    FORM_URL,
    REQUEST,
    SENT_URL,
    body,
    mails_to,
    request_key,
    send,
)
from tests.helpers import HX, human_answer, mails, question_answer


def test_the_page_says_first_what_this_channel_does_not_answer(client, db):
    page = BeautifulSoup(client.get(FORM_URL).text, "html.parser")
    notice = page.select_one("#assistance-form .notice")
    assert page.select_one("#assistance-form form") is not None
    assert notice.find_next("form") is not None  # the list comes before the form
    text = notice.get_text(" ", strip=True)
    for topic in ("expedientes", "Asesoría legal", "sedes y juzgados", "abogados"):
        assert topic in text
    links = [a["href"] for a in notice.select("a")]
    assert links and all(client.get(href).status_code == 200 for href in links)
    kinds = [i["value"] for i in page.select("input[name=kind]")]
    assert kinds == ["consulta", "sugerencia", "reclamo"]
    assert page.select_one("#human-check") is not None
    assert page.select_one("input[name=privacy]") is not None


def test_with_javascript_a_person_gets_a_number_and_a_mail(client, db, tmp_path):
    response = send(client, headers=HX)
    assert response.status_code == 204 and response.headers["HX-Redirect"] == SENT_URL
    sent = client.get(SENT_URL)
    assert "AS-2026-000001" in sent.text and "<html" in sent.text
    ticket = AssistanceTicket.get()
    assert (ticket.number, ticket.status, ticket.email) == (
        "AS-2026-000001",
        AssistanceStatus.ABIERTO,
        "ana@example.pe",
    )
    assert (ticket.phone, ticket.age, ticket.text) == ("987654321", 36, REQUEST["text"])
    (mail,) = mails_to(tmp_path, "ana@example.pe")
    assert mail["Subject"] == "Recibimos su pedido de asistencia AS-2026-000001"
    assert "AS-2026-000001" in body(mail)
    assert REQUEST["text"] not in body(mail)  # the court relays nobody's words to an address
    event = AuditEvent.get(AuditEvent.action == "asistencia_recibida")
    assert event.subject == "AS-2026-000001"


def test_without_javascript_the_question_in_words_does(client, db, tmp_path):
    response = send(client, check=question_answer)
    assert response.status_code == 303 and response.headers["Location"] == SENT_URL
    assert "AS-2026-000001" in client.get(SENT_URL).text
    assert len(mails_to(tmp_path, "ana@example.pe")) == 1


def test_numbers_follow_each_other_within_the_year(app, db):
    numbers = []
    for n in range(3):
        client = app.test_client()
        assert (
            send(client, email=f"p{n}@example.pe", email_confirm=f"p{n}@example.pe").status_code
            == 303
        )
        numbers.append(AssistanceTicket.select().order_by(AssistanceTicket.id.desc()).get().number)
    assert numbers == ["AS-2026-000001", "AS-2026-000002", "AS-2026-000003"]


def test_a_reclamo_mail_gives_the_legal_deadline(client, db, tmp_path, court_clock):
    court_clock.set_now(datetime.fromisoformat("2026-12-04T18:00-05:00"))  # a Friday evening
    assert send(client, kind="reclamo").status_code == 303
    text = body(mails_to(tmp_path, "ana@example.pe")[0])
    # 30 business days from Monday 7 December 2026: Peru's 8, 9 and 25 December and 1 January
    # are national holidays (the demo court's closures without a sede)
    assert "30 días hábiles" in text and "21/01/2027" in text


def test_a_double_tap_opens_one_ticket_and_sends_one_mail(client, db, tmp_path):
    page = client.get(FORM_URL)
    data = REQUEST | {"request_key": request_key(page.text)} | human_answer(page.text)
    first = client.post(FORM_URL, data=data)
    again = client.post(FORM_URL, data=data)  # the same check, already spent: still no error
    assert first.headers["Location"] == again.headers["Location"] == SENT_URL
    assert AssistanceTicket.select().count() == 1
    assert len(mails(tmp_path)) == 1


def test_the_receipt_page_shows_only_this_browsers_ticket(app, client, db):
    assert send(client).status_code == 303
    stranger = app.test_client()
    response = stranger.get(SENT_URL)
    assert response.status_code == 302 and response.headers["Location"] == FORM_URL


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)  # the form's checks alone
@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"email_confirm": "ana@example.com"}, "email_confirm", "no coinciden"),
        ({"email": "ana@example.pe\r\nBcc: todos@example.pe"}, "email", "correo válido"),
        ({"email": "ana@example.pe\nSubject: x", "email_confirm": "x"}, "email", "correo válido"),
        ({"age": "11"}, "age", "entre 12 y 120"),
        ({"age": "121"}, "age", "entre 12 y 120"),
        ({"age": "9" * 40}, "age", "solo con números"),
        ({"age": "٣٦"}, "age", "solo con números"),
        ({"age": ""}, "age", "Escriba su edad"),
        ({"kind": "felicitacion"}, "kind", "consulta, sugerencia o reclamo"),
        ({"gender": "x"}, "gender", "de la lista"),
        ({"doc_number": "4567890"}, "doc_number", "8 dígitos"),
        ({"doc_type": "CUI"}, "doc_type", "de la lista"),  # not a Peruvian court's document
        ({"text": "x" * 3001}, "text", "entre 20 y 3000"),
        ({"text": "   corta    "}, "text", "entre 20 y 3000"),
        ({"privacy": ""}, "privacy", "política de privacidad"),
        ({"names": "<script>"}, "names", "solo letras"),
    ],
)
def test_wrong_answers_are_shown_next_to_their_field(client, db, tmp_path, changes, field, message):
    response = send(client, **changes)
    assert response.status_code == 200 and "<title>Error: " in response.text
    page = BeautifulSoup(response.text, "html.parser")
    error = page.select_one(f"#{field}-error") or page.select_one(f"#{field} .error")
    assert error is not None and message in error.text, page.select_one(".error-summary")
    assert AssistanceTicket.select().count() == 0 and mails(tmp_path) == []


def test_an_invalid_form_with_htmx_gets_only_the_form_back(client, db):
    response = send(client, headers=HX, age="7")
    assert response.status_code == 200 and "<html" not in response.text
    assert response.text.split("\n", 1)[1].strip().startswith('<section id="assistance-form">')
    assert "HX-Request" in response.headers["Vary"]


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
@pytest.mark.parametrize(
    "check",
    [
        lambda text: {},  # no answer at all
        lambda text: human_answer(text) | {"website": "http://spam.example"},  # the honeypot
        lambda text: {"altcha": "bm90IGEgcHV6emxl"},  # a made-up solution
    ],
)
def test_bots_open_nothing(client, db, tmp_path, check):
    response = send(client, check=check)
    assert response.status_code == 200 and "<title>Error: " in response.text
    assert AssistanceTicket.select().count() == 0 and mails(tmp_path) == []


def test_one_address_is_limited_per_hour(app, db, still_clock):
    for n in range(PER_ADDRESS):
        response = send(
            app.test_client(), email=f"p{n}@example.pe", email_confirm=f"p{n}@example.pe"
        )
        assert response.status_code == 303
    refused = send(app.test_client(), email="otra@example.pe", email_confirm="otra@example.pe")
    assert refused.status_code == 200 and "demasiados intentos" in refused.text
    assert AssistanceTicket.select().count() == PER_ADDRESS


def test_one_contact_address_is_limited_per_hour(app, db, still_clock, tmp_path):
    for n in range(PER_EMAIL):
        addresses = {"REMOTE_ADDR": f"10.0.0.{n + 1}"}
        client = app.test_client()
        page = client.get(FORM_URL, environ_base=addresses)
        data = REQUEST | {"request_key": request_key(page.text)} | human_answer(page.text)
        assert client.post(FORM_URL, data=data, environ_base=addresses).status_code == 303
    refused = send(app.test_client(), email="ANA@example.pe")  # the same mailbox, any case
    assert "demasiados intentos" in refused.text
    assert len(mails_to(tmp_path, "ana@example.pe")) == PER_EMAIL


def test_a_guatemalan_court_asks_for_the_cui(client, db):
    Court.update(country="GT").execute()
    page = BeautifulSoup(client.get(FORM_URL).text, "html.parser")
    assert [i["value"] for i in page.select("input[name=doc_type]")] == ["CUI", "PASAPORTE"]
    assert send(client, doc_type="CUI", doc_number="1234567890101").status_code in (200, 303)


def test_signed_in_people_are_not_asked_the_human_check(app, db, tmp_path):
    from tests.helpers import citizen, sign_in

    citizen()
    client = app.test_client()
    assert sign_in(client).status_code == 303
    page = client.get(FORM_URL)
    assert 'id="human-check"' not in page.text
    assert send(client).status_code == 303


def test_the_home_page_and_every_footer_link_to_the_form(client, db):
    home = BeautifulSoup(client.get("/").text, "html.parser")
    assert home.select_one("#step a[href='/asistencia/']") is not None
    fees = BeautifulSoup(client.get("/aranceles/").text, "html.parser")
    assert fees.select_one("footer a[href='/asistencia/']") is not None
