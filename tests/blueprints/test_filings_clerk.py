"""The clerk's filings inbox and actions through the pages (JavaScript off: plain forms and
303s; on: htmx fragments), who is refused, and the constancia the filer and the clerk get."""

import re
from datetime import timedelta
from pathlib import Path

import pytest

from domain.states import FilingStatus
from models import AuditEvent, Dependencia, Filing, FilingEvent
from tests.blueprints.filing_helpers import file_document, filer, pdf_text
from tests.helpers import HX, mails, sign_in, staff

INBOX = "/personal/tramites"


@pytest.fixture
def filer_client(app, db):
    client = app.test_client()
    filer(client)
    return client


def outbox(app) -> list:
    return mails(Path(app.config["OUTBOX_FOLDER"]).parent)


def listed(page: str) -> list[str]:
    """The tracking numbers an inbox page lists, in order."""
    return re.findall(r"<strong>(\d{4}-\d{6})</strong></a>", page)


def test_the_inbox_lists_newest_first_and_filters(app, clerk, filer_client):
    first = file_document(filer_client)
    day_before = {"submitted_at": first.submitted_at - timedelta(days=1)}
    day_before["received_at"] = day_before["submitted_at"]
    Filing.update(**day_before).where(Filing.id == first.id).execute()
    first = Filing.get_by_id(first.id)
    second = file_document(filer_client, dependencia="3JFL", document_type="demanda")
    third = file_document(filer_client, dependencia="3JFL", document_type="solicitud")
    page = clerk.get(INBOX).text
    assert listed(page) == [third.tracking_number, second.tracking_number, first.tracking_number]
    assert "Ana María Quispe Mamani" in page
    family = Dependencia.get(Dependencia.code == "3JFL").id
    assert listed(clerk.get(f"{INBOX}?dependencia={family}").text) == [
        third.tracking_number,
        second.tracking_number,
    ]
    assert listed(clerk.get(f"{INBOX}?tipo=demanda").text) == [second.tracking_number]
    day_one = first.received_at.date().isoformat()
    assert listed(clerk.get(f"{INBOX}?desde={day_one}&hasta={day_one}").text) == [
        first.tracking_number
    ]
    assert listed(clerk.get(f"{INBOX}?numero={second.year}-{second.number}").text) == [
        second.tracking_number
    ]
    Filing.update(status=FilingStatus.OBSERVADO).where(Filing.id == first.id).execute()
    assert listed(clerk.get(f"{INBOX}?estado={FilingStatus.OBSERVADO}").text) == [
        first.tracking_number
    ]
    assert "con esos filtros" in clerk.get(f"{INBOX}?numero=2026-999").text


@pytest.mark.parametrize(
    "query",
    [
        "pagina=99999999999999999999",
        "desde=9999-99-99&hasta=0000-01-01",
        "hasta=9999-12-31",
        "dependencia=99999999999999999999999&estado=x&tipo=y",
        "numero=" + "9" * 500,
    ],
)
def test_the_inbox_takes_any_query_string_without_an_error(clerk, query):
    assert clerk.get(f"{INBOX}?{query}").status_code == 200


def test_the_inbox_pages_and_swaps_only_its_rows_with_htmx(clerk, filer_client, monkeypatch):
    from services import filing_desk

    monkeypatch.setattr(filing_desk, "PAGE_SIZE", 1)
    older, newer = file_document(filer_client), file_document(filer_client)
    whole = clerk.get(INBOX)
    assert "<html" in whole.text and "HX-Request" in whole.headers["Vary"]
    assert listed(whole.text) == [newer.tracking_number] and "pagina=2" in whole.text
    part = clerk.get(f"{INBOX}?pagina=2", headers=HX)
    assert "<html" not in part.text and 'id="filing-rows"' in part.text
    assert listed(part.text) == [older.tracking_number] and "Página anterior" in part.text


def test_the_clerk_validates_and_derives_after_confirming(app, clerk, filer_client):
    filing = file_document(filer_client)
    page = clerk.get(f"{INBOX}/{filing.id}").text
    assert "escrito-ana.pdf" in page and "Ana María Quispe Mamani" in page
    assert f"/personal/tramites/{filing.id}/validar" in page
    ask = clerk.get(f"{INBOX}/{filing.id}/validar")
    assert f"¿Validar el trámite {filing.tracking_number} y derivarlo?" in ask.text
    assert Filing.get_by_id(filing.id).status == FilingStatus.PENDIENTE  # asking changes nothing
    missing = clerk.post(f"{INBOX}/{filing.id}/validar", data={"dependencia_id": ""})
    assert missing.status_code == 200 and "Elija la dependencia a la que se deriva" in missing.text
    assert 'id="dependencia_id-error"' in missing.text
    sala = Dependencia.get(Dependencia.code == "1SCL")
    done = clerk.post(f"{INBOX}/{filing.id}/validar", data={"dependencia_id": str(sala.id)})
    assert done.status_code == 303 and done.location.endswith(f"{INBOX}/{filing.id}")
    moved = Filing.get_by_id(filing.id)
    assert (moved.status, moved.derived_to_id) == (FilingStatus.DERIVADO, sala.id)
    assert "validado y derivado a Primera Sala Civil de Lima" in clerk.get(done.location).text
    event = FilingEvent.select().order_by(FilingEvent.id.desc()).first()
    assert (event.to_status, event.actor_label != "") == (FilingStatus.DERIVADO, True)
    assert AuditEvent.get(AuditEvent.action == "tramite_derivado").subject == filing.tracking_number
    assert outbox(app)[-1]["Subject"] == f"Su trámite {filing.tracking_number}: derivado"


def test_the_clerk_observes_with_a_reason_through_htmx(app, clerk, filer_client):
    filing = file_document(filer_client)
    url = f"{INBOX}/{filing.id}/observar"
    empty = clerk.post(url, data={"note": "  "}, headers=HX)
    assert empty.status_code == 200 and "<html" not in empty.text
    assert 'id="filing"' in empty.text and "Escriba qué debe corregir el remitente" in empty.text
    assert 'id="note-error"' in empty.text and "Error: " in empty.text  # under its field
    assert Filing.get_by_id(filing.id).status == FilingStatus.PENDIENTE
    reason = "Falta la firma del abogado en la página 2."
    done = clerk.post(url, data={"note": reason}, headers=HX)
    assert done.status_code == 303
    assert Filing.get_by_id(filing.id).status == FilingStatus.OBSERVADO
    assert reason in filer_client.get(f"/tramites/{filing.id}").text
    assert reason in outbox(app)[-1].get_body(("plain",)).get_content()


def test_attending_twice_changes_it_once_and_says_why_in_spanish(app, clerk, filer_client):
    filing = file_document(filer_client)
    url = f"{INBOX}/{filing.id}/atender"
    assert clerk.post(url, data={"note": "Proveído"}).status_code == 303
    again = clerk.post(url, data={"note": "Proveído"})
    assert again.status_code == 200
    assert "No se puede atender el trámite: está atendido." in again.text
    assert FilingEvent.select().where(FilingEvent.filing == filing.id).count() == 2
    page = clerk.get(f"{INBOX}/{filing.id}").text
    assert "/atender" not in page and "/observar" not in page and "/validar" not in page
    assert "ya no se puede" in clerk.get(url).text


def test_other_staff_and_citizens_are_refused(app, db, filer_client):
    filing = file_document(filer_client)
    verifier = app.test_client()
    staff("verifica@corte.pe", "verificador")
    assert sign_in(verifier, "verifica@corte.pe").status_code == 303
    urls = [
        INBOX,
        f"{INBOX}/{filing.id}",
        f"{INBOX}/{filing.id}/constancia.pdf",
        f"{INBOX}/{filing.id}/archivos/{filing.files[0].id}",
    ]
    for client in (verifier, filer_client):
        for url in urls:
            assert client.get(url).status_code == 403, url
        for action in ("validar", "observar", "atender"):
            reply = client.post(f"{INBOX}/{filing.id}/{action}", data={"note": "x"})
            assert reply.status_code == 403
    assert Filing.get_by_id(filing.id).status == FilingStatus.PENDIENTE


def test_the_clerk_downloads_the_files_and_the_constancia(clerk, filer_client):
    filing = file_document(filer_client)
    for row in filing.files:
        reply = clerk.get(f"{INBOX}/{filing.id}/archivos/{row.id}")
        assert reply.status_code == 200 and reply.headers["X-Content-Type-Options"] == "nosniff"
        assert reply.headers["Content-Disposition"].startswith("attachment")
        reply.close()
    reply = clerk.get(f"{INBOX}/{filing.id}/constancia.pdf")
    assert reply.mimetype == "application/pdf"
    assert filing.tracking_number in pdf_text(reply.data)
    assert clerk.get(f"{INBOX}/{filing.id}/archivos/{10**6}").status_code == 404


# --- the constancia -----------------------------------------------------------------------


def test_the_constancia_names_the_filing_and_every_files_sha256(app, filer_client):
    filing = file_document(filer_client)
    page = filer_client.get(f"/tramites/{filing.id}").text
    assert f"/tramites/{filing.id}/constancia.pdf" in page
    reply = filer_client.get(f"/tramites/{filing.id}/constancia.pdf")
    assert reply.status_code == 200 and reply.data.startswith(b"%PDF")
    assert reply.headers["Content-Disposition"] == (
        f'attachment; filename="constancia-{filing.tracking_number}.pdf"'
    )
    text = pdf_text(reply.data)
    hashes = [row.sha256 for row in filing.files]
    assert len(hashes) == 2
    for expected in (filing.tracking_number, filing.verification_code, "DNI 45678901", *hashes):
        assert expected in text
    assert "escrito-ana.pdf" in text and "Apersonamiento al proceso" in text
    assert "02/12/2026 10:0" in text  # the court's time (Lima), not UTC (15:00)


def test_another_citizen_cannot_get_the_constancia(app, filer_client):
    filing = file_document(filer_client)
    other = app.test_client()
    filer(other, "beto@example.pe", "11112222")
    assert other.get(f"/tramites/{filing.id}/constancia.pdf").status_code == 404
    assert app.test_client().get(f"/tramites/{filing.id}/constancia.pdf").status_code == 302


def test_the_filing_mail_carries_the_constancia(app, filer_client):
    filing = file_document(filer_client)
    [mail] = outbox(app)
    [attached] = list(mail.iter_attachments())
    assert attached.get_content_type() == "application/pdf"
    assert attached.get_filename() == f"constancia-{filing.tracking_number}.pdf"
    text = pdf_text(attached.get_content())
    assert all(row.sha256 in text for row in filing.files)
    body = mail.get_body(("plain",)).get_content()
    assert f"/verificar/tramite/{filing.verification_code}" in body
