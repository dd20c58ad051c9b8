import dataclasses
import io
from datetime import UTC, date, datetime, time

from pypdf import PdfReader

from domain.clock import local_now, long_date, stamp, to_utc
from domain.ics import appointment_ics
from domain.pdf.ticket import TicketData, latin1, ticket_pdf

DATA = TicketData(
    court="Corte Superior de Justicia de Lima",
    code="7K3M-9QXD-2P4A",
    sede="Sede Javier Alzamora Valdez",
    address="Av. Abancay 459, Cercado de Lima",
    service="Escritos",
    day="lunes 23 de noviembre de 2026",
    time="09:00 a 09:20",
    person="José Ñañez Ríos",
    document="DNI ••••8901",
    issued="22/11/2026 09:41:07 (hora de Lima)",
    what_to_bring="Su escrito — firmado",
    instructions="Llegue 10 minutos antes.",
    priority=True,
)


def test_ticket_pdf_is_a_small_pdf():
    pdf = ticket_pdf(DATA)
    assert pdf.startswith(b"%PDF")
    assert len(pdf) < 40_000


def test_ticket_pdf_carries_the_code_and_spanish_text():
    text = PdfReader(io.BytesIO(ticket_pdf(DATA))).pages[0].extract_text()
    for expected in ("7K3M-9QXD-2P4A", "José Ñañez Ríos", "ATENCIÓN PREFERENTE", "09:00 a 09:20"):
        assert expected in text


def test_a_sede_without_instructions_and_a_service_without_a_list_print_no_empty_heading():
    bare = dataclasses.replace(DATA, what_to_bring="", instructions="")
    text = PdfReader(io.BytesIO(ticket_pdf(bare))).pages[0].extract_text()
    assert "Qué traer" not in text and "En la sede" not in text
    full = PdfReader(io.BytesIO(ticket_pdf(DATA))).pages[0].extract_text()
    assert "Qué traer" in full and "En la sede" in full


def test_long_texts_wrap_inside_the_ticket_and_lose_no_word():
    long = "María del Carmen Huamán Quispe de Ñahuincopa Villanueva Cárdenas"
    bring = "La demanda firmada con sus anexos y copias para cada demandado, su DNI y las tasas."
    data = dataclasses.replace(DATA, person=long, what_to_bring=bring)
    lines = PdfReader(io.BytesIO(ticket_pdf(data))).pages[0].extract_text().splitlines()
    assert long in " ".join(lines) and bring in " ".join(lines)
    assert not any(long in line or bring in line for line in lines)  # wrapped, not overflowing


def test_text_outside_latin1_is_folded_not_lost():
    assert latin1("Su escrito — “firmado” • ok") == 'Su escrito - "firmado" * ok'


def test_lima_wall_clock_converts_to_utc_and_back():
    instant = to_utc("America/Lima", date(2026, 11, 23), time(9, 0))
    assert instant == datetime(2026, 11, 23, 14, 0, tzinfo=UTC)
    assert local_now("America/Lima", datetime(2026, 11, 23, 14, 0)) == datetime(2026, 11, 23, 9)


def test_dates_read_in_spanish():
    assert long_date(date(2026, 11, 23)) == "lunes 23 de noviembre de 2026"
    assert stamp(datetime(2026, 1, 2, 3, 4, 5)) == "02/01/2026 03:04:05"


EVENT = {
    "uid": "7K3M-9QXD-2P4A",
    "starts_utc": datetime(2026, 11, 23, 14, 0, tzinfo=UTC),
    "ends_utc": datetime(2026, 11, 23, 14, 20, tzinfo=UTC),
    "stamped_utc": datetime(2026, 11, 22, 10, 0, tzinfo=UTC),
    "summary": "Cita en mesa de partes: Escritos",
    "location": "Av. Abancay 459",
    "description": "Código de la cita: 7K3M-9QXD-2P4A",
    "organizer": "no-responder@corte.pe",
}


def test_calendar_event_uses_utc_instants():
    ics = appointment_ics(**EVENT)
    assert b"DTSTART:20261123T140000Z" in ics
    assert b"UID:7K3M-9QXD-2P4A@ventanilla" in ics
    assert b"METHOD:PUBLISH" in ics and b"SEQUENCE:0" in ics and b"STATUS:CONFIRMED" in ics


def test_a_cancelled_event_is_an_itip_cancel_of_the_same_uid_with_a_higher_sequence():
    ics = appointment_ics(**EVENT, sequence=2, cancelled=True)
    assert b"METHOD:CANCEL" in ics and b"STATUS:CANCELLED" in ics and b"SEQUENCE:2" in ics
    assert b"UID:7K3M-9QXD-2P4A@ventanilla" in ics
    assert b"ORGANIZER:mailto:no-responder@corte.pe" in ics


def test_a_void_ticket_pdf_is_marked_and_has_no_qr_code():
    valid = PdfReader(io.BytesIO(ticket_pdf(DATA))).pages[0].extract_text()
    void_pdf = ticket_pdf(dataclasses.replace(DATA, void="ANULADO"))
    text = PdfReader(io.BytesIO(void_pdf)).pages[0].extract_text()
    assert "ANULADO" in text and "Este ticket ya no es válido" in text
    assert "ANULADO" not in valid
    assert "7K3M-9QXD-2P4A" in text and "José Ñañez Ríos" in text
    assert len(void_pdf) < len(ticket_pdf(DATA))  # the QR code's squares are not drawn


def test_the_ticket_names_the_service_as_the_pages_do():
    lines = PdfReader(io.BytesIO(ticket_pdf(DATA))).pages[0].extract_text().splitlines()
    assert "Trámite" in lines and "Servicio" not in lines  # the page and e-mails say Trámite
