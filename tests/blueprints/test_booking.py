"""Booking through HTTP, as browsers with and without JavaScript do it."""

import email
import email.policy
import re

import pytest

from models import Appointment, Sede, Slot, User
from services.clock import utc_now
from tests.helpers import (
    HX,
    HX_BOOSTED,
    PERSON,
    book,
    choices,
    human_answer,
    request_key,
    submit_identity,
)

STEPS = ["/citas/sede", "/citas/servicio", "/citas/dia", "/citas/hora", "/citas/revisar"]


def fill_until(client, last_step: str, person=None):
    """Answer every step before `last_step` with its first choice."""
    submit_identity(client, person)
    for url in STEPS[: STEPS.index(last_step)]:
        client.post(url, data={"choice": choices(client.get(url))[0]})


def test_the_whole_flow_without_javascript_gives_a_ticket(client, db):
    response = book(client)
    assert response.status_code == 200
    assert "Ticket de cita" in response.text
    appointment = Appointment.get()
    assert appointment.code in response.text
    assert appointment.status == "activa"
    assert appointment.issued_at is not None
    assert "••••8901" in response.text and "45678901" not in response.text


@pytest.mark.parametrize("url", ["/citas/datos", *STEPS])
def test_each_step_is_a_whole_page_without_htmx_and_a_fragment_with_it(client, url):
    fill_until(client, url) if url != "/citas/datos" else None
    page = client.get(url)
    fragment = client.get(url, headers=HX)
    boosted = client.get(url, headers=HX_BOOSTED)
    assert page.status_code == fragment.status_code == 200
    assert page.text.lstrip().startswith("<!doctype html>")
    assert "<html" not in fragment.text
    assert re.match(r"<title>[^<]+</title>\s*<section id=\"step\"", fragment.text)
    assert "<html" in boosted.text
    assert "HX-Request" in page.headers["Vary"] and "HX-Request" in fragment.headers["Vary"]


def test_a_successful_step_redirects_with_303_for_htmx_too(client):
    response = submit_identity(client, PERSON, headers=HX)
    assert response.status_code == 303
    assert response.headers["Location"] == "/citas/sede"


def test_a_wrong_document_number_is_explained_next_to_the_field_and_nothing_is_lost(client):
    response = submit_identity(client, PERSON | {"doc_number": "4567890"}, headers=HX)
    assert response.status_code == 200
    assert response.text.count("El número de DNI tiene 8 dígitos; usted escribió 7") == 2
    assert 'value="Ana María"' in response.text
    assert 'value="ana@example.pe"' in response.text
    assert "<title>Error:" in response.text


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("names", "", "Escriba sus nombres"),
        ("surnames", "Qu1spe", "solo con letras"),
        ("email", "ana@", "Escriba un correo válido"),
        ("phone", "12", "celular de 9 dígitos"),
        ("birth_date", "31-31-1990", "La fecha 31-31-1990 no existe"),
        ("birth_date", "31/12/90", "día/mes/año"),
        ("doc_type", "PASAPORTE", "Elija el tipo de documento de la lista"),
    ],
)
def test_each_identity_field_says_what_to_fix(client, field, value, message):
    response = submit_identity(client, PERSON | {field: value})
    assert message in response.text


def test_real_names_in_any_script_book_and_are_kept_nfc(client):
    decomposed = "Nguye\u0302\u0303n Dvořák"  # "ễ" as e and two combining marks
    response = submit_identity(client, PERSON | {"names": "Q’orianka Zoë", "surnames": decomposed})
    assert response.status_code == 303 and response.headers["Location"] == "/citas/sede"
    page = client.get("/citas/datos").text
    assert 'value="Q’orianka Zoë"' in page and 'value="Nguyễn Dvořák"' in page


def test_back_links_keep_what_was_typed(client):
    fill_until(client, "/citas/dia")
    page = client.get("/citas/datos")
    assert 'value="45678901"' in page.text and 'value="17/05/1990"' in page.text
    sede_page = client.get("/citas/sede")
    assert re.search(r'value="\d+" checked', sede_page.text)


def test_skipping_steps_sends_people_back_to_the_first_missing_one(client):
    assert client.get("/citas/hora").headers["Location"] == "/citas/datos"
    fill_until(client, "/citas/dia")
    assert client.get("/citas/revisar").headers["Location"] == "/citas/dia"


def test_a_forged_choice_is_refused_with_an_instruction(client):
    fill_until(client, "/citas/dia")
    response = client.post("/citas/dia", data={"choice": "2020-01-01"})
    assert "Elija un día de la lista" in response.text
    fill_until(client, "/citas/hora")
    response = client.post("/citas/hora", data={"choice": "03:00"})
    assert "Elija una hora de la lista" in response.text


def test_times_show_how_many_places_are_left_as_a_list(client, db):
    Sede.update(capacity_per_slot=2).execute()
    fill_until(client, "/citas/hora")
    page = client.get("/citas/hora")
    assert '<ul class="choices times" role="list">' in page.text  # a list, not a grid of days
    assert "Quedan 2 lugares" in page.text


def test_a_full_slot_disappears_and_a_late_confirm_gets_a_clear_answer(app, client, db):
    Sede.update(capacity_per_slot=2).execute()
    fill_until(client, "/citas/revisar")
    full_time = choices(client.get("/citas/hora"))[0]
    stale_key = request_key(client.get("/citas/revisar"))
    for n in range(2):
        other = app.test_client()
        book(other, PERSON | {"doc_number": f"1111111{n}", "email": f"p{n}@example.pe"})
    response = client.post("/citas/revisar", data={"request_key": stale_key})
    assert response.status_code == 200
    assert "Ese horario se acaba de llenar. Elija otro horario" in response.text
    assert Slot.get().booked == 2
    assert Appointment.select().count() == 2
    assert full_time not in choices(client.get("/citas/hora"))


def test_one_active_appointment_per_person_service_and_day(client, db):
    book(client)
    response = book(client, time_index=1)
    assert "Ya tiene una cita activa para este servicio ese día" in response.text
    assert Appointment.select().count() == 1
    book(client, service_index=1)  # another service the same day is fine
    assert Appointment.select().count() == 2


def test_a_double_tap_on_confirm_books_once(client, db):
    fill_until(client, "/citas/revisar")
    key = request_key(client.get("/citas/revisar"))
    first = client.post("/citas/revisar", data={"request_key": key})
    second = client.post("/citas/revisar", data={"request_key": key})
    assert first.headers["Location"] == second.headers["Location"]
    assert Appointment.select().count() == 1


def test_the_eligibility_setting_refuses_priority_groups_with_directions(client, db):
    Sede.update(restrict_vulnerable=True).execute()
    submit_identity(client, PERSON | {"birth_date": "1950-01-01"})
    sede = choices(client.get("/citas/sede"))[0]
    response = client.post("/citas/sede", data={"choice": sede})
    assert response.status_code == 200
    assert "turno preferente" in response.text


def test_priority_people_get_a_preferential_ticket_by_default(client, db):
    response = book(client, PERSON | {"vulnerable": "y"})
    assert "Atención preferente" in response.text
    assert Appointment.get().priority


def test_the_ticket_comes_as_pdf_calendar_file_and_e_mail(app, client, db, tmp_path):
    book(client)
    code = Appointment.get().code
    pdf = client.get(f"/citas/ticket/{code}/pdf")
    assert pdf.mimetype == "application/pdf" and pdf.data.startswith(b"%PDF")
    assert len(pdf.data) < 40_000
    ics = client.get(f"/citas/ticket/{code}/calendario")
    assert ics.mimetype == "text/calendar" and b"BEGIN:VEVENT" in ics.data
    [mail_file] = (tmp_path / "outbox").iterdir()
    message = email.message_from_bytes(mail_file.read_bytes(), policy=email.policy.default)
    assert message["To"] == "ana@example.pe" and code in message["Subject"]
    names = [part.get_filename() for part in message.walk() if part.get_filename()]
    assert names == [f"cita-{code}.pdf", f"cita-{code}.ics"]
    body = message.get_body(("plain",)).get_content()
    assert f"/citas/ticket/{code}" in body and "/citas/gestion/" in body


def test_an_unknown_ticket_is_a_404(client):
    assert client.get("/citas/ticket/AAAA-BBBB-CCCC").status_code == 404
    assert client.get("/citas/ticket/AAAA-BBBB-CCCC/pdf").status_code == 404


def test_starting_again_forgets_the_draft(client):
    fill_until(client, "/citas/hora")
    client.post("/citas/nueva")
    assert client.get("/citas/sede").headers["Location"] == "/citas/datos"


def test_anonymous_people_answer_the_human_check_once_per_form_sent(client):
    page = client.get("/citas/datos")
    assert "data-challenge=" in page.text and 'id="human_answer"' in page.text
    response = client.post("/citas/datos", data=PERSON)  # no answer
    assert "Responda la pregunta de comprobación" in response.text
    mistake = PERSON | {"doc_number": "123"} | human_answer(response.text)
    response = client.post("/citas/datos", data=mistake)  # check passed, document wrong
    assert "Revise" in response.text and "data-challenge=" not in response.text
    assert client.post("/citas/datos", data=PERSON).status_code == 303  # not asked again
    # Each identity sent costs a check: coming back to change the data asks again.
    assert "data-challenge=" in client.get("/citas/datos").text


def test_a_signed_in_citizen_finds_the_form_filled_and_no_question(client, db):
    from tests.helpers import register, sign_in

    register(client)
    User.update(email_confirmed_at=utc_now()).execute()
    sign_in(client)
    page = client.get("/citas/datos")
    assert "data-challenge=" not in page.text and "human_answer" not in page.text
    assert 'value="45678901"' in page.text and 'value="Ana María"' in page.text


def test_after_losing_the_race_the_review_offers_other_times_not_confirmar(app, client, db):
    Sede.update(capacity_per_slot=1).execute()
    fill_until(client, "/citas/revisar")
    times = choices(client.get("/citas/hora"))
    stale_key = request_key(client.get("/citas/revisar"))
    book(app.test_client(), PERSON | {"doc_number": "11111110", "email": "p0@example.pe"})
    for response in (  # the lost confirmation, and the review opened again afterwards
        client.post("/citas/revisar", data={"request_key": stale_key}),
        client.get("/citas/revisar"),
    ):
        assert response.status_code == 200 and "<title>Error:" in response.text
        assert "Esta hora ya no se puede reservar" in response.text
        assert "Confirmar y obtener el ticket" not in response.text
        offered = choices(response)
        assert offered and times[0] not in offered and set(offered) <= set(times)
        assert 'action="/citas/hora"' in response.text
    picked = client.post("/citas/hora", data={"choice": offered[0]})
    assert picked.headers["Location"] == "/citas/revisar"
    again = client.get("/citas/revisar")
    assert "Confirmar y obtener el ticket" in again.text
    assert "Esta hora ya no se puede reservar" not in again.text


def test_the_same_review_through_htmx_is_a_fragment_with_the_other_times(app, client, db):
    Sede.update(capacity_per_slot=1).execute()
    fill_until(client, "/citas/revisar")
    book(app.test_client(), PERSON | {"doc_number": "11111110", "email": "p0@example.pe"})
    fragment = client.get("/citas/revisar", headers=HX)
    assert "<html" not in fragment.text and "Elegir esta hora" in fragment.text
