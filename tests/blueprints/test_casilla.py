"""The casilla electrónica through its pages: notifier -> addressee -> proof, scheduling and
withdrawing, what the e-mail says, and who can read what."""

import io
import re
from datetime import timedelta

import pypdf
from bs4 import BeautifulSoup

from models import AuditEvent, Notification, NotificationDelivery, User
from services import casilla, clock
from services.clock import utc_now
from tests.blueprints.casilla_helpers import (
    CASE,
    addressee,
    issue,
    notifier,
    prepare,
    prepared_id,
    signed_in,
)
from tests.blueprints.identity_helpers import pdf
from tests.helpers import HX, mails


def pdf_text(data: bytes) -> str:
    return "".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(data)).pages)


def download(client, url):
    """A file response, read and closed (send_file keeps the file open until then)."""
    response = client.get(url)
    response.get_data()
    response.close()
    return response


def header_count(page_text: str) -> str:
    link = BeautifulSoup(page_text, "html.parser").select_one("#casilla-link .count")
    return link.text if link else ""


def test_notifier_to_addressee_to_proof(app, db, tmp_path):
    clock.set_now(utc_now(), frozen=True)
    ana = addressee()
    desk = notifier(app)
    notification_id = prepared_id(prepare(desk))
    draft = desk.get(f"/personal/notificaciones/{notification_id}")
    assert "Vista previa" in draft.text and CASE in draft.text
    ana_client = signed_in(app, "ana@example.pe")
    assert "No tiene notificaciones" in ana_client.get("/casilla/").text  # a draft is nobody's

    desk.post(f"/personal/notificaciones/{notification_id}/emitir")
    notification = Notification.get_by_id(notification_id)
    delivery = NotificationDelivery.get(NotificationDelivery.user == ana.id)
    assert delivery.issued_at == delivery.available_at == notification.issued_at
    alert = mails(tmp_path)[-1]
    body = alert.get_body(("plain",)).get_content()
    assert alert["To"] == "ana@example.pe" and CASE in body
    assert "traslado" not in body and delivery.code not in body  # no content, no link to it

    home = ana_client.get("/cuenta/")
    assert header_count(home.text) == "1"
    inbox = ana_client.get("/casilla/")
    assert delivery.code in inbox.text and "No leída" in inbox.text

    page = ana_client.get(f"/casilla/{delivery.code}")
    assert "Se admite la demanda" in page.text and "al abrirla" in page.text
    opened = NotificationDelivery.get_by_id(delivery.id)
    assert opened.opened_at == utc_now() and opened.opened_session_id is not None
    assert User.get_by_id(ana.id).casilla_unread == 0
    assert header_count(ana_client.get("/cuenta/").text) == ""

    clock.advance(timedelta(minutes=10))
    document = download(ana_client, f"/casilla/{delivery.code}/documento")
    assert document.data == pdf() and document.headers["X-Content-Type-Options"] == "nosniff"
    assert document.headers["Content-Disposition"].startswith("attachment")
    assert NotificationDelivery.get_by_id(delivery.id).opened_at == opened.opened_at  # once

    proof = ana_client.get(f"/casilla/{delivery.code}/constancia")
    assert proof.mimetype == "application/pdf"
    text = pdf_text(proof.data)
    assert notification.document_sha256 in text and CASE in text and delivery.code in text
    assert "Ana María" in text

    public = app.test_client().get(f"/verificar/notificacion/{delivery.code}")
    assert public.status_code == 200 and notification.document_sha256 in public.text
    typed = delivery.code.lower().replace("-", "")  # as someone types it from the paper
    assert app.test_client().get(f"/verificar/notificacion/{typed}").status_code == 200
    assert app.test_client().get("/verificar/notificacion/AAAA-BBBB-CCCC-DDDD").status_code == 404
    assert "Ana" not in public.text and "traslado" not in public.text and CASE not in public.text

    staff_page = desk.get(f"/personal/notificaciones/{notification.id}")
    assert "Ana María" in staff_page.text and "al abrirla" in staff_page.text
    staff_proof = desk.get(f"/personal/notificaciones/constancias/{delivery.id}")
    assert staff_proof.data.startswith(b"%PDF")
    actions = [e.action for e in AuditEvent.select().order_by(AuditEvent.id)]
    for action in ("notificacion_preparada", "notificacion_emitida", "notificacion_abierta"):
        assert actions.count(action) == 1, action
    assert actions.count("constancia_descargada") == 2


def test_another_persons_notification_is_never_readable(app, db):
    addressee()
    addressee(email="jose@example.pe", doc_number="40123456", casillero="100002")
    notification = issue(notifier(app))
    code = NotificationDelivery.get(NotificationDelivery.notification == notification.id).code
    jose = signed_in(app, "jose@example.pe")
    for url in ("", "/documento", "/constancia", "/anexos/1"):
        assert jose.get(f"/casilla/{code}{url}").status_code == 404, url
    assert code not in jose.get("/casilla/").text
    anonymous = app.test_client().get(f"/casilla/{code}")
    assert anonymous.status_code == 302  # to sign in
    assert NotificationDelivery.get(NotificationDelivery.code == code).opened_at is None


def test_a_scheduled_notification_appears_and_is_alerted_only_when_due(app, db, tmp_path):
    ana = addressee()
    desk = notifier(app)
    notification = issue(
        desk, when="programada", scheduled_day="03/12/2026", scheduled_time="09:00"
    )
    before = len(mails(tmp_path))
    ana_client = signed_in(app, "ana@example.pe")
    assert "No tiene notificaciones" in ana_client.get("/casilla/").text
    assert header_count(ana_client.get("/cuenta/").text) == ""
    code = NotificationDelivery.get(NotificationDelivery.notification == notification.id).code
    assert ana_client.get(f"/casilla/{code}").status_code == 404
    assert app.test_client().get(f"/verificar/notificacion/{code}").status_code == 404

    clock.advance(timedelta(hours=23, minutes=1))  # Thursday 09:01 in Lima
    with app.app_context():
        assert casilla.alert_due(utc_now()) == 1
        assert casilla.alert_due(utc_now()) == 0
    assert len(mails(tmp_path)) == before + 1
    ana_client = signed_in(app, "ana@example.pe")  # the earlier sign-in has timed out
    assert header_count(ana_client.get("/cuenta/").text) == "1"
    assert code in ana_client.get("/casilla/").text
    assert User.get_by_id(ana.id).casilla_unread == 1


def test_a_notification_withdrawn_before_availability_never_appears(app, db):
    ana = addressee()
    desk = notifier(app)
    notification = issue(
        desk, when="programada", scheduled_day="03/12/2026", scheduled_time="09:00"
    )
    assert "¿Retirar" in desk.get(f"/personal/notificaciones/{notification.id}/retirar").text
    desk.post(f"/personal/notificaciones/{notification.id}/retirar")
    assert User.get_by_id(ana.id).casilla_unread == 0
    delivery = NotificationDelivery.get(NotificationDelivery.notification == notification.id)
    assert desk.get(f"/personal/notificaciones/constancias/{delivery.id}").status_code == 404
    clock.advance(timedelta(days=2))
    ana_client = signed_in(app, "ana@example.pe")
    assert "No tiene notificaciones" in ana_client.get("/casilla/").text
    desk = signed_in(app, "notifica@corte.pe")
    assert "Retirada" in desk.get("/personal/notificaciones").text


def test_an_available_notification_cannot_be_withdrawn(app, db):
    addressee()
    desk = notifier(app)
    notification = issue(desk)
    page = desk.post(f"/personal/notificaciones/{notification.id}/retirar", follow_redirects=True)
    assert "Ya no se puede retirar" in page.text
    assert notification.__class__.get_by_id(notification.id).withdrawn_at is None


def test_issuing_twice_issues_once_and_alerts_once(app, db, tmp_path):
    addressee()
    desk = notifier(app)
    notification_id = prepared_id(prepare(desk))
    before = len(mails(tmp_path))
    for _ in range(2):
        desk.post(f"/personal/notificaciones/{notification_id}/emitir")
    assert len(mails(tmp_path)) == before + 1
    events = AuditEvent.select().where(AuditEvent.action == "notificacion_emitida").count()
    assert events == 1


def test_the_notifier_is_told_what_to_fix(app, db):
    addressee()
    addressee(email="luis@example.pe", doc_number="41234567", casillero="100003")
    User.update(identity_status="pendiente").where(User.email == "luis@example.pe").execute()
    desk = notifier(app)
    page = prepare(
        desk,
        addressees="45678901\n41234567\n99999999",
        case_number="123/2026",
        document=(io.BytesIO(b"\x89PNG\r\n\x1a\n" + b"0" * 100), "foto.pdf"),
        when="programada",
        scheduled_day="05/12/2026",
        scheduled_time="10:00",
    )
    assert page.status_code == 200 and "Error:" in page.text
    assert "00123-2026-0-1801-JR-CI-01" in page.text  # the example of a case number
    page = prepare(desk, addressees="41234567\n99999999")
    assert "identidad verificada" in page.text and "no hay ninguna cuenta" in page.text
    page = prepare(desk, when="programada", scheduled_day="05/12/2026", scheduled_time="10:00")
    assert "día hábil" in page.text
    page = prepare(desk, document=(io.BytesIO(b"\x89PNG\r\n\x1a\n" + b"0" * 100), "foto.pdf"))
    assert "no es un PDF" in page.text
    active = pdf(catalog={"/OpenAction": {"/S": "/JavaScript", "/JS": "app.alert(1)"}})
    page = prepare(desk, annexes=[(io.BytesIO(active), "anexo.pdf")])
    assert "Anexo 1:" in page.text and "JavaScript" in page.text
    assert NotificationDelivery.select().count() == 0


def test_the_casillero_number_finds_the_addressee_and_annexes_travel_with_it(app, db):
    ana = addressee(casillero="100555")
    desk = notifier(app)
    notification = issue(desk, addressees="100555", annexes=[(io.BytesIO(pdf()), "anexo.pdf")])
    delivery = NotificationDelivery.get(NotificationDelivery.notification == notification.id)
    assert delivery.user_id == ana.id
    ana_client = signed_in(app, "ana@example.pe")
    annex = download(ana_client, f"/casilla/{delivery.code}/anexos/1")
    assert annex.data == pdf() and annex.headers["Cache-Control"] == "no-store"
    assert ana_client.get(f"/casilla/{delivery.code}/anexos/2").status_code == 404


def test_the_inbox_filters_and_its_htmx_fragment(app, db):
    addressee()
    desk = notifier(app)
    issue(desk)
    issue(desk, case_number="00777-2025-0-1801-JP-FC-02")
    ana_client = signed_in(app, "ana@example.pe")
    page = ana_client.get("/casilla/?expediente=00777")
    assert "00777-2025" in page.text and CASE not in page.text
    assert "00777-2025" not in ana_client.get("/casilla/?estado=leidas").text
    assert "No hay notificaciones" in ana_client.get("/casilla/?desde=03/12/2026").text
    bad = ana_client.get("/casilla/?desde=99/99/9999&estado=x")
    assert bad.status_code == 200 and "Error:" in bad.text
    fragment = ana_client.get("/casilla/", headers=HX)
    assert "<html" not in fragment.text and '<section id="inbox">' in fragment.text
    assert "HX-Request" in fragment.headers["Vary"]


def test_the_administrator_sets_the_deemed_notification_rule(app, db):
    addressee()
    desk = notifier(app)
    notification = issue(desk)  # Wednesday 2 December: +10 calendar days is Saturday 12th
    assert "lunes 14 de diciembre" in desk.get(f"/personal/notificaciones/{notification.id}").text
    admin = notifier(app, "admin@corte.pe")
    User.update(roles="administrador").where(User.email == "admin@corte.pe").execute()
    assert (
        admin.post(
            "/personal/notificaciones/plazo", data={"count": "habiles", "days": "x"}
        ).status_code
        == 200
    )
    admin.post("/personal/notificaciones/plazo", data={"count": "habiles", "days": "3"})
    page = desk.get(f"/personal/notificaciones/{notification.id}").text
    assert "3 días hábiles" in page and "lunes 7 de diciembre" in page
    assert re.search("plazo_notificacion_cambiado", str([e.action for e in AuditEvent.select()]))


def test_the_public_verification_page_is_rate_limited_per_address(client, db, still_clock):
    answers = [
        client.get("/verificar/notificacion/AAAA-BBBB-CCCC-DDDD").status_code for _ in range(61)
    ]
    assert set(answers[:60]) == {404} and answers[60] == 429
