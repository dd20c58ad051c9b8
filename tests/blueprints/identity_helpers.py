"""Identity verification: the files a citizen sends, and sending them."""

import io
import os

from werkzeug.datastructures import FileStorage
from werkzeug.test import encode_multipart

from models import IdentityVerification
from tests import helpers

JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\0" * 200
PDF = b"%PDF-1.7\n" + b"\0" * 200
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
