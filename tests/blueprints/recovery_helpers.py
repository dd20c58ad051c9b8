"""Password recovery: the new password people choose, whether a client is signed in, and the
steps of recovery by personal data (the request, its e-mailed links, the identity upload)."""

import io
import re

from werkzeug.datastructures import FileStorage
from werkzeug.test import encode_multipart

from tests.blueprints.identity_helpers import JPEG, MP4
from tests.helpers import human_answer, mails

NEW_PASSWORD = "Otra-Clave-Nueva-77"
NEW_EMAIL = "ana.nueva@example.pe"
DATA = {
    "doc_type": "DNI",
    "doc_number": "45678901",
    "birth_date": "17/05/1990",
    "names": "Ana María",
    "surnames": "Quispe Mamani",
    "new_email": NEW_EMAIL,
}


def signed_in(client) -> bool:
    return client.get("/cuenta/").status_code == 200


def send_data(client, **changes):
    """Ask to recover an account by personal data, answering the human check."""
    page = client.get("/cuenta/recuperar/datos")
    return client.post("/cuenta/recuperar/datos", data=DATA | human_answer(page.text) | changes)


def mails_to(tmp_path, address: str) -> list:
    return [mail for mail in mails(tmp_path) if mail["To"] == address]


def body(mail) -> str:
    return mail.get_body(("plain",)).get_content()


def link(mail, step: str) -> str:
    """The path of the recovery link for `step` (identidad, detener, clave) in an e-mail."""
    found = re.search(rf"http://localhost(/cuenta/recuperar/datos/{step}/\S+)", body(mail))
    assert found, body(mail)
    return found.group(1)


def upload_identity(client, url: str, headers=None):
    """Post the document photo and the video as a browser does."""
    boundary, data = encode_multipart(
        {
            "document": FileStorage(io.BytesIO(JPEG), "dni.jpg"),
            "video": FileStorage(io.BytesIO(MP4), "video.mp4"),
        }
    )
    return client.post(
        url,
        data=data,
        content_type=f"multipart/form-data; boundary={boundary}",
        headers=headers or {},
    )


def set_password(client, url: str, password: str = NEW_PASSWORD):
    return client.post(url, data={"password": password, "password_confirm": password})
