"""The constancia's public check, without signing in: by its QR link or by number and code;
what it shows (the proof) and what it never shows (who filed, about what); the rate limit."""

import pytest

from domain.filings import FileRole
from models import Dependencia, FilingFile
from services.clock import utc_now
from tests.blueprints.filing_helpers import file_document, filer
from tests.helpers import HX, sign_in, staff

# What the filing and its filer hold that the public page must not show.
PERSONAL = (
    "Ana María",
    "Quispe",
    "45678901",
    "ana@example.pe",
    "987654321",
    "Apersonamiento",
    "00123-2026",
    "escrito-ana.pdf",
    "dni-ana.jpg",
)


@pytest.fixture
def filing(app, db):
    client = app.test_client()
    filer(client)
    return file_document(client)


def test_the_qr_link_confirms_the_constancia_with_its_hashes_and_nothing_personal(client, filing):
    page = client.get(f"/verificar/tramite/{filing.verification_code}")
    assert page.status_code == 200 and "<html" in page.text
    assert "La constancia es auténtica" in page.text and filing.tracking_number in page.text
    assert "02/12/2026 10:0" in page.text and "1.er Juzgado Especializado" in page.text
    assert "Escrito" in page.text and "Pendiente de validación" in page.text
    for row in filing.files:
        assert row.sha256 in page.text
    assert [secret for secret in PERSONAL if secret in page.text] == []


def test_a_code_typed_loosely_still_finds_it(client, filing):
    typed = filing.verification_code.replace("-", "").lower()
    assert client.get(f"/verificar/tramite/{typed}").status_code == 200


@pytest.mark.parametrize("code", ["AAAA-BBBB-CCCC", "x", "9" * 300])
def test_an_unknown_code_is_a_spanish_404(client, filing, code):
    page = client.get(f"/verificar/tramite/{code}")
    assert page.status_code == 404 and "No existe ese trámite" in page.text


def test_the_form_finds_it_by_number_and_code(client, filing):
    number = f"{filing.year}-{filing.number}"
    found = client.get(
        "/verificar/tramite", query_string={"numero": number, "codigo": filing.verification_code}
    )
    assert found.status_code == 303
    assert found.location.endswith(f"/verificar/tramite/{filing.verification_code}")
    by_htmx = client.get(
        "/verificar/tramite",
        query_string={"numero": number, "codigo": filing.verification_code},
        headers=HX,
    )
    assert by_htmx.status_code == 204 and by_htmx.headers["HX-Redirect"].endswith(
        filing.verification_code
    )


@pytest.mark.parametrize(
    ("numero", "codigo", "message"),
    [
        ("2026-000002", None, "No existe un trámite con ese número y ese código"),
        ("2026-000001", "AAAA-BBBB-CCCC", "No existe un trámite con ese número y ese código"),
        ("", "", "Escriba el número de trámite"),
    ],
)
def test_the_form_refuses_a_number_and_code_that_do_not_match(
    client, filing, numero, codigo, message
):
    query = {"numero": numero, "codigo": filing.verification_code if codigo is None else codigo}
    whole = client.get("/verificar/tramite", query_string=query)
    assert whole.status_code == 200 and message in whole.text and "<html" in whole.text
    part = client.get("/verificar/tramite", query_string=query, headers=HX)
    assert message in part.text and "<html" not in part.text and 'id="check-form"' in part.text


def test_the_check_is_rate_limited_per_address(app, client, filing, still_clock):
    app.config["PUBLIC_QUERIES_PER_MINUTE"] = 3
    for _ in range(3):
        assert client.get(f"/verificar/tramite/{filing.verification_code}").status_code == 200
    refused = client.get("/verificar/tramite")
    assert refused.status_code == 429 and "Demasiados intentos" in refused.text
    other = app.test_client()
    reply = other.get("/verificar/tramite", environ_base={"REMOTE_ADDR": "10.1.2.3"})
    assert reply.status_code == 200


def test_later_steps_are_told_without_their_notes_and_replaced_files_still_check(
    app, client, filing
):
    """A constancia printed before a derivation or a replaced file must still check: the page
    says what happened since, and keeps the replaced file's hash, marked."""
    clerk = app.test_client()
    staff("mesa@corte.pe", "mesa_de_partes")
    assert sign_in(clerk, "mesa@corte.pe").status_code == 303
    secret = "Ana María debe firmar el escrito"
    assert (
        clerk.post(f"/personal/tramites/{filing.id}/observar", data={"note": secret}).status_code
        == 303
    )
    owner = app.test_client()
    assert sign_in(owner, "ana@example.pe").status_code == 303
    correction = owner.post(f"/tramites/{filing.id}/subsanar", data={"note": "Firmado"})
    assert correction.status_code == 303
    sala = Dependencia.get(Dependencia.code == "1SCL")
    derive = clerk.post(f"/personal/tramites/{filing.id}/validar", data={"dependencia_id": sala.id})
    assert derive.status_code == 303
    old = filing.files.where(FilingFile.role == FileRole.ANEXO).get()
    FilingFile.update(replaced_at=utc_now()).where(FilingFile.id == old.id).execute()
    new = FilingFile.create(
        **{k: v for k, v in old.__data__.items() if k not in ("id", "replaced_at")}
        | {"sha256": "c" * 64, "stored_name": "otro.jpg"}
    )
    page = client.get(f"/verificar/tramite/{filing.verification_code}").text
    assert "Observado por mesa de partes" in page and secret not in page and "Firmado" not in page
    assert "Validado y derivado a Primera Sala Civil de Lima" in page
    assert old.sha256 in page and new.sha256 in page and "Reemplazado el" in page
    assert [s for s in PERSONAL if s in page] == []
