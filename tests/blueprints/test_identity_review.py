"""Identity verification, the verifiers' side: the queue, deciding once, who may see files."""

import re
from datetime import datetime

import pytest
from bs4 import BeautifulSoup

from models import AuditEvent, IdentityVerification, User
from services.clock import utc_now
from tests.blueprints.identity_helpers import (
    JPEG,
    MP4,
    PDF,
    pending_id,
    send,
    sign_in,
    stored,
)
from tests.helpers import HX, mails
from tests.helpers import citizen as make_citizen
from tests.helpers import staff as make_staff


def fetch(client, url):
    """GET a file and close it (a served file stays open until its response is closed)."""
    response = client.get(url)
    response.get_data()
    response.close()
    return response


@pytest.fixture
def citizen(app, db):
    """A signed-in citizen with a confirmed e-mail."""
    make_citizen()
    client = app.test_client()
    sign_in(client, "ana@example.pe")
    return client


def test_verifiers_see_pending_requests_oldest_first_in_court_time(app, citizen, verifier, db):
    first = pending_id(citizen)
    make_citizen("luis@example.pe", "12345678", full_name="Luis Huamán Ríos")
    other = app.test_client()
    sign_in(other, "luis@example.pe")
    second = pending_id(other)
    IdentityVerification.update(submitted_at=datetime(2026, 3, 2, 15, 4, 5)).where(
        IdentityVerification.id == second
    ).execute()
    IdentityVerification.update(submitted_at=datetime(2026, 3, 2, 16, 0, 0)).where(
        IdentityVerification.id == first
    ).execute()
    page = BeautifulSoup(verifier.get("/personal/verificaciones").text, "html.parser")
    rows = [li.text for li in page.select("#verification-rows li")]
    assert "Luis Huamán Ríos" in rows[0] and "DNI 12345678" in rows[0]
    assert "Enviada el 02/03/2026 10:04:05" in rows[0]  # Lima is UTC-5
    assert "Ana María Quispe Mamani" in rows[1]


def test_the_request_shows_the_image_and_plays_the_video(citizen, verifier, db):
    verification_id = pending_id(citizen)
    base = f"/personal/verificaciones/{verification_id}"
    page = BeautifulSoup(verifier.get(base).text, "html.parser")
    assert page.select_one("#verification img")["src"] == f"{base}/documento"
    video = page.select_one("#verification video[controls]")
    assert video["src"] == f"{base}/video"
    for path, body, mime in [("documento", JPEG, "image/jpeg"), ("video", MP4, "video/mp4")]:
        response = fetch(verifier, f"{base}/{path}")
        assert response.status_code == 200 and response.data == body
        assert response.mimetype == mime
        assert response.headers["Content-Disposition"].startswith("attachment; filename=")
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        assert response.headers["Content-Security-Policy"] == "sandbox; default-src 'none'"
        assert response.headers["Cache-Control"] == "no-store"


def test_a_pdf_document_is_offered_as_a_link(citizen, verifier, db):
    send(citizen, document=(PDF, "dni.pdf"))
    base = f"/personal/verificaciones/{IdentityVerification.get().id}"
    page = BeautifulSoup(verifier.get(base).text, "html.parser")
    assert page.select_one("#verification img") is None
    assert page.select_one(f"a[href='{base}/documento']")
    response = fetch(verifier, f"{base}/documento")
    assert response.mimetype == "application/pdf" and response.data == PDF
    # Saved, never opened as a page of this site; sandboxed if a viewer shows it anyway.
    assert response.headers["Content-Disposition"].startswith("attachment; filename=")
    assert response.headers["Content-Security-Policy"] == "sandbox; default-src 'none'"


def test_a_verifier_approves_and_the_citizen_is_told(citizen, verifier, db, tmp_path):
    verification_id = pending_id(citizen)
    response = verifier.post(f"/personal/verificaciones/{verification_id}/aprobar")
    assert (
        response.status_code == 303 and response.headers["Location"] == "/personal/verificaciones"
    )
    verification = IdentityVerification.get_by_id(verification_id)
    assert verification.status == "aprobada" and verification.reviewed_at is not None
    assert verification.reviewer.email == "verifica@corte.pe"
    assert verification.user.identity_status == "aprobada"
    event = AuditEvent.get(AuditEvent.action == "verificacion_aprobada")
    assert event.subject == "ana@example.pe" and event.actor_label == "verifica@corte.pe"
    mail = mails(tmp_path)[-1]
    assert mail["To"] == "ana@example.pe" and mail["Subject"] == "Su identidad fue verificada"
    assert "http://localhost/cuenta/identidad" in mail.get_content()
    assert "Aprobada" in citizen.get("/cuenta/identidad").text
    assert "No hay solicitudes pendientes" in verifier.get("/personal/verificaciones").text


def test_a_rejection_needs_a_reason(citizen, verifier, db, tmp_path):
    verification_id = pending_id(citizen)
    url = f"/personal/verificaciones/{verification_id}/rechazar"
    response = verifier.post(url, data={"reason": "   "})
    assert response.status_code == 200 and "<title>Error: " in response.text
    assert "Escriba el motivo del rechazo" in response.text
    assert IdentityVerification.get_by_id(verification_id).status == "pendiente"
    response = verifier.post(url, data={"reason": "El video no dice el número de documento"})
    assert response.status_code == 303
    user = User.get(User.email == "ana@example.pe")
    assert user.identity_status == "rechazada"
    assert user.identity_reason == "El video no dice el número de documento"
    assert AuditEvent.get(AuditEvent.action == "verificacion_rechazada").detail.startswith("El")
    mail = mails(tmp_path)[-1]
    assert mail["Subject"] == "Su verificación de identidad fue rechazada"
    assert "Motivo: El video no dice el número de documento" in mail.get_content()


def test_a_decision_is_taken_once(app, citizen, verifier, db, tmp_path):
    """The second of two verifiers changes nothing: the update only touches a pending row."""
    verification_id = pending_id(citizen)
    admin = app.test_client()
    make_staff("admin@corte.pe", "administrador")
    sign_in(admin, "admin@corte.pe")
    verifier.post(f"/personal/verificaciones/{verification_id}/aprobar")
    sent = len(mails(tmp_path))
    late = admin.post(
        f"/personal/verificaciones/{verification_id}/rechazar",
        data={"reason": "Tarde"},
        follow_redirects=True,
    )
    assert "Otra persona ya resolvió esta solicitud" in late.text
    assert IdentityVerification.get_by_id(verification_id).status == "aprobada"
    assert User.get(User.email == "ana@example.pe").identity_status == "aprobada"
    assert AuditEvent.select().where(AuditEvent.action.startswith("verificacion_a")).count() == 1
    assert not AuditEvent.select().where(AuditEvent.action == "verificacion_rechazada").exists()
    assert len(mails(tmp_path)) == sent


def test_nobody_decides_on_their_own_request(app, verifier, db):
    verifier_user = User.get(User.email == "verifica@corte.pe")
    User.update(email_confirmed_at=utc_now()).where(User.id == verifier_user.id).execute()
    verification_id = pending_id(verifier)
    response = verifier.post(f"/personal/verificaciones/{verification_id}/aprobar")
    assert response.status_code == 403
    assert IdentityVerification.get_by_id(verification_id).status == "pendiente"


def test_the_staff_pages_answer_htmx_with_their_fragments(citizen, verifier, db):
    verification_id = pending_id(citizen)
    for url, element in [
        ("/personal/verificaciones", '<section id="verification-rows">'),
        (f"/personal/verificaciones/{verification_id}", '<section id="verification">'),
    ]:
        whole, fragment = verifier.get(url), verifier.get(url, headers=HX)
        assert "<html" in whole.text and "HX-Request" in whole.headers["Vary"]
        assert fragment.text.startswith("<title>") and "<html" not in fragment.text
        assert fragment.text.split("\n", 1)[1].strip().startswith(element)
    rejected = verifier.post(
        f"/personal/verificaciones/{verification_id}/rechazar", data={"reason": ""}, headers=HX
    )
    assert "<html" not in rejected.text and "Escriba el motivo" in rejected.text


def test_the_staff_menu_offers_verification_to_verifiers_and_administrators(app, db):
    for email, roles, shown in [
        ("v@corte.pe", "verificador", True),
        ("a@corte.pe", "administrador", True),
        ("m@corte.pe", "mesa_de_partes", False),
    ]:
        make_staff(email, roles)
        client = app.test_client()
        sign_in(client, email)
        assert ('href="/personal/verificaciones"' in client.get("/personal/").text) is shown


# Who may see what

STAFF_URLS = ["", "/documento", "/video"]
DECISION_URLS = ["/aprobar", "/rechazar"]


def test_files_are_only_served_to_verifiers_and_administrators(app, citizen, db):
    verification_id = pending_id(citizen)
    base = f"/personal/verificaciones/{verification_id}"
    make_staff("mesa@corte.pe", "mesa_de_partes")
    make_staff("notifica@corte.pe", "notificador")
    make_staff("admin@corte.pe", "administrador")
    anonymous = app.test_client()
    clients = {"anonymous": anonymous, "owner": citizen}
    for email in ("mesa@corte.pe", "notifica@corte.pe", "admin@corte.pe"):
        clients[email] = app.test_client()
        sign_in(clients[email], email)
    for suffix in ["/personal/verificaciones", *(base + s for s in STAFF_URLS)]:
        response = anonymous.get(suffix)
        assert response.status_code == 302 and "/cuenta/ingresar" in response.headers["Location"]
        for who in ("owner", "mesa@corte.pe", "notifica@corte.pe"):
            assert clients[who].get(suffix).status_code == 403, (who, suffix)
        assert fetch(clients["admin@corte.pe"], suffix).status_code == 200, suffix
    for suffix in DECISION_URLS:
        for who in ("owner", "mesa@corte.pe", "notifica@corte.pe"):
            assert clients[who].post(base + suffix, data={"reason": "x"}).status_code == 403
    assert IdentityVerification.get_by_id(verification_id).status == "pendiente"


def test_a_citizen_learns_nothing_from_guessing_ids(citizen, db):
    """An existing and a missing id look the same to a citizen: refused."""
    verification_id = pending_id(citizen)
    for guess in (verification_id, verification_id + 1, 99999):
        for suffix in STAFF_URLS:
            assert citizen.get(f"/personal/verificaciones/{guess}{suffix}").status_code == 403


def test_an_unknown_request_is_not_found_for_verifiers(verifier, db):
    for suffix in STAFF_URLS:
        assert verifier.get(f"/personal/verificaciones/99999{suffix}").status_code == 404
    for suffix in DECISION_URLS:
        response = verifier.post(f"/personal/verificaciones/99999{suffix}", data={"reason": "x"})
        assert response.status_code == 404


def test_uploaded_files_have_no_public_url(app, citizen, db):
    pending_id(citizen)
    for name in stored(app):
        for url in (f"/static/{name}", f"/uploads/identity/{name}", f"/identity/{name}"):
            assert citizen.get(url).status_code == 404
    assert not re.search(r"[0-9a-f]{32}\.(jpg|mp4)", citizen.get("/cuenta/identidad").text)
