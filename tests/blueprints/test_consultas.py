"""Consultas externas without signing in: verify a ticket or a receipt, check a PDF's hash,
the hearings schedule and its calendars, the sedes; all rate-limited, none showing people."""

import hashlib
import io

import holidays
import pytest
from icalendar import Calendar
from werkzeug.datastructures import FileStorage
from werkzeug.test import encode_multipart

from domain.clock import long_date
from models import Appointment, Closure, Dependencia, Hearing, ReceiptUse, Sede
from services.clock import court_now
from tests.blueprints.consultas_helpers import (
    CASE,
    court_day,
    hearing_fields,
    is_fragment,
    publish,
)
from tests.blueprints.receipt_helpers import ACT, pay, register
from tests.helpers import HX, PERSON, book, sign_in, staff

PERSONAL = (PERSON["names"], PERSON["surnames"], PERSON["doc_number"], PERSON["email"])


def booked_code(client) -> str:
    book(client)
    return Appointment.get().code


def no_personal_data(text: str) -> bool:
    return not any(value in text for value in (*PERSONAL, "Quispe", "ana@"))


# --- home --------------------------------------------------------------------------------


def test_the_home_page_links_every_public_query(client):
    text = client.get("/").text
    for url in ('href="/verificar"', 'href="/audiencias"', 'href="/sedes"'):
        assert url in text


# --- verify a ticket ---------------------------------------------------------------------


def test_a_real_ticket_verifies_by_its_typed_code_without_personal_data(client, app):
    code = booked_code(client)
    anyone = app.test_client()
    typed = code.lower().replace("-", " ")
    found = anyone.get(f"/verificar?codigo={typed}")
    assert found.status_code == 303 and found.headers["Location"] == f"/verificar/cita/{code}"
    page = anyone.get(found.headers["Location"])
    assert "Documento auténtico" in page.text and code in page.text
    appointment = Appointment.get()
    assert "Cita reservada" in page.text and appointment.service.name in page.text
    assert appointment.sede.name in page.text
    assert no_personal_data(page.text)
    # The hash shown is the SHA-256 of the very PDF the owner downloads.
    pdf = anyone.get(f"/citas/ticket/{code}/pdf").data
    assert hashlib.sha256(pdf).hexdigest() in page.text


def test_the_qr_codes_link_is_read_as_the_code_and_the_ticket_carries_it(client, app):
    code = booked_code(client)
    with app.app_context():
        from services.tickets import ticket_data, verification_link

        link = verification_link(code)
        assert link == f"http://localhost/verificar/cita/{code}"
        assert ticket_data(Appointment.get(), Sede.get().court).qr == link
    found = client.get(f"/verificar?codigo={link}")
    assert found.headers["Location"] == f"/verificar/cita/{code}"
    # A desk scanner typing the link into the day list's search still finds the appointment.
    appointment = Appointment.get()
    staff("mesa@corte.pe", "mesa_de_partes")
    desk = app.test_client()
    sign_in(desk, "mesa@corte.pe")
    query = {"buscar": link, "sede": appointment.sede_id, "dia": appointment.day.isoformat()}
    listing = desk.get("/personal/citas", query_string=query)
    assert code in listing.text and appointment.surnames in listing.text


def test_the_search_is_a_page_or_its_fragment_and_says_when_nothing_matches(client):
    page = client.get("/verificar?codigo=ZZZZ-ZZZZ-ZZZZ")
    fragment = client.get("/verificar?codigo=ZZZZ-ZZZZ-ZZZZ", headers=HX)
    assert page.status_code == fragment.status_code == 200
    assert "<html" in page.text and "<title>Error: " in page.text
    assert is_fragment(fragment, "verify-search")
    assert "No encontramos un documento con ese código" in fragment.text
    assert "HX-Request" in fragment.headers["Vary"]
    empty = client.get("/verificar?codigo=")
    assert "Escriba el código que figura en el documento" in empty.text


def test_a_pasted_link_is_read_for_its_kind_only(client, app):
    code = booked_code(client)
    anyone = app.test_client()
    as_receipt = anyone.get(f"/verificar?codigo=https://otra.web/verificar/comprobante/{code}")
    assert "No encontramos un documento con ese código" in as_receipt.text
    unknown_kind = anyone.get(f"/verificar?codigo=http://localhost/verificar/otra/{code}")
    assert "No encontramos un documento con ese código" in unknown_kind.text
    huge = anyone.get("/verificar", query_string={"codigo": "A" * 5000})
    assert huge.status_code == 200 and "Escriba solo el código" in huge.text


def test_a_found_code_redirects_htmx_too(client, app):
    code = booked_code(client)
    response = app.test_client().get(f"/verificar?codigo={code}", headers=HX)
    assert response.headers["HX-Redirect"] == f"/verificar/cita/{code}"


@pytest.mark.parametrize(
    "url", ["/verificar/cita/ZZZZ-ZZZZ-ZZZZ", "/verificar/otra-cosa/ABCD", "/verificar/cita/x"]
)
def test_unknown_documents_are_not_found(client, url):
    response = client.get(url)
    assert response.status_code == 404 and "No encontramos esa página" in response.text


def test_a_cancelled_ticket_is_genuine_but_no_longer_valid(client, app):
    code = booked_code(client)
    issued = client.get(f"/citas/ticket/{code}/pdf").data
    appointment = Appointment.get()
    appointment.status = "anulada"
    appointment.save()
    page = app.test_client().get(f"/verificar/cita/{code}")
    assert "anulada" in page.text and "Documento auténtico" in page.text
    assert hashlib.sha256(issued).hexdigest() in page.text  # the copy the person holds
    assert "marcado ANULADO" in page.text


# --- the PDF check -----------------------------------------------------------------------


def upload(client, code, data: bytes | None, name="ticket.pdf", headers=None):
    """Post the file as a browser does, encoded in memory (the test client would spool a big
    body to a temporary file that it never closes)."""
    files = {} if data is None else {"archivo": FileStorage(io.BytesIO(data), name)}
    boundary, body = encode_multipart(files)
    return client.post(
        f"/verificar/cita/{code}",
        data=body,
        content_type=f"multipart/form-data; boundary={boundary}",
        headers=headers or {},
    )


def test_the_pdf_the_person_holds_matches_and_a_changed_one_does_not(client, app):
    code = booked_code(client)
    pdf = client.get(f"/citas/ticket/{code}/pdf").data
    anyone = app.test_client()
    same = upload(anyone, code, pdf)
    assert same.status_code == 200 and "El PDF coincide" in same.text
    changed = pdf.replace(b"Ticket de cita", b"Ticket de c1ta")
    other = upload(anyone, code, changed, headers=HX)
    assert other.status_code == 200 and is_fragment(other, "document-check")
    assert "no coincide" in other.text
    assert hashlib.sha256(changed).hexdigest() in other.text


NOT_ACCEPTED = [
    (b"MZ\x90\x00 not a pdf", "no es un PDF"),
    (b"", "El archivo está vacío"),
    (None, "Elija el PDF que quiere comprobar"),
    (b"%PDF-1.4\n" + b"0" * (20 * 1024 * 1024), "pesa más de 20 MB"),
]


def test_what_is_not_a_pdf_or_is_too_big_is_refused(client, app):
    code = booked_code(client)
    anyone = app.test_client()
    for data, message in NOT_ACCEPTED:
        response = upload(anyone, code, data, name="foto.exe")
        assert response.status_code == 200 and message in response.text, message
        assert "<title>Error: " in response.text and "coincide" not in response.text


# --- verify a receipt --------------------------------------------------------------------


def test_a_validated_receipt_verifies_without_the_payer_or_the_act(clerk, app):
    payment = pay()
    register(clerk, payment)
    code = ReceiptUse.get().verification_code
    shown = clerk.get(f"/personal/comprobantes/usos/{ReceiptUse.get().id}").text
    assert code and code in shown and f"Código QR para verificar el comprobante {code}" in shown
    anyone = app.test_client()
    found = anyone.get(f"/verificar?codigo={code.replace('-', '')}")
    assert found.headers["Location"] == f"/verificar/comprobante/{code}"
    page = anyone.get(found.headers["Location"])
    assert "Comprobante de pago validado" in page.text and payment.sequence in page.text
    assert f"{payment.paid_on:%d/%m/%Y}" in page.text and "07900" in page.text
    for private in (payment.payer_document, ACT, "mesa@corte.pe"):
        assert private not in page.text
    assert 'name="archivo"' not in page.text  # the court issued no file of it to compare


# --- hearings ----------------------------------------------------------------------------


def test_the_public_schedule_filters_by_sede_court_and_day(clerk, app):
    publish(clerk, dependencia_code="1JCL")  # at Sede Alzamora
    publish(clerk, dependencia_code="3JFL", case_number="00456-2025-0-1801-JR-FC-03")
    publish(
        clerk,
        dependencia_code="1JCL",
        day=court_day(2).isoformat(),
        case_number="9-2024-0-1801-JR-CI-02",
    )
    anyone = app.test_client()
    day = court_day().isoformat()
    both = anyone.get(f"/audiencias?dia={day}").text
    assert CASE in both and "00456-2025" in both and "00009-2024" not in both
    assert "Audiencia de conciliación" in both and "https://meet.pj.gob.pe/sala-3" in both
    alzamora = Sede.get(Sede.code == "alzamora").id
    by_sede = anyone.get(f"/audiencias?dia={day}&sede={alzamora}").text
    assert CASE in by_sede and "00456-2025" not in by_sede
    family = Dependencia.get(Dependencia.code == "3JFL").id
    by_court = anyone.get(f"/audiencias?dia={day}&juzgado={family}").text
    assert "00456-2025" in by_court and CASE not in by_court
    later = anyone.get(f"/audiencias?dia={court_day(2).isoformat()}").text
    assert "00009-2024-0-1801-JR-CI-02" in later and CASE not in later


def test_the_schedule_is_a_page_or_its_fragment(client):
    page, fragment = client.get("/audiencias"), client.get("/audiencias", headers=HX)
    assert "<html" in page.text and is_fragment(fragment, "hearing-list")
    assert "No hay audiencias publicadas" in fragment.text
    assert f"{long_date(court_now().date()).capitalize()} (hoy)" in page.text  # by default


IMPOSSIBLE_FILTERS = [
    "dia=9999-12-31",
    "dia=0001-01-01",
    "dia=mañana",
    "dia=2026-02-30",
    "sede=99999999999999999",
    "juzgado=-1",
    "juzgado=1e3",
    "sede=" + "9" * 5000,
]


def test_impossible_filters_get_a_spanish_400(client):
    for query in IMPOSSIBLE_FILTERS:
        response = client.get(f"/audiencias?{query}")
        assert response.status_code == 400 and "La solicitud no es válida" in response.text


def test_each_court_has_a_calendar_feed_of_its_own_hearings(clerk, app):
    publish(clerk, dependencia_code="1JCL")
    publish(clerk, dependencia_code="3JFL", case_number="00456-2025-0-1801-JR-FC-03")
    hearing = Hearing.get(Hearing.case_number == CASE)
    response = app.test_client().get("/audiencias/juzgado/1JCL/calendario")
    assert response.mimetype == "text/calendar"
    [event] = Calendar.from_ical(response.data).walk("VEVENT")
    assert event["uid"] == f"audiencia-{hearing.id}@ventanilla"
    assert CASE in event["summary"] and "00456" not in response.text
    assert str(event["url"]) == "https://meet.pj.gob.pe/sala-3"
    feed = "/audiencias/juzgado/1JCL/calendario"
    moved = hearing_fields(starts="11:00", virtual_url="")
    clerk.post(f"/personal/audiencias/{hearing.id}/editar", data=moved)
    [event] = Calendar.from_ical(app.test_client().get(feed).data).walk("VEVENT")
    assert event["sequence"] == 1 and event.get("url") is None  # the kept one was replaced
    clerk.post(f"/personal/audiencias/{hearing.id}/retirar")
    assert not Calendar.from_ical(app.test_client().get(feed).data).walk("VEVENT")
    assert app.test_client().get("/audiencias/juzgado/NOPE/calendario").status_code == 404


# --- sedes -------------------------------------------------------------------------------


def test_the_sedes_page_shows_hours_services_closures_and_a_map_link(client, db):
    today = court_now().date()
    zavala = Sede.get(Sede.code == "zavala")
    Closure.create(sede=zavala, day=today, reason="Fumigación", kind="cierre")
    alzamora = Sede.get(Sede.code == "alzamora")
    alzamora.latitude, alzamora.longitude = -12.0553, -77.0365
    alzamora.save()
    page = client.get("/sedes")
    text = page.text
    for sede in Sede.open_ones():
        assert sede.name in text and sede.address in text
    assert "Cerrada hoy: Fumigación" in text
    assert "Lunes a viernes: 08:00 a 13:00 y 14:00 a 16:40" in text
    assert "Demandas" in text and "Escritos" in text
    assert 'href="geo:-12.055300,-77.036500?q=' in text
    assert 'href="geo:0,0?q=Jr.%20Manuel%20Cuadros%20182' in text
    holiday = Closure.select().where(Closure.day > today, Closure.sede.is_null())
    first = holiday.order_by(Closure.day).first()
    spanish = holidays.country_holidays("PE", years=[first.day.year], language="es")
    assert first.reason == spanish[first.day] and first.reason in text  # named in Spanish
    fragment = client.get("/sedes", headers=HX)
    assert is_fragment(fragment, "sede-list")


# --- the rate limit ----------------------------------------------------------------------


@pytest.mark.usefixtures("still_clock")
def test_public_queries_share_one_limit_per_address(client, app):
    app.config["PUBLIC_QUERIES_PER_MINUTE"] = 3
    for url in ("/sedes", "/audiencias", "/verificar"):
        assert client.get(url).status_code == 200
    refused = client.get("/verificar?codigo=ABCD")
    assert refused.status_code == 429 and "Demasiados intentos seguidos" in refused.text
    assert refused.headers["Retry-After"] == "60"
    other = app.test_client()
    other_address = other.get("/sedes", environ_overrides={"REMOTE_ADDR": "10.0.0.9"})
    assert other_address.status_code == 200
    assert client.get("/").status_code == 200  # the home page is not a query
