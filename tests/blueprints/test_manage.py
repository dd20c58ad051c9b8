"""Looking up, cancelling and rescheduling an appointment."""

import io
import re

import pytest
from bs4 import BeautifulSoup
from pypdf import PdfReader

from blueprints.appointments import manage
from models import Appointment, Sede, Slot
from tests.helpers import (
    HX,
    PERSON,
    book,
    choices,
    citizen,
    mails,
    request_key,
    sign_in,
    submit_identity,
)


def book_ahead(client):
    """Book on the first bookable day after today: whatever the hour, the slot is beyond the
    sede's cancel cut-off (2 hours), so the test can always cancel and reschedule."""
    return book(client, day_index=1)


def manage_url(tmp_path) -> str:
    """The manage link of the last e-mail: the only place it travels (besides the owner's
    account page); the public ticket page never carries it."""
    body = mails(tmp_path)[-1].get_body(("plain",)).get_content()
    return re.search(r"http://localhost(/citas/gestion/\S+)", body).group(1)


def test_lookup_by_code_and_document_opens_the_manage_page(client, db):
    book_ahead(client)
    code = Appointment.get().code
    typed = code.lower().replace("-", " ")  # people type codes loosely
    response = client.post(
        "/citas/gestionar", data={"code": typed, "doc_type": "DNI", "doc_number": "45678901"}
    )
    assert response.status_code == 303
    page = client.get(response.headers["Location"])
    assert f"Su cita {code}" in page.text and "Anular la cita" in page.text


def test_lookup_with_another_persons_document_finds_nothing(client, db):
    book_ahead(client)
    response = client.post(
        "/citas/gestionar",
        data={"code": Appointment.get().code, "doc_type": "DNI", "doc_number": "45678902"},
    )
    assert response.status_code == 200
    assert "No encontramos una cita con ese código y ese documento" in response.text


def test_cancel_asks_first_then_frees_the_place_at_once(client, db, tmp_path):
    book_ahead(client)
    url = manage_url(tmp_path)
    confirm = client.get(url + "/anular")
    assert "¿Anular su cita?" in confirm.text
    assert Appointment.get().status == "activa"
    client.post(url + "/anular")
    appointment = Appointment.get()
    assert appointment.status == "anulada" and appointment.active_key is None
    assert Slot.get().booked == 0
    again = client.post(url + "/anular", follow_redirects=True)  # a second tap changes nothing
    assert "Esta cita fue anulada" in again.text
    assert Slot.get().booked == 0


def test_a_cancelled_place_is_bookable_again(app, client, db, tmp_path):
    Sede.update(capacity_per_slot=1).execute()
    book_ahead(client)
    first_time = Appointment.get().starts.strftime("%H:%M")
    other = app.test_client()
    submit_identity(other, PERSON | {"doc_number": "22222222"})
    for url, index in [("/citas/sede", 0), ("/citas/servicio", 0), ("/citas/dia", 1)]:
        other.post(url, data={"choice": choices(other.get(url))[index]})
    assert first_time not in choices(other.get("/citas/hora"))
    client.post(manage_url(tmp_path) + "/anular")
    assert first_time in choices(other.get("/citas/hora"))


def test_reschedule_moves_the_appointment_and_frees_the_old_place(client, db, tmp_path):
    book_ahead(client)
    url = manage_url(tmp_path) + "/reprogramar"
    days = re.findall(r'name="dia" value="([^"]+)"', client.get(url).text)
    times_page = client.get(url, query_string={"dia": days[1]})
    new_time = choices(times_page)[-1]
    key = re.search(r'name="request_key" value="([^"]+)"', times_page.text).group(1)
    response = client.post(url + f"?dia={days[1]}", data={"choice": new_time, "request_key": key})
    assert response.status_code == 303
    old, new = Appointment.select().order_by(Appointment.id)
    assert old.status == "reprogramada" and new.status == "activa"
    assert new.rescheduled_from_id == old.id
    assert new.day.isoformat() == days[1] and new.starts.strftime("%H:%M") == new_time
    assert Slot.get_by_id(old.slot_id).booked == 0 and Slot.get_by_id(new.slot_id).booked == 1
    assert new.code in client.get(response.headers["Location"]).text


def test_changes_are_refused_after_the_cutoff(client, db, tmp_path):
    book_ahead(client)
    Sede.update(cancel_cutoff_hours=24 * 30).execute()
    page = client.get(manage_url(tmp_path))
    assert "hasta 720 horas antes" in page.text
    assert "Anular la cita" not in page.text
    client.post(manage_url(tmp_path) + "/anular")
    assert Appointment.get().status == "activa"


def test_a_tampered_link_explains_and_offers_the_lookup(client):
    response = client.get("/citas/gestion/not-a-real-token")
    assert response.status_code == 404
    assert "No encontramos esa cita" in response.text and "/citas/gestionar" in response.text


def test_an_expired_link_says_so(client, db, monkeypatch, tmp_path):
    book_ahead(client)
    monkeypatch.setattr(manage, "LINK_DAYS", -1)
    response = client.get(manage_url(tmp_path))
    assert response.status_code == 410 and "El enlace venció" in response.text


def test_manage_pages_are_fragments_for_htmx(client, db, tmp_path):
    book_ahead(client)
    url = manage_url(tmp_path)
    assert client.get(url, headers=HX).text.startswith("<title>")
    assert client.get(url + "/anular", headers=HX).text.startswith("<title>")


def pdf_text(response) -> str:
    return PdfReader(io.BytesIO(response.data)).pages[0].extract_text()


@pytest.mark.parametrize("headers", [None, HX], ids=["no-js", "htmx"])
def test_the_public_ticket_page_never_carries_the_manage_link(client, db, headers):
    book_ahead(client)
    page = client.get(f"/citas/ticket/{Appointment.get().code}", headers=headers)
    assert "/citas/gestion/" not in page.text  # whoever holds a printed ticket could cancel
    assert 'href="/citas/gestionar"' in page.text and "Descargar ticket (PDF)" in page.text


@pytest.mark.parametrize("headers", [None, HX], ids=["no-js", "htmx"])
def test_the_public_ticket_page_masks_the_e_mail_address(app, client, db, tmp_path, headers):
    """Anyone with the code (a printed ticket, a photo of it) may open the page: the address is
    masked there; its owner signed in with it, and the e-mail itself, show it whole."""
    book_ahead(client)
    url = f"/citas/ticket/{Appointment.get().code}"
    page = app.test_client().get(url, headers=headers).text
    assert "También le enviamos el ticket a a***@e***.pe." in page
    assert "ana@example.pe" not in page
    assert mails(tmp_path)[-1]["To"] == "ana@example.pe"
    other = app.test_client()
    citizen(email="jose@example.pe", doc_number="40123456")
    sign_in(other, "jose@example.pe")
    assert "ana@example.pe" not in other.get(url, headers=headers).text
    owner = app.test_client()
    citizen()
    sign_in(owner)
    assert "También le enviamos el ticket a ana@example.pe." in owner.get(url, headers=headers).text


@pytest.mark.parametrize("headers", [None, HX], ids=["no-js", "htmx"])
def test_a_cancelled_ticket_is_plainly_void(client, db, tmp_path, headers):
    book_ahead(client)
    client.post(manage_url(tmp_path) + "/anular")
    code = Appointment.get().code
    page = BeautifulSoup(client.get(f"/citas/ticket/{code}", headers=headers).text, "html.parser")
    void = page.select_one(".void")
    assert "ANULADO" in void.text and "Este ticket ya no es válido" in void.text
    assert page.select_one(".qr") is None and page.select_one("svg") is None
    assert not page.select(f'a[href^="/citas/ticket/{code}/"]')  # no PDF, no calendar
    assert "(anulada)" in page.title.text
    assert "ANULADO" in pdf_text(client.get(f"/citas/ticket/{code}/pdf"))
    ics = client.get(f"/citas/ticket/{code}/calendario").text
    assert "METHOD:CANCEL" in ics and f"UID:{code}@ventanilla" in ics and "SEQUENCE:1" in ics


def test_cancelling_on_the_page_e_mails_the_person(client, db, tmp_path):
    book_ahead(client)
    client.post(manage_url(tmp_path) + "/anular")
    mail = mails(tmp_path)[-1]
    assert mail["Subject"] == f"Su cita {Appointment.get().code} fue anulada"
    assert [p.get_filename() for p in mail.iter_attachments()] == [
        f"cita-{Appointment.get().code}.ics"
    ]


def test_a_moved_ticket_points_to_the_one_that_replaces_it(client, db, tmp_path):
    book_ahead(client)
    url = manage_url(tmp_path) + "/reprogramar"
    days = re.findall(r'name="dia" value="([^"]+)"', client.get(url).text)
    times_page = client.get(url, query_string={"dia": days[1]})
    key = re.search(r'name="request_key" value="([^"]+)"', times_page.text).group(1)
    client.post(
        url + f"?dia={days[1]}", data={"choice": choices(times_page)[-1], "request_key": key}
    )
    old, new = Appointment.select().order_by(Appointment.id)
    page = BeautifulSoup(client.get(f"/citas/ticket/{old.code}").text, "html.parser")
    assert "REPROGRAMADO" in page.select_one(".void").text and page.select_one("svg") is None
    assert page.select_one(f'.void a[href="/citas/ticket/{new.code}"]') is not None
    assert "REPROGRAMADO" in pdf_text(client.get(f"/citas/ticket/{old.code}/pdf"))
    # The old ticket's calendar file is the new time of the same event.
    ics = client.get(f"/citas/ticket/{old.code}/calendario").text
    assert f"UID:{old.code}@ventanilla" in ics and "SEQUENCE:1" in ics and new.code in ics
    assert "METHOD:PUBLISH" in ics


def test_the_owner_s_account_page_carries_the_manage_link(client, db):
    citizen()
    sign_in(client)
    book_ahead(client)
    home = client.get("/cuenta/")
    assert re.search(r'href="/citas/gestion/[^"]+"', home.text)


def reschedule_times(client, tmp_path):
    """(the reschedule URL, the day its times are listed for, that times page)."""
    url = manage_url(tmp_path) + "/reprogramar"
    appointment = Appointment.get()
    return (
        url,
        appointment.day.isoformat(),
        client.get(url, query_string={"dia": appointment.day.isoformat()}),
    )


def test_reschedule_lists_times_in_the_booking_grid(client, db, tmp_path):
    book_ahead(client)
    _, _, page = reschedule_times(client, tmp_path)
    times = BeautifulSoup(page.text, "html.parser").select_one("#choice ul")
    assert "times" in times["class"]  # the grid of the booking's time step, not one column
    assert len(times.select("li")) > 1


@pytest.mark.parametrize("headers", [None, HX], ids=["no-js", "htmx"])
def test_reschedule_errors_are_summarised_at_the_top(client, db, tmp_path, headers):
    book_ahead(client)
    url, day, page = reschedule_times(client, tmp_path)
    key = re.search(r'name="request_key" value="([^"]+)"', page.text).group(1)
    response = client.post(f"{url}?dia={day}", data={"request_key": key}, headers=headers)
    soup = BeautifulSoup(response.text, "html.parser")
    step = soup.select_one("#step")
    first = step.find(["div", "h1", "form"])
    assert "error-summary" in first.get("class", []) and "Elija una hora" in first.text


@pytest.mark.parametrize("headers", [None, HX], ids=["no-js", "htmx"])
def test_moving_to_the_same_time_is_refused_with_a_clear_message(client, db, tmp_path, headers):
    Sede.update(capacity_per_slot=2).execute()  # so the time it has is still offered
    book_ahead(client)
    url, day, page = reschedule_times(client, tmp_path)
    appointment = Appointment.get()
    same = appointment.starts.strftime("%H:%M")
    assert "Su hora actual" in page.text
    key = re.search(r'name="request_key" value="([^"]+)"', page.text).group(1)
    response = client.post(
        f"{url}?dia={day}", data={"choice": same, "request_key": key}, headers=headers
    )
    assert response.status_code == 200
    assert response.text.count("Su cita ya es ese día a esa hora") == 2  # summary and field
    assert Appointment.select().count() == 1 and Appointment.get().is_active
    assert len(mails(tmp_path)) == 1  # no change, no e-mail


def test_a_second_tap_on_confirm_lands_on_the_new_ticket(client, db, tmp_path):
    book_ahead(client)
    url = manage_url(tmp_path) + "/reprogramar"
    days = re.findall(r'name="dia" value="([^"]+)"', client.get(url).text)
    times_page = client.get(url, query_string={"dia": days[1]})
    form = {"choice": choices(times_page)[-1], "request_key": request_key(times_page)}
    first = client.post(url + f"?dia={days[1]}", data=form)
    second = client.post(url + f"?dia={days[1]}", data=form)
    assert second.status_code == 303 and second.headers["Location"] == first.headers["Location"]
    assert Appointment.select().count() == 2 and len(mails(tmp_path)) == 2
