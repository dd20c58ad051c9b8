"""A filing through the pages with its files in an S3-compatible bucket (moto's server on this
machine), as when several app servers share the work: a plain upload and a resumed one land in
the bucket, never in the local folder, and the filer downloads them back byte for byte."""

import base64
import io
import os
import re
import shutil
from datetime import datetime

import pytest

from db import database
from domain.states import IdentityStatus
from models import Dependencia, DraftFile, Filing, FilingFile
from services.clock import set_now
from services.storage import S3Storage, of
from tests.blueprints.identity_helpers import JPEG, pdf
from tests.helpers import citizen, make_app, sign_in

TUS = {"Tus-Resumable": "1.0.0"}
ANNEX = JPEG + os.urandom(40_000)  # a JPEG of some 40 KB, sent in two pieces


@pytest.fixture
def app(sqlite_template, tmp_path, s3_files):
    """The app keeping filing files in a fresh bucket (SQLite: the database is not the point)."""
    path = tmp_path / "court.db"
    shutil.copyfile(sqlite_template, path)
    app = make_app(f"sqlite:///{path}", tmp_path, **s3_files)
    yield app
    database.close()


@pytest.fixture
def ana(client, db):
    set_now(datetime(2026, 12, 2, 15, 0))  # a Wednesday, in office hours
    citizen(identity_status=IdentityStatus.APROBADA)
    assert sign_in(client).status_code == 303
    return client


def bucket(app) -> S3Storage:
    store = of(app.config)
    assert isinstance(store, S3Storage)
    return store


def stored(app) -> set[str]:
    return {name for name, _ in bucket(app).names()}


def locally_stored(app) -> list[str]:
    folder = os.path.join(app.config["UPLOAD_FOLDER"], "filings")
    return [n for n in os.listdir(folder) if not n.startswith(".")] if os.path.isdir(folder) else []


def draft_with_files(client, app) -> str:
    key = re.search(r"/borrador/([^/]+)/", client.post("/tramites/nuevo").location).group(1)
    client.post(
        f"/tramites/borrador/{key}/remitente",
        data={"filer_kind": "natural", "contact_email": "ana@example.pe", "contact_phone": ""},
    )
    reply = client.post(
        f"/tramites/borrador/{key}/documento",
        data={
            "dependencia_id": str(Dependencia.get(Dependencia.code == "1JCL").id),
            "document_type": "escrito",
            "document_number": "SN",
            "case_number": "00123-2026-0-1801-JR-CI-01",
            "subject": "Apersonamiento al proceso",
        },
    )
    assert reply.status_code == 303
    reply = client.post(
        f"/tramites/borrador/{key}/archivos",
        data={"main_document": (io.BytesIO(pdf()), "escrito.pdf")},
        content_type="multipart/form-data",
    )
    assert reply.status_code == 303
    # The annex in pieces (tus): the partial file stays on this server's disk until complete.
    metadata = ",".join(
        f"{k} {base64.b64encode(v.encode()).decode()}"
        for k, v in {"filename": "foto.jpg", "role": "anexo"}.items()
    )
    created = client.post(
        f"/tramites/borrador/{key}/subidas",
        headers=TUS | {"Upload-Length": str(len(ANNEX)), "Upload-Metadata": metadata},
    )
    location, cut = created.headers["Location"], len(ANNEX) * 6 // 10
    for offset, piece in ((0, ANNEX[:cut]), (cut, ANNEX[cut:])):
        sent = client.patch(
            location,
            data=piece,
            headers=TUS
            | {"Upload-Offset": str(offset), "Content-Type": "application/offset+octet-stream"},
        )
        assert sent.status_code == 204
    assert stored(app) == {f.stored_name for f in DraftFile.select()}
    assert len(stored(app)) == 2
    return key


def test_a_filing_with_files_in_a_bucket_is_made_and_downloaded(app, ana):
    client = ana
    key = draft_with_files(client, app)
    assert (
        client.post(f"/tramites/borrador/{key}/revision", data={"privacy": "y"}).status_code == 303
    )
    filing = Filing.get()
    files = {f.original_name: f for f in filing.files}
    assert stored(app) == {f.stored_name for f in files.values()}
    assert locally_stored(app) == []  # the bucket holds them, not this server's folder

    for name, content in (("escrito.pdf", pdf()), ("foto.jpg", ANNEX)):
        reply = client.get(f"/tramites/{filing.id}/archivos/{files[name].id}")
        assert reply.status_code == 200 and reply.data == content
        assert reply.headers["Content-Disposition"] == f"attachment; filename={name}"
        assert reply.headers["Content-Length"] == str(len(content))
        assert reply.headers["X-Content-Type-Options"] == "nosniff"
        assert "no-store" in reply.headers["Cache-Control"]
        reply.close()
    # A download cut on 3G resumes where it stopped.
    rest = client.get(
        f"/tramites/{filing.id}/archivos/{files['foto.jpg'].id}", headers={"Range": "bytes=100-"}
    )
    assert rest.status_code == 206 and rest.data == ANNEX[100:]
    rest.close()
    past = client.get(
        f"/tramites/{filing.id}/archivos/{files['foto.jpg'].id}",
        headers={"Range": f"bytes={10**9}-"},
    )
    assert past.status_code == 416

    # Nobody else gets them.
    other = app.test_client()
    citizen("beto@example.pe", "11112222", identity_status=IdentityStatus.APROBADA)
    assert sign_in(other, "beto@example.pe").status_code == 303
    refused = other.get(f"/tramites/{filing.id}/archivos/{files['escrito.pdf'].id}")
    assert refused.status_code == 404


def test_a_replaced_file_goes_to_the_bucket_and_a_dropped_draft_file_leaves_it(app, ana):
    client = ana
    key = draft_with_files(client, app)
    annex = DraftFile.get(DraftFile.role == "anexo")
    assert client.post(f"/tramites/borrador/{key}/archivos/{annex.id}/quitar").status_code == 303
    assert annex.stored_name not in stored(app) and len(stored(app)) == 1

    client.post(f"/tramites/borrador/{key}/revision", data={"privacy": "y"})
    filing = Filing.get()
    main = filing.files[0]
    reply = client.post(
        f"/tramites/{filing.id}/archivos/{main.id}/reemplazar",
        data={"replacement": (io.BytesIO(pdf()), "escrito-corregido.pdf"), "understood": "y"},
        content_type="multipart/form-data",
    )
    assert reply.status_code == 303
    new = FilingFile.get(FilingFile.original_name == "escrito-corregido.pdf")
    # The replaced file stays for the history; both are in the bucket, none on local disk.
    assert stored(app) == {main.stored_name, new.stored_name} and locally_stored(app) == []
    download = client.get(f"/tramites/{filing.id}/archivos/{new.id}")
    assert download.data == pdf()
    download.close()


def test_when_the_bucket_does_not_answer_the_filer_is_told_next_to_the_file(app, ana):
    app.config["FILES_STORAGE"] = "s3://ventanilla-no-existe"  # as if the bucket were gone
    key = re.search(r"/borrador/([^/]+)/", ana.post("/tramites/nuevo").location).group(1)
    reply = ana.post(
        f"/tramites/borrador/{key}/archivos",
        data={"main_document": (io.BytesIO(pdf()), "escrito.pdf")},
        content_type="multipart/form-data",
    )
    assert reply.status_code == 200
    assert "No se pudo guardar «escrito.pdf» en este momento" in reply.text
    assert DraftFile.select().count() == 0
    scratch = os.path.join(app.config["UPLOAD_FOLDER"], "filings")
    assert [n for n in os.listdir(scratch) if n.startswith(".part-")] == []


def test_when_the_bucket_does_not_answer_a_download_says_to_try_later(app, ana):
    key = draft_with_files(ana, app)
    ana.post(f"/tramites/borrador/{key}/revision", data={"privacy": "y"})
    filing = Filing.get()
    app.config["FILES_STORAGE"] = "s3://ventanilla-no-existe"  # as if the bucket were gone
    reply = ana.get(f"/tramites/{filing.id}/archivos/{filing.files[0].id}")
    assert reply.status_code == 503
    assert "<html" in reply.text and "Internal Server Error" not in reply.text
