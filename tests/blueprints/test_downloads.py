"""Files with personal data: never kept in a cache, and a citizen's upload never runs."""

from bs4 import BeautifulSoup

from models import Appointment, IdentityVerification
from tests.blueprints.identity_helpers import pdf, send, sign_in, stored
from tests.helpers import book
from tests.helpers import citizen as make_citizen

JAVASCRIPT = {"/OpenAction": {"/S": "/JavaScript", "/JS": "app.alert(1)"}}


def test_the_ticket_pdf_and_calendar_file_are_not_kept_in_a_cache(client, db):
    book(client)
    code = Appointment.get().code
    for path in (f"/citas/ticket/{code}/pdf", f"/citas/ticket/{code}/calendario"):
        response = client.get(path)
        assert response.status_code == 200
        assert response.headers["Cache-Control"] == "no-store", path


def test_the_audit_export_is_not_kept_in_a_cache(admin):
    response = admin.get("/personal/auditoria/exportar")
    assert response.mimetype == "text/csv" and response.headers["Cache-Control"] == "no-store"


def identity_client(app):
    make_citizen()
    client = app.test_client()
    sign_in(client, "ana@example.pe")
    return client


def test_a_pdf_that_runs_javascript_is_refused_next_to_its_field(app, db):
    response = send(identity_client(app), document=(pdf(catalog=JAVASCRIPT), "mi-dni.pdf"))
    page = BeautifulSoup(response.text, "html.parser")
    assert page.title.text.startswith("Error: ")
    message = page.select_one("#document-error").text
    assert message.startswith("«mi-dni.pdf» contiene JavaScript") and "Envíe una foto" in message
    assert IdentityVerification.select().count() == 0 and stored(app) == []


def test_an_encrypted_pdf_is_refused_next_to_its_field(app, db):
    response = send(identity_client(app), document=(pdf(password="1234"), "dni.pdf"))
    message = BeautifulSoup(response.text, "html.parser").select_one("#document-error").text
    assert message.startswith("«dni.pdf» está protegido con contraseña")
    assert IdentityVerification.select().count() == 0 and stored(app) == []


def test_a_plain_pdf_is_accepted(app, db):
    assert send(identity_client(app), document=(pdf(), "dni.pdf")).status_code == 303
    assert IdentityVerification.select().count() == 1
