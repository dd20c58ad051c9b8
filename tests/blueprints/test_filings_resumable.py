"""A filing's files in pieces (tus 1.0.0): a transfer cut at 60 % resumes from the bytes that
reached the disk, and the whole file is checked like any upload when its last byte arrives."""

import base64
import os
import re
from datetime import datetime

import pytest

from domain.states import IdentityStatus
from models import DraftFile, ResumableUpload
from services.clock import set_now
from tests.blueprints.identity_helpers import pdf
from tests.helpers import citizen, sign_in

TUS = {"Tus-Resumable": "1.0.0"}
BODY = pdf() + b"\n%" + b"relleno " * 4000  # a real PDF, some 34 KB (bytes after %%EOF pass)


def meta(**values) -> str:
    return ",".join(f"{k} {base64.b64encode(v.encode()).decode()}" for k, v in values.items())


@pytest.fixture
def draft_key(client, app, db):
    set_now(datetime(2026, 12, 2, 15, 0))
    citizen(identity_status=IdentityStatus.APROBADA)
    assert sign_in(client).status_code == 303
    reply = client.post("/tramites/nuevo")
    return re.search(r"/borrador/([^/]+)/", reply.location).group(1)


def create(client, key, length=None, **metadata):
    length = len(BODY) if length is None else length
    metadata = {"filename": "escrito.pdf", "role": "principal"} | metadata
    return client.post(
        f"/tramites/borrador/{key}/subidas",
        headers=TUS | {"Upload-Length": str(length), "Upload-Metadata": meta(**metadata)},
    )


def patch(client, location, data, offset):
    return client.patch(
        location,
        data=data,
        headers=TUS
        | {"Upload-Offset": str(offset), "Content-Type": "application/offset+octet-stream"},
    )


def test_a_transfer_cut_at_sixty_percent_resumes_where_the_disk_says(client, draft_key):
    created = create(client, draft_key)
    assert created.status_code == 201 and created.headers["Tus-Resumable"] == "1.0.0"
    location = created.headers["Location"]
    cut = len(BODY) * 6 // 10
    first = patch(client, location, BODY[:cut], 0)
    assert first.status_code == 204 and first.headers["Upload-Offset"] == str(cut)
    asked = client.head(location, headers=TUS)
    assert asked.headers["Upload-Offset"] == str(cut)
    assert asked.headers["Upload-Length"] == str(len(BODY))
    assert asked.headers["Cache-Control"] == "no-store"
    last = patch(client, location, BODY[cut:], cut)
    assert last.status_code == 204 and last.headers["Upload-Offset"] == str(len(BODY))
    [row] = DraftFile.select()
    assert (row.original_name, row.role, row.size, row.pages) == (
        "escrito.pdf",
        "principal",
        len(BODY),
        1,
    )
    assert ResumableUpload.select().count() == 0  # the partial file and its row are gone
    assert client.head(location, headers=TUS).status_code == 404


def test_a_piece_sent_at_the_wrong_offset_is_refused_and_nothing_is_written(client, draft_key, app):
    location = create(client, draft_key).headers["Location"]
    patch(client, location, BODY[:1000], 0)
    replay = patch(client, location, BODY[:1000], 0)  # a retry of a piece that did arrive
    assert replay.status_code == 409
    assert client.head(location, headers=TUS).headers["Upload-Offset"] == "1000"


def test_a_file_that_is_not_what_it_says_is_refused_when_it_is_complete(client, draft_key, app):
    body = b"MZ\x90\x00" + b"\0" * 5000
    location = create(client, draft_key, length=len(body)).headers["Location"]
    refused = patch(client, location, body, 0)
    assert refused.status_code == 422
    assert "«escrito.pdf» no es un PDF" in refused.text
    assert DraftFile.select().count() == 0 and ResumableUpload.select().count() == 0
    folder = os.path.join(app.config["UPLOAD_FOLDER"], "filings-partial")
    assert os.listdir(folder) == []


@pytest.mark.parametrize(
    ("length", "metadata", "status", "message"),
    [
        (21 * 1024 * 1024, {}, 422, "admite hasta 20,0 MB"),
        (10**15, {}, 413, "demasiado grande"),
        (100, {"filename": "escrito.exe"}, 422, "debe ser un PDF"),
        (100, {"role": "anexo", "filename": "virus.exe"}, 422, "no se admite"),
        (100, {"role": "otro"}, 422, "principal o un anexo"),
        (0, {}, 422, "vacío"),
    ],
)
def test_what_cannot_be_accepted_is_refused_before_any_byte(
    client, draft_key, length, metadata, status, message
):
    reply = create(client, draft_key, length=length, **metadata)
    assert reply.status_code == status and message in reply.text
    assert ResumableUpload.select().count() == 0


def test_a_missing_or_absurd_length_or_offset_is_a_clear_refusal(client, draft_key):
    no_length = client.post(f"/tramites/borrador/{draft_key}/subidas", headers=TUS)
    assert no_length.status_code == 400 and "Upload-Length" in no_length.text
    location = create(client, draft_key).headers["Location"]
    for offset in ("", "-1", "9" * 40, "１０"):
        reply = client.patch(
            location,
            data=b"x",
            headers=TUS
            | {"Upload-Offset": offset, "Content-Type": "application/offset+octet-stream"},
        )
        assert reply.status_code == 400, offset
    wrong_type = client.patch(location, data=b"x", headers=TUS | {"Upload-Offset": "0"})
    assert wrong_type.status_code == 415


def test_nobody_else_reaches_a_transfer(client, draft_key, app):
    location = create(client, draft_key).headers["Location"]
    other = app.test_client()
    citizen("beto@example.pe", "11112222", identity_status=IdentityStatus.APROBADA)
    assert sign_in(other, "beto@example.pe").status_code == 303
    assert other.head(location, headers=TUS).status_code == 404
    assert patch(other, location, BODY, 0).status_code == 404
    assert other.delete(location, headers=TUS).status_code == 404
    assert create(other, draft_key).status_code == 404
    anonymous = app.test_client()
    assert anonymous.head(location, headers=TUS).status_code in (302, 401)


def test_a_transfer_can_be_abandoned(client, draft_key, app):
    location = create(client, draft_key).headers["Location"]
    patch(client, location, BODY[:100], 0)
    assert client.delete(location, headers=TUS).status_code == 204
    assert ResumableUpload.select().count() == 0
    folder = os.path.join(app.config["UPLOAD_FOLDER"], "filings-partial")
    assert os.listdir(folder) == []
