"""Identity verification, the citizen's side: sending a document and a video, seeing the state."""

import io

import pytest
from bs4 import BeautifulSoup
from werkzeug.datastructures import FileStorage

from models import AuditEvent, IdentityVerification, User
from services import identity
from services.actor import SYSTEM
from services.clock import utc_now
from tests.blueprints.identity_helpers import JPEG, MP4, PDF, pending_id, send, sign_in, stored
from tests.helpers import HX
from tests.helpers import citizen as make_citizen

EXE = b"MZ\x90\x00\x03\x00\x00\x00" + b"\0" * 200
HTML = b"<!doctype html><script>alert(1)</script>"
WRONG_DOCUMENT = "El archivo no es una imagen JPG o PNG ni un PDF"
WRONG_VIDEO = "El archivo no es un video MP4 o WebM"


@pytest.fixture
def citizen(app, db):
    """A signed-in citizen with a confirmed e-mail."""
    make_citizen()
    client = app.test_client()
    sign_in(client, "ana@example.pe")
    return client


def test_anonymous_people_are_sent_to_sign_in(client):
    response = client.get("/cuenta/identidad")
    assert response.status_code == 302 and "/cuenta/ingresar" in response.headers["Location"]


def test_the_page_shows_the_state_and_the_form_with_instructions(citizen):
    page = BeautifulSoup(citizen.get("/cuenta/identidad").text, "html.parser")
    assert "Sin verificar" in page.select_one("#identity .badge").text
    form = page.select_one("form[enctype='multipart/form-data']")
    assert form.select_one("input#document[type=file]")["accept"].startswith("image/jpeg")
    assert "video/webm" in form.select_one("input#video[type=file]")["accept"]
    assert "DNI número 45678901" in page.select_one("blockquote").text


def test_the_account_home_links_to_the_verification(citizen):
    assert 'href="/cuenta/identidad"' in citizen.get("/cuenta/").text


def test_an_unconfirmed_email_must_be_confirmed_first(app, client, db):
    make_citizen(confirmed=False)
    sign_in(client, "ana@example.pe")
    page = client.get("/cuenta/identidad")
    assert "confirme su correo" in page.text and 'href="/cuenta/reenviar-confirmacion"' in page.text
    assert "<input" not in page.text.split('id="identity"')[1].split("</section>")[0]
    send(client)
    assert IdentityVerification.select().count() == 0 and stored(app) == []
    assert User.get().identity_status == "sin_verificar"


def test_sending_both_files_makes_a_pending_request(app, citizen, db):
    response = send(citizen)
    assert response.status_code == 303 and response.headers["Location"] == "/cuenta/identidad"
    verification = IdentityVerification.get()
    assert verification.status == "pendiente" and verification.user.identity_status == "pendiente"
    assert (verification.document_mime, verification.video_mime) == ("image/jpeg", "video/mp4")
    assert stored(app) == sorted([verification.document_file, verification.video_file])
    assert not any("dni" in name or "video" in name for name in stored(app))
    assert AuditEvent.get(AuditEvent.action == "verificacion_enviada").subject == "ana@example.pe"
    page = citizen.get("/cuenta/identidad")
    assert "Pendiente de confirmar" in page.text and "Solicitud enviada el" in page.text
    assert "multipart/form-data" not in page.text


def test_a_pending_request_cannot_be_sent_again(app, citizen, db):
    send(citizen)
    second = send(citizen)
    assert second.status_code == 200 and "multipart/form-data" not in second.text
    assert IdentityVerification.select().count() == 1 and len(stored(app)) == 2


def test_a_double_tap_that_got_past_the_page_keeps_only_the_first(app, citizen, db):
    """Two requests that both read "sin verificar": the second loses and its files go."""
    user = User.get()  # read before the first request committed
    send(citizen)
    with app.test_request_context():
        files = {"document": _storage(JPEG), "video": _storage(MP4)}
        assert identity.submit_verification(user, files, actor=SYSTEM, now=utc_now()) is False
    assert IdentityVerification.select().count() == 1 and len(stored(app)) == 2


def _storage(content):
    return FileStorage(io.BytesIO(content), filename="x")


@pytest.mark.parametrize(
    ("document", "video", "message", "field"),
    [
        ((EXE, "dni.jpg"), (MP4, "video.mp4"), WRONG_DOCUMENT, "document"),
        ((HTML, "dni.jpg"), (MP4, "video.mp4"), WRONG_DOCUMENT, "document"),
        ((JPEG, "dni.jpg"), (PDF, "video.mp4"), WRONG_VIDEO, "video"),
        ((JPEG, "dni.jpg"), (JPEG, "video.webm"), WRONG_VIDEO, "video"),
    ],
)
def test_a_disguised_file_gets_a_clear_error_next_to_its_field(
    app, citizen, db, document, video, message, field
):
    response = send(citizen, document, video)
    assert response.status_code == 200
    page = BeautifulSoup(response.text, "html.parser")
    assert page.title.text.startswith("Error: ")
    assert page.select_one(f"#{field}-error").text == message
    assert page.select_one(".error-summary a")["href"] == f"#{field}"
    assert IdentityVerification.select().count() == 0 and stored(app) == []


def test_both_files_are_required(citizen, db):
    response = citizen.post("/cuenta/identidad", data={}, content_type="multipart/form-data")
    assert "Adjunte la foto o el PDF de su documento de identidad" in response.text
    assert "Adjunte el video en el que dice su nombre y su documento" in response.text


def test_a_document_over_5_mb_is_refused(app, citizen, db):
    big = JPEG + b"\0" * (5 * 1024 * 1024)
    response = send(citizen, document=(big, "dni.jpg"))
    assert "pesa más de 5 MB" in response.text and stored(app) == []


class HugeBody(io.RawIOBase):
    """A request body of `size` bytes that exists only when read, and counts what is read."""

    def __init__(self, size):
        self.size, self.position, self.read_so_far = size, 0, 0

    def readable(self):
        return True

    def seekable(self):
        return True

    def seek(self, offset, whence=io.SEEK_SET):
        self.position = offset if whence == io.SEEK_SET else self.size + offset
        return self.position

    def tell(self):
        return self.position

    def readinto(self, buffer):
        count = min(len(buffer), self.size - self.position)
        buffer[:count] = b"\0" * count
        self.position += count
        self.read_so_far += count
        return count


def test_an_oversize_body_gets_413_before_it_is_read(app, citizen, db):
    body = HugeBody(app.config["MAX_CONTENT_LENGTH"] + 1)
    response = citizen.post(
        "/cuenta/identidad",
        input_stream=body,
        content_type="multipart/form-data; boundary=frontera",
    )
    assert response.status_code == 413 and "demasiado grande" in response.text
    assert body.read_so_far == 0
    assert IdentityVerification.select().count() == 0


def test_after_a_rejection_the_citizen_sees_the_reason_and_can_send_again(
    app, citizen, verifier, db
):
    first = pending_id(citizen)
    verifier.post(f"/personal/verificaciones/{first}/rechazar", data={"reason": "No se lee"})
    page = citizen.get("/cuenta/identidad")
    assert "Rechazada" in page.text and "Motivo: No se lee" in page.text
    assert "multipart/form-data" in page.text
    assert send(citizen).status_code == 303
    statuses = [v.status for v in IdentityVerification.select().order_by(IdentityVerification.id)]
    assert statuses == ["rechazada", "pendiente"]
    assert User.get(User.email == "ana@example.pe").identity_status == "pendiente"
    assert len(stored(app)) == 4  # the rejected request keeps its files


def test_the_citizen_page_answers_htmx_with_its_fragment(citizen):
    whole = citizen.get("/cuenta/identidad")
    fragment = citizen.get("/cuenta/identidad", headers=HX)
    assert "<html" in whole.text and "HX-Request" in whole.headers["Vary"]
    assert fragment.text.startswith("<title>") and "<html" not in fragment.text
    assert fragment.text.split("\n", 1)[1].strip().startswith('<section id="identity">')
    errors = send(citizen, document=(EXE, "dni.jpg"), headers=HX)
    assert "<html" not in errors.text and WRONG_DOCUMENT in errors.text
