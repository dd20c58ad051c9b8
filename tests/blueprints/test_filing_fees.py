"""The filing's fees step (seed 004 art. 14.2) through the pages, JavaScript off (plain posts)
and on (htmx swaps): the act's fees are the calculator's, each receipt is checked against the
bank's payments at once, marked used only when the filing commits, and what is missing is
written on the filing (art. 14.1.3)."""

import io
import re
from datetime import datetime
from decimal import Decimal

import pytest
from markupsafe import escape

from domain.fees import money
from domain.roles import Role
from domain.states import FilingAction, FilingStatus, IdentityStatus
from models import Dependencia, DraftFile, Filing, FilingFile, ReceiptUse
from services import filings
from services.actor import Actor
from services.clock import set_now, utc_now
from services.fees import calculate_fee
from tests.blueprints.identity_helpers import JPEG, pdf
from tests.blueprints.receipt_helpers import pay, today
from tests.helpers import HX, citizen, sign_in, staff

ANSWERS = {
    "act": "ofrecimiento_pruebas",
    "process": "civil",
    "role": "demandante",
    "person": "natural",
    "cuantia": "1000",
    "parties": "0",
    "instance": "especializado",
    "quantity": "1",
}
IN_HOURS = datetime(2026, 12, 2, 15, 0)  # Wednesday 10:00 in Lima


@pytest.fixture
def ana(app, db):
    set_now(IN_HOURS)
    return citizen(identity_status=IdentityStatus.APROBADA)


def signed_in(client):
    assert sign_in(client, "ana@example.pe").status_code == 303


def begin(client) -> str:
    """A new draft past its first two steps; its key."""
    reply = client.post("/tramites/nuevo")
    key = re.search(r"/tramites/borrador/([^/]+)/remitente", reply.location).group(1)
    client.post(
        f"/tramites/borrador/{key}/remitente",
        data={"filer_kind": "natural", "contact_email": "ana@example.pe"},
    )
    return key


def fill_document(client, key):
    data = {
        "dependencia_id": str(Dependencia.get(Dependencia.code == "1JCL").id),
        "document_type": "escrito",
        "document_number": "SN",
        "case_number": "00123-2026-0-1801-JR-CI-01",
        "subject": "Ofrece pruebas",
    }
    return client.post(f"/tramites/borrador/{key}/documento", data=data)


def upload_main(client, key):
    client.post(
        f"/tramites/borrador/{key}/archivos",
        data={"main_document": (io.BytesIO(pdf()), "escrito.pdf")},
        content_type="multipart/form-data",
    )


def at_fees_step(client, **answers):
    """A draft past the document step with the act's answers sent; its key and the reply."""
    signed_in(client)
    key = begin(client)
    assert fill_document(client, key).location.endswith(f"/tramites/borrador/{key}/tasas")
    reply = client.post(f"/tramites/borrador/{key}/tasas", data=ANSWERS | answers)
    return key, reply


def register(client, key, payment, headers=None, image=True, **changes):
    data = {
        "code": "07900",
        "sequence": payment.sequence,
        "paid_on": payment.paid_on.isoformat(),
        "paid_time": "10:30",
    } | changes
    if image:
        data["image"] = (io.BytesIO(pdf()), "comprobante.pdf")
    return client.post(
        f"/tramites/borrador/{key}/tasas/comprobante",
        data=data,
        content_type="multipart/form-data",
        headers=headers,
    )


def confirm(client, key):
    upload_main(client, key)
    return client.post(f"/tramites/borrador/{key}/revision", data={"privacy": "y"})


def test_the_fees_computed_are_the_calculators_with_its_trail(client, ana):
    key, reply = at_fees_step(client)
    assert reply.status_code == 303
    assert reply.location.endswith(f"/tramites/borrador/{key}/tasas#pagos")
    page = client.get(reply.location).text
    _, expected = calculate_fee(ANSWERS, today=today())
    assert f"Debe pagar {money(expected.total)}" in page
    for payment in expected.payments:
        assert f"{payment.code} · {payment.concept}: {money(payment.amount)}" in page
        for reason in payment.trail:
            assert str(escape(reason)) in page
    calculator = client.get("/aranceles/resultado", query_string=ANSWERS).text
    assert money(expected.total) in calculator


def test_a_document_without_fees_goes_on_to_its_files_and_needs_no_receipt(client, ana):
    key, reply = at_fees_step(client, act="ninguno")
    assert reply.location.endswith(f"/tramites/borrador/{key}/archivos")
    assert confirm(client, key).status_code == 303
    assert Filing.get().fee_note == ""


def test_the_calculators_complaint_shows_next_to_the_answer_it_is_about(client, ana):
    key, reply = at_fees_step(client, process="", cuantia="")
    assert reply.status_code == 200 and "<title>Error: " in reply.text
    assert "Escriba la cuantía en soles" in reply.text
    key, reply = at_fees_step(client, process="")
    assert 'class="field has-error"' in reply.text and "Elija el tipo de proceso" in reply.text


def test_the_fees_step_is_a_whole_page_and_swaps_only_its_part_with_htmx(client, ana):
    key, _ = at_fees_step(client)
    whole = client.get(f"/tramites/borrador/{key}/tasas")
    assert "<html" in whole.text and "HX-Request" in whole.headers["Vary"]
    part = client.get(f"/tramites/borrador/{key}/tasas", headers=HX)
    assert part.text.startswith("<title>") and "<html" not in part.text
    assert 'id="step"' in part.text and "Registrar un comprobante" in part.text
    refused = client.post(f"/tramites/borrador/{key}/tasas", data=ANSWERS | {"act": ""}, headers=HX)
    assert refused.status_code == 200 and refused.text.startswith("<title>Error: ")
    assert "Elija qué pide su documento" in refused.text and "<html" not in refused.text


@pytest.mark.parametrize("headers", [None, HX], ids=["js-off", "js-on"])
def test_a_good_receipt_is_validated_at_once_and_used_only_when_the_filing_commits(
    client, ana, headers
):
    payment = pay("1234567")
    key, _ = at_fees_step(client)
    reply = register(client, key, payment, headers=headers)
    assert reply.status_code == 303  # htmx follows it, as a fragment
    page = client.get(reply.location, headers=headers).text
    assert ("<html" in page) == (headers is None)
    assert f"Comprobante {payment.sequence} del" in page and "validado con el banco" in page
    assert "Pagado." in page and "Registrar un comprobante" not in page
    assert DraftFile.get(DraftFile.role == "recibo").original_name == "comprobante.pdf"
    assert not ReceiptUse.select().exists()  # not used until the filing commits
    done = confirm(client, key)
    filing = Filing.get()
    assert done.location.endswith(f"/tramites/{filing.id}")
    use = ReceiptUse.get()
    assert (use.payment_id, use.filing_id, use.concept_code) == (payment.id, filing.id, "07900")
    assert filing.fee_note == ""
    roles = sorted(f.role for f in filing.files)
    assert roles == ["principal", "recibo"]  # the receipt's PDF went with the annexes
    detail = client.get(done.location).text
    assert f"{payment.sequence} del {payment.paid_on:%d/%m/%Y}" in detail


@pytest.mark.parametrize(
    ("making", "changes", "message"),
    [
        ({}, {"sequence": "9999999"}, "No hay un pago con esa secuencia y fecha"),
        ({"amount": Decimal("13.37")}, {}, "no corresponde al concepto 07900"),
        ({"days_ago": 400}, {}, "vale un año (art. 16)"),
        ({"document": "11112222"}, {}, "no coincide con el del pago del banco"),
        ({}, {"paid_time": "11:45"}, "La hora no coincide"),
        ({"code": "08222"}, {}, "puede pedir su habilitación"),
    ],
    ids=["unknown", "amount", "other-year", "other-payer", "time", "other-concept"],
)
def test_a_receipt_the_bank_does_not_back_is_refused_at_once_next_to_its_field(
    client, ana, making, changes, message
):
    payment = pay("7654321", **making)
    key, _ = at_fees_step(client)
    reply = register(client, key, payment, **changes)
    assert reply.status_code == 200 and "<title>Error: " in reply.text
    assert message in reply.text
    assert not DraftFile.select().where(DraftFile.role == "recibo").exists()


def test_a_receipt_already_used_is_refused(client, ana):
    payment = pay("5550001")
    ReceiptUse.use(payment, "Escrito en mesa de partes", utc_now())
    key, _ = at_fees_step(client)
    reply = register(client, key, payment)
    assert "ya fue usado" in reply.text


def test_a_receipt_needs_its_pdf(client, ana):
    payment = pay("5550002")
    key, _ = at_fees_step(client)
    reply = register(client, key, payment, image=False)
    assert "Adjunte el comprobante en PDF" in reply.text


def test_missing_fees_do_not_stop_the_filing_and_are_written_on_it(client, ana):
    key, _ = at_fees_step(client, parties="2")
    review = client.get(f"/tramites/borrador/{key}/revision").text
    assert "Falta el comprobante de pago de 07900" in review
    assert confirm(client, key).status_code == 303
    filing = Filing.get()
    assert "Falta el comprobante de pago de 07900" in filing.fee_note
    assert "Falta el comprobante de pago de 09970" in filing.fee_note  # derecho de notificación
    assert filings.summary(filing)["fee_note"] == filing.fee_note
    assert "Falta el comprobante de pago de 07900" in client.get(f"/tramites/{filing.id}").text


def test_a_receipt_another_filing_used_meanwhile_stops_the_submit_with_nothing_written(client, ana):
    payment = pay("5550003")
    key, _ = at_fees_step(client)
    register(client, key, payment)
    ReceiptUse.use(payment, "Escrito en mesa de partes", utc_now())  # someone else, now
    upload_main(client, key)
    reply = client.post(f"/tramites/borrador/{key}/revision", data={"privacy": "y"})
    assert reply.status_code == 200 and "ya fue usado" in reply.text
    assert re.search(r'href="/tramites/borrador/[^"]+/tasas"', reply.text)
    assert Filing.select().count() == 0 and FilingFile.select().count() == 0
    assert ReceiptUse.select().count() == 1


def test_cancelling_a_pending_filing_gives_its_receipt_back(client, ana):
    payment = pay("5550004")
    key, _ = at_fees_step(client)
    register(client, key, payment)
    confirm(client, key)
    filing = Filing.get()
    assert client.post(f"/tramites/{filing.id}/anular").status_code == 303
    assert Filing.get().status == FilingStatus.ANULADO
    assert not ReceiptUse.select().exists()
    # Free again: a new filing may use it.
    key, _ = at_fees_step(client)
    assert register(client, key, payment).status_code == 303


def test_a_receipt_stays_used_when_the_clerk_moves_the_filing_on(app, client, ana):
    payment = pay("5550005")
    key, _ = at_fees_step(client)
    register(client, key, payment)
    confirm(client, key)
    clerk = Actor(staff("mesa@corte.pe", Role.MESA_DE_PARTES), "10.0.0.7")
    with app.app_context():
        filings.move(Filing.get(), FilingAction.OBSERVAR, actor=clerk, now=utc_now(), note="x")
    assert ReceiptUse.select().count() == 1


def test_a_receipts_pdf_is_replaced_only_by_another_pdf(client, ana):
    payment = pay("5550006")
    key, _ = at_fees_step(client)
    register(client, key, payment)
    confirm(client, key)
    filing = Filing.get()
    receipt = filing.files.where(FilingFile.role == "recibo").get()
    reply = client.post(
        f"/tramites/{filing.id}/archivos/{receipt.id}/reemplazar",
        data={"replacement": (io.BytesIO(JPEG), "foto.jpg"), "understood": "y"},
        content_type="multipart/form-data",
    )
    assert reply.status_code == 200 and "solo pdf" in reply.text
    assert filing.files.count() == 2
