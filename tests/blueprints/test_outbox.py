"""Correos no enviados: administrators see the mail kept after its retries and send it again."""

import pytest

from models import AuditEvent, FailedMail
from services.clock import utc_now
from tests.helpers import HX, mails

URL = "/personal/correos"


@pytest.fixture
def kept(db):
    return FailedMail.create(
        created_at=utc_now(),
        to="ana@example.pe",
        subject="Su contraseña fue cambiada",
        body="Hola, Ana: su código es 12345678",
        last_error="SMTPConnectError: (421, 'Caído')",
        attempts=6,
    )


def test_administrators_see_the_kept_mail_without_its_body(admin, kept):
    assert "Correos no enviados" in admin.get("/personal/").text
    page = admin.get(URL).text
    assert "ana@example.pe" in page and "Su contraseña fue cambiada" in page
    assert "Intentos: 6" in page and "421" in page and "Caído" in page
    assert "12345678" not in page  # a body may carry a code or a link: not for other eyes
    assert 'name="csrf_token"' in page and f'action="{URL}/{kept.id}/reintentar"' in page


def test_the_page_is_whole_or_only_its_block_for_htmx(admin, kept):
    fragment = admin.get(URL, headers=HX).text
    assert "<html" not in fragment
    assert fragment.split("\n", 1)[1].lstrip().startswith('<section id="failed-mail">')


def test_an_empty_list_says_so(admin):
    assert "No hay correos sin enviar." in admin.get(URL).text


def test_retrying_sends_it_and_takes_it_off_the_list(admin, kept, tmp_path):
    response = admin.post(f"{URL}/{kept.id}/reintentar")
    assert response.status_code == 303 and response.headers["Location"] == URL
    assert FailedMail.select().count() == 0
    [message] = mails(tmp_path)
    assert message["To"] == "ana@example.pe" and message["Subject"] == kept.subject
    assert AuditEvent.get(AuditEvent.action == "correo_reintentado").subject == "ana@example.pe"
    assert "Volvimos a enviar el correo a ana@example.pe" in admin.get(URL).text


def test_a_second_click_sends_nothing_more(admin, kept, tmp_path):
    admin.post(f"{URL}/{kept.id}/reintentar")
    admin.post(f"{URL}/{kept.id}/reintentar")
    assert len(mails(tmp_path)) == 1
    assert "ya se volvió a enviar" in admin.get(URL).text


def test_clerks_and_verifiers_cannot_see_or_retry(clerk, verifier, kept):
    for person in (clerk, verifier):
        assert person.get(URL).status_code == 403
        assert person.post(f"{URL}/{kept.id}/reintentar").status_code == 403
    assert FailedMail.select().count() == 1


def test_retrying_needs_the_csrf_token(app, admin, kept):
    app.config["WTF_CSRF_ENABLED"] = True
    assert admin.post(f"{URL}/{kept.id}/reintentar").status_code == 400
    assert FailedMail.select().count() == 1
