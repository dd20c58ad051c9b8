"""Filing a document through the pages, JavaScript off (plain posts) and on (htmx swaps), and
what an attacker tries: renamed and broken files, too many annexes, another person's filing,
a replayed confirmation."""

import io
import os
import re
from datetime import datetime
from pathlib import Path

import pypdf
import pytest

from domain.roles import Role
from domain.states import FilingAction, FilingStatus, IdentityStatus
from models import Dependencia, DraftFile, Filing, FilingDraft, FilingFile
from services import filings
from services.actor import Actor
from services.clock import set_now
from tests.blueprints.identity_helpers import JPEG, pdf
from tests.helpers import citizen, mails, sign_in, staff

HX = {"HX-Request": "true"}
IN_HOURS = datetime(2026, 12, 2, 15, 0)  # Wednesday 10:00 in Lima


def two_pages() -> bytes:
    writer = pypdf.PdfWriter()
    writer.add_blank_page(200, 200)
    writer.add_blank_page(200, 200)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


@pytest.fixture
def ana(app, db):
    set_now(IN_HOURS)
    return citizen(identity_status=IdentityStatus.APROBADA)


def signed_in(client, email="ana@example.pe"):
    assert sign_in(client, email).status_code == 303
    return client


def begin(client) -> str:
    """Start a draft; its key, from the URL it leads to."""
    reply = client.post("/tramites/nuevo")
    assert reply.status_code == 303
    return re.search(r"/tramites/borrador/([^/]+)/remitente", reply.location).group(1)


def fill_steps(client, key, **document):
    reply = client.post(
        f"/tramites/borrador/{key}/remitente",
        data={
            "filer_kind": "natural",
            "contact_email": "ana@example.pe",
            "contact_phone": "987654321",
        },
    )
    assert reply.status_code == 303, reply.text
    dependencia = Dependencia.get(Dependencia.code == "1JCL")
    data = {
        "dependencia_id": str(dependencia.id),
        "document_type": "escrito",
        "document_number": "SN",
        "case_number": "00123-2026-0-1801-JR-CI-01",
        "subject": "Apersonamiento al proceso",
    } | document
    return client.post(f"/tramites/borrador/{key}/documento", data=data)


def upload(client, key, main=None, annex=None, headers=None, **extra):
    data = dict(extra)
    if main is not None:
        data["main_document"] = (io.BytesIO(main[0]), main[1])
    if annex is not None:
        data["annex"] = (io.BytesIO(annex[0]), annex[1])
    return client.post(
        f"/tramites/borrador/{key}/archivos",
        data=data,
        content_type="multipart/form-data",
        headers=headers,
    )


def test_a_verified_person_files_a_document_and_gets_the_constancia(app, client, ana):
    signed_in(client)
    key = begin(client)
    assert fill_steps(client, key).status_code == 303
    assert upload(client, key, main=(two_pages(), "escrito.pdf")).status_code == 303
    page = client.get(f"/tramites/borrador/{key}/archivos").text
    assert "escrito.pdf" in page and 'value="2"' in page  # folios read from the pages
    assert upload(client, key, annex=(JPEG, "foto.jpg"), seguir="1").status_code == 303
    review = client.get(f"/tramites/borrador/{key}/revision")
    assert "Apersonamiento al proceso" in review.text and "foto.jpg" in review.text
    assert "fuera del horario" not in review.text
    refused = client.post(f"/tramites/borrador/{key}/revision", data={})
    assert "Acepte la política de privacidad" in refused.text
    done = client.post(f"/tramites/borrador/{key}/revision", data={"privacy": "y"})
    assert done.status_code == 303
    filing = Filing.get()
    assert done.location.endswith(f"/tramites/{filing.id}")
    assert (filing.folios, filing.status) == (2, FilingStatus.PENDIENTE)
    assert [f.original_name for f in filing.files.order_by(FilingFile.position)] == [
        "escrito.pdf",
        "foto.jpg",
    ]
    assert FilingDraft.select().count() == 0 and DraftFile.select().count() == 0
    detail = client.get(done.location).text
    assert "2026-000001" in detail and filing.verification_code in detail
    assert filing.files[0].sha256 in detail
    [mail] = mails(Path(app.config["OUTBOX_FOLDER"]).parent)
    assert mail["Subject"] == "Trámite 2026-000001 recibido"


def test_confirming_twice_gives_the_same_filing(client, ana):
    signed_in(client)
    key = begin(client)
    fill_steps(client, key)
    upload(client, key, main=(pdf(), "escrito.pdf"))
    first = client.post(f"/tramites/borrador/{key}/revision", data={"privacy": "y"})
    again = client.post(f"/tramites/borrador/{key}/revision", data={"privacy": "y"})
    assert again.status_code == 303 and again.location == first.location
    assert Filing.select().count() == 1


@pytest.mark.parametrize("step", ["remitente", "documento", "archivos", "revision"])
def test_each_step_is_a_whole_page_and_swaps_only_its_part_with_htmx(client, ana, step):
    signed_in(client)
    key = begin(client)
    part = client.get(f"/tramites/borrador/{key}/{step}", headers=HX)
    assert part.status_code == 200
    assert part.text.startswith("<title>") and "<html" not in part.text
    assert 'id="step"' in part.text
    whole = client.get(f"/tramites/borrador/{key}/{step}")
    assert whole.status_code == 200 and "<html" in whole.text


def test_only_a_person_with_a_legal_person_may_file_for_one(client, ana):
    signed_in(client)
    key = begin(client)
    assert "Persona jurídica" not in client.get(f"/tramites/borrador/{key}/remitente").text
    ana.company_ruc, ana.company_name = "20123456789", "Comercial Andina S.A.C."
    ana.save()
    page = client.get(f"/tramites/borrador/{key}/remitente").text
    assert "Persona jurídica" in page and "20123456789" in page


def test_an_escrito_without_its_case_number_stays_on_the_step_with_the_error(client, ana):
    signed_in(client)
    key = begin(client)
    reply = fill_steps(client, key, case_number="")
    assert reply.status_code == 200
    assert "Un escrito necesita el número de expediente." in reply.text
    assert "Apersonamiento al proceso" in reply.text  # nothing typed is lost


@pytest.mark.parametrize(
    ("field", "file", "message"),
    [
        ("main", (b"MZ\x90\x00" + b"\0" * 100, "escrito.pdf"), "no es un PDF"),
        ("main", (b"%PDF-1.7\nbasura", "escrito.pdf"), "no es un PDF que se pueda leer"),
        (
            "main",
            (pdf(catalog={"/OpenAction": {"/S": "/JavaScript", "/JS": "app.alert(1)"}}), "x.pdf"),
            "contiene JavaScript",
        ),
        ("main", (pdf(password=""), "cifrado.pdf"), "cifrado"),
        ("main", (JPEG, "foto.jpg"), "el tipo de archivo no se admite"),
        ("annex", (b"MZ\x90\x00" + b"\0" * 100, "programa.exe"), "no se admite"),
        ("annex", (b"MZ\x90\x00" + b"\0" * 100, "contrato.docx"), "no es lo que dice"),
    ],
)
def test_files_that_are_not_what_they_say_are_refused_naming_the_file(
    client, ana, field, file, message
):
    signed_in(client)
    key = begin(client)
    reply = upload(client, key, **{field: file})
    assert reply.status_code == 200
    assert message in reply.text and file[1] in reply.text
    assert DraftFile.select().count() == 0


def test_a_path_in_the_file_name_is_only_a_name(client, ana, app):
    signed_in(client)
    key = begin(client)
    upload(client, key, main=(pdf(), "../../../etc/escrito.pdf"))
    [row] = DraftFile.select()
    assert row.original_name == "escrito.pdf"
    assert re.fullmatch(r"[0-9a-f]{32}\.pdf", row.stored_name)


def test_a_sixth_annex_is_refused(client, ana):
    signed_in(client)
    key = begin(client)
    for n in range(5):
        assert upload(client, key, annex=(JPEG, f"foto{n}.jpg")).status_code == 303
    page = client.get(f"/tramites/borrador/{key}/archivos").text
    assert "Ya agregó los 5 anexos permitidos" in page
    reply = upload(client, key, annex=(JPEG, "sexta.jpg"))
    assert "como máximo 5 anexos" in reply.text
    assert DraftFile.select().count() == 5


def test_a_file_removed_from_the_draft_leaves_the_folder_too(client, ana, app):
    signed_in(client)
    key = begin(client)
    upload(client, key, annex=(JPEG, "a.jpg"))
    upload(client, key, annex=(JPEG, "b.jpg"))
    first, second = DraftFile.select().order_by(DraftFile.position)
    reply = client.post(f"/tramites/borrador/{key}/archivos/{first.id}/quitar")
    assert reply.status_code == 303
    [left] = DraftFile.select()
    assert (left.original_name, left.position) == ("b.jpg", 1)  # moved up
    folder = app.config["UPLOAD_FOLDER"] + "/filings"
    assert sorted(os.listdir(folder)) == [second.stored_name]


def test_nobody_else_reaches_a_draft_a_filing_or_its_files(client, ana, app):
    signed_in(client)
    key = begin(client)
    fill_steps(client, key)
    upload(client, key, main=(pdf(), "escrito.pdf"))
    client.post(f"/tramites/borrador/{key}/revision", data={"privacy": "y"})
    filing = Filing.get()
    file_id = filing.files[0].id
    other = app.test_client()
    citizen("beto@example.pe", "11112222", identity_status=IdentityStatus.APROBADA)
    signed_in(other, "beto@example.pe")
    for url in (
        f"/tramites/{filing.id}",
        f"/tramites/{filing.id}/archivos/{file_id}",
        f"/tramites/{filing.id}/anular",
        f"/tramites/borrador/{key}/revision",
        f"/tramites/{10**30}",
    ):
        reply = other.get(url)
        reply.close()
        assert reply.status_code == 404, url
    assert other.post(f"/tramites/{filing.id}/anular").status_code == 404
    assert Filing.get().status == FilingStatus.PENDIENTE


def test_the_filer_downloads_a_file_only_as_an_attachment(client, ana):
    signed_in(client)
    key = begin(client)
    fill_steps(client, key)
    upload(client, key, main=(pdf(), "escrito.pdf"))
    client.post(f"/tramites/borrador/{key}/revision", data={"privacy": "y"})
    filing = Filing.get()
    reply = client.get(f"/tramites/{filing.id}/archivos/{filing.files[0].id}")
    assert reply.status_code == 200 and reply.data == pdf()
    assert reply.headers["Content-Disposition"].startswith("attachment")
    assert reply.headers["X-Content-Type-Options"] == "nosniff"
    reply.close()


def test_the_filer_cancels_after_confirming_and_then_cannot_again(client, ana):
    signed_in(client)
    key = begin(client)
    fill_steps(client, key)
    upload(client, key, main=(pdf(), "escrito.pdf"))
    client.post(f"/tramites/borrador/{key}/revision", data={"privacy": "y"})
    filing = Filing.get()
    ask = client.get(f"/tramites/{filing.id}/anular")
    assert "¿Anular el trámite 2026-000001?" in ask.text
    assert client.post(f"/tramites/{filing.id}/anular").status_code == 303
    assert Filing.get().status == FilingStatus.ANULADO
    again = client.post(f"/tramites/{filing.id}/anular")
    assert "No se puede anular el trámite" in again.text
    assert "Anular el trámite" not in client.get(f"/tramites/{filing.id}").text


def test_a_person_without_a_verified_identity_is_told_how_to_file(client, app, db):
    citizen()
    signed_in(client)
    page = client.get("/tramites/nuevo")
    assert "verifique su identidad" in page.text
    assert client.post("/tramites/nuevo").status_code == 200
    assert FilingDraft.select().count() == 0


def test_my_filings_filter_by_state_and_number(client, ana):
    signed_in(client)
    for _ in range(2):
        key = begin(client)
        fill_steps(client, key)
        upload(client, key, main=(pdf(), "escrito.pdf"))
        client.post(f"/tramites/borrador/{key}/revision", data={"privacy": "y"})
    first = Filing.get(Filing.number == 1)
    client.post(f"/tramites/{first.id}/anular")
    listed = client.get("/tramites/?estado=anulado").text
    assert "2026-000001" in listed and "2026-000002" not in listed
    assert "2026-000002" in client.get("/tramites/?numero=2026-2").text
    assert "2026-000001" not in client.get("/tramites/?numero=2026-2").text
    assert client.get("/tramites/?desde=9999-99-99&pagina=99999999999999999999").status_code == 200


def filed(client) -> Filing:
    key = begin(client)
    fill_steps(client, key)
    upload(client, key, main=(pdf(), "escrito.pdf"), annex=(JPEG, "foto.jpg"))
    client.post(f"/tramites/borrador/{key}/revision", data={"privacy": "y"})
    return Filing.get()


EDITED = {
    "contact_email": "ana@example.pe",
    "contact_phone": "987654321",
    "document_number": "SN",
    "case_number": "00123-2026-0-1801-JR-CI-01",
    "subject": "Apersonamiento y señalo domicilio",
    "folios": "3",
}


def test_the_filer_changes_the_data_after_seeing_what_changes(client, ana):
    signed_in(client)
    filing = filed(client)
    asked = client.post(f"/tramites/{filing.id}/modificar", data=EDITED)
    assert asked.status_code == 200 and "¿Guardar estos cambios?" in asked.text
    assert "Apersonamiento y señalo domicilio" in asked.text
    assert Filing.get().subject == "Apersonamiento al proceso"  # nothing yet
    done = client.post(f"/tramites/{filing.id}/modificar", data=EDITED | {"confirmar": "1"})
    assert done.status_code == 303
    changed = Filing.get()
    assert (changed.subject, changed.folios) == ("Apersonamiento y señalo domicilio", 3)
    assert (changed.number, changed.received_at) == (filing.number, filing.received_at)
    assert "Cambió asunto, folios." in client.get(f"/tramites/{filing.id}").text


def test_an_edit_that_breaks_a_rule_keeps_the_form_with_the_error(client, ana):
    signed_in(client)
    filing = filed(client)
    reply = client.post(
        f"/tramites/{filing.id}/modificar", data=EDITED | {"case_number": "", "confirmar": "1"}
    )
    assert "Un escrito necesita el número de expediente." in reply.text
    assert Filing.get().case_number == "00123-2026-0-1801-JR-CI-01"


def test_the_filer_replaces_a_file_after_confirming(client, ana):
    signed_in(client)
    filing = filed(client)
    annex = next(f for f in filing.files if f.role == "anexo")
    url = f"/tramites/{filing.id}/archivos/{annex.id}/reemplazar"
    unconfirmed = client.post(
        url,
        data={"replacement": (io.BytesIO(pdf()), "foto-buena.pdf")},
        content_type="multipart/form-data",
    )
    assert "Confirme que desea reemplazar el archivo" in unconfirmed.text
    done = client.post(
        url,
        data={"replacement": (io.BytesIO(pdf()), "foto-buena.pdf"), "understood": "y"},
        content_type="multipart/form-data",
    )
    assert done.status_code == 303
    current = [f.original_name for f in FilingFile.select().where(FilingFile.replaced_at.is_null())]
    assert sorted(current) == ["escrito.pdf", "foto-buena.pdf"]
    page = client.get(f"/tramites/{filing.id}").text
    assert "Reemplazó «foto.jpg» por «foto-buena.pdf»." in page
    assert client.get(url).status_code == 404  # the old file is no longer the filing's


def test_after_validation_nothing_can_be_edited_or_replaced(client, ana, app):
    signed_in(client)
    filing = filed(client)
    clerk = Actor(staff("mesa@corte.pe", Role.MESA_DE_PARTES))
    with app.app_context():
        filings.move(filing, FilingAction.ATENDER, actor=clerk, now=IN_HOURS)
    page = client.get(f"/tramites/{filing.id}").text
    assert "Modificar los datos" not in page and "Reemplazar" not in page
    refused = client.post(f"/tramites/{filing.id}/modificar", data=EDITED | {"confirmar": "1"})
    assert "ya no se puede modificar" in refused.text
    main = filing.files[0]
    refused = client.post(
        f"/tramites/{filing.id}/archivos/{main.id}/reemplazar",
        data={"replacement": (io.BytesIO(pdf()), "otro.pdf"), "understood": "y"},
        content_type="multipart/form-data",
    )
    assert "No se puede modificar el trámite" in refused.text
    assert FilingFile.select().count() == 2
    assert len(os.listdir(app.config["UPLOAD_FOLDER"] + "/filings")) == 2


def test_a_case_number_in_another_format_is_refused_and_a_loose_one_is_kept_printed(client, ana):
    signed_in(client)
    key = begin(client)
    wrong = fill_steps(client, key, case_number="123/2026")
    assert "Escriba el número de expediente completo" in wrong.text
    assert fill_steps(client, key, case_number="123-2026-0-1801-jr-ci-1").status_code == 303
    upload(client, key, main=(pdf(), "escrito.pdf"))
    client.post(f"/tramites/borrador/{key}/revision", data={"privacy": "y"})
    assert Filing.get().case_number == "00123-2026-0-1801-JR-CI-01"


def test_the_court_sets_the_limits_of_a_filings_files(client, ana, app):
    app.config.update(FILING_ANNEXES=1, FILING_FIRST_ANNEX_MB=1)
    signed_in(client)
    key = begin(client)
    big = client.post(  # announced, not sent: a real body this size would spool to disk
        f"/tramites/borrador/{key}/subidas",
        headers={
            "Tus-Resumable": "1.0.0",
            "Upload-Length": str(1024 * 1024 + 1),
            "Upload-Metadata": "filename Z3JhbmRlLmpwZw==,role YW5leG8=",  # grande.jpg, anexo
        },
    )
    assert big.status_code == 422 and "el anexo 1 admite hasta 1,0 MB" in big.text
    assert upload(client, key, annex=(JPEG, "foto.jpg")).status_code == 303
    assert "como máximo 1 anexos" in upload(client, key, annex=(JPEG, "otra.jpg")).text
