"""Identity verification: the files a citizen sends, and sending them."""

import io
import os

import pypdf
from pypdf.generic import (
    ArrayObject,
    DictionaryObject,
    NameObject,
    NumberObject,
    TextStringObject,
)
from werkzeug.datastructures import FileStorage
from werkzeug.test import encode_multipart

from models import IdentityVerification
from tests import helpers


def pdf(catalog=None, page=None, attachment=None, password=None) -> bytes:
    """A one-page PDF built with pypdf; `catalog` and `page` entries are plain Python
    ({"/OpenAction": {"/S": "/JavaScript", "/JS": "app.alert(1)"}}), names start with "/"."""
    writer = pypdf.PdfWriter()
    blank = writer.add_blank_page(200, 200)
    for target, entries in [(writer.root_object, catalog), (blank, page)]:
        for key, value in (entries or {}).items():
            target[NameObject(key)] = _pdf_object(value)
    if attachment:
        writer.add_attachment(*attachment)
    if password is not None:
        writer.encrypt(user_password=password, owner_password="propietario")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _pdf_object(value):
    if isinstance(value, dict):
        return DictionaryObject({NameObject(k): _pdf_object(v) for k, v in value.items()})
    if isinstance(value, list):
        return ArrayObject(_pdf_object(v) for v in value)
    if isinstance(value, int):
        return NumberObject(value)
    return NameObject(value) if value.startswith("/") else TextStringObject(value)


JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\0" * 200
PDF = pdf()
MP4 = b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom" + b"\0" * 200


def sign_in(client, email):
    """Sign in with the helpers' password, and check that it worked."""
    assert helpers.sign_in(client, email).status_code == 303


def send(client, document=(JPEG, "dni.jpg"), video=(MP4, "video.mp4"), headers=None):
    """Post the form as a browser does (encoded here in memory: the test client would spool
    a big body to a temporary file that it never closes)."""
    boundary, body = encode_multipart(
        {
            "document": FileStorage(io.BytesIO(document[0]), document[1]),
            "video": FileStorage(io.BytesIO(video[0]), video[1]),
        }
    )
    return client.post(
        "/cuenta/identidad",
        data=body,
        content_type=f"multipart/form-data; boundary={boundary}",
        headers=headers or {},
    )


def stored(app) -> list[str]:
    folder = os.path.join(app.config["UPLOAD_FOLDER"], "identity")
    return sorted(os.listdir(folder)) if os.path.isdir(folder) else []


def pending_id(citizen) -> int:
    assert send(citizen).status_code == 303
    return IdentityVerification.select().order_by(IdentityVerification.id.desc()).get().id
