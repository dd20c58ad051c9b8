"""Filings made the way a filer makes them, through the pages (JavaScript off), for the
clerk's and the public check's tests."""

import io
import re

import pypdf

from domain.states import IdentityStatus
from models import Dependencia, Filing
from tests.blueprints.identity_helpers import JPEG
from tests.helpers import citizen, sign_in


def two_pages() -> bytes:
    writer = pypdf.PdfWriter()
    writer.add_blank_page(200, 200)
    writer.add_blank_page(200, 200)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def filer(client, email="ana@example.pe", doc_number="45678901", **extra):
    """A verified citizen, signed in on `client`."""
    person = citizen(email, doc_number, identity_status=IdentityStatus.APROBADA, **extra)
    assert sign_in(client, email).status_code == 303
    return person


def file_document(client, dependencia="1JCL", annex=True, **document) -> Filing:
    """Walk the filing's steps as the signed-in filer and confirm; the filing made."""
    reply = client.post("/tramites/nuevo")
    key = re.search(r"/tramites/borrador/([^/]+)/remitente", reply.location).group(1)
    reply = client.post(
        f"/tramites/borrador/{key}/remitente",
        data={
            "filer_kind": "natural",
            "contact_email": "ana@example.pe",
            "contact_phone": "987654321",
        },
    )
    assert reply.status_code == 303, reply.text
    data = {
        "dependencia_id": str(Dependencia.get(Dependencia.code == dependencia).id),
        "document_type": "escrito",
        "document_number": "SN",
        "case_number": "00123-2026-0-1801-JR-CI-01",
        "subject": "Apersonamiento al proceso de Ana",
    } | document
    assert client.post(f"/tramites/borrador/{key}/documento", data=data).status_code == 303
    step = client.get(f"/tramites/borrador/{key}/archivos").text
    # The main document's field, by what it accepts (whatever the step names it).
    main_field = re.search(r'accept="application/pdf,\.pdf"[^>]*name="([^"]+)"', step).group(1)
    files = {main_field: (io.BytesIO(two_pages()), "escrito-ana.pdf"), "seguir": "1"}
    if annex:
        files["annex"] = (io.BytesIO(JPEG), "dni-ana.jpg")
    reply = client.post(
        f"/tramites/borrador/{key}/archivos", data=files, content_type="multipart/form-data"
    )
    assert reply.status_code == 303, reply.text
    done = client.post(f"/tramites/borrador/{key}/revision", data={"privacy": "y"})
    assert done.status_code == 303, done.text
    return Filing.get(Filing.submission_key == key)


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(data)).pages)
