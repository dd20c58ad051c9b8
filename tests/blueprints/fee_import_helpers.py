"""Uploading a CSV file to a staff import page and reading its preview's reference."""

import io
import re

from werkzeug.datastructures import FileStorage
from werkzeug.test import encode_multipart

IMPORT = "/personal/aranceles/importar"


def upload(client, content: bytes, name="cuadro.csv", url=IMPORT):
    """Post the file as a browser does (encoded in memory: the test client would spool a big
    body to a temporary file that it never closes)."""
    boundary, body = encode_multipart({"file": FileStorage(io.BytesIO(content), name)})
    return client.post(url, data=body, content_type=f"multipart/form-data; boundary={boundary}")


def preview_ref(response) -> str:
    assert response.status_code == 303, response.text
    return re.search(r"ref=([^&]+)", response.headers["Location"]).group(1)
