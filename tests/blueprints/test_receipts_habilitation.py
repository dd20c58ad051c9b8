"""Receipts at the counter: habilitación of a receipt and devolución of a payment."""

from datetime import timedelta
from decimal import Decimal as D

import pytest

from domain.fees import valid_until
from models import BankPayment, Court, ReceiptHabilitation
from tests.blueprints.receipt_helpers import HABILITATION, REFUND, audited, pay, register, today

# --- habilitación -----------------------------------------------------------------------


def habilitation_fields(payment, clause="a", **changes) -> dict:
    return {
        "sequence": payment.sequence,
        "paid_on": payment.paid_on.strftime("%d/%m/%Y"),
        "clause": clause,
        "district": "este",
        "target_amount": "",
        "returned_on": "",
        "supporting_document": "",
        "sealed_on": "",
        "certified_on": "",
        "action": "evaluar",
    } | changes


def ask(client, payment, clause="a", **changes):
    return client.post(HABILITATION, data=habilitation_fields(payment, clause, **changes))


def test_an_unused_receipt_is_habilitated_once_by_clause_a(clerk):
    payment = pay()
    answer = ask(clerk, payment)
    assert "Procede la habilitación (art. 37 a)" in answer.text
    assert valid_until(payment.paid_on).strftime("Hasta el %d/%m/%Y") in answer.text
    assert "Registrar la habilitación" in answer.text and not ReceiptHabilitation.select().exists()

    done = ask(clerk, payment, action="registrar")
    assert done.status_code == 303
    assert "Habilitación registrada" in clerk.get(HABILITATION).text
    again = ask(clerk, payment, action="registrar")
    assert "No procede" in again.text and "Ya fue habilitado una vez" in again.text
    habilitation = ReceiptHabilitation.get()
    assert (habilitation.clause, habilitation.decided_by.email) == ("a", "mesa@corte.pe")
    assert habilitation.district == Court.current().name
    assert len(audited("comprobante_habilitado")) == 1


@pytest.mark.parametrize(
    ("clause", "changes", "message"),
    [
        ("c", {}, "La causal del art. 37 c no es para el código 07900."),
        ("i", {"returned_on": "01/01/2026"}, "es solo para comprobantes utilizados"),
        ("a", {"district": "otro"}, "para otro distrito judicial (art. 36 f)"),
        ("g", {"target_amount": "10.00"}, "No procede habilitar a un monto menor"),
        ("b", {"supporting_document": "10203040"}, "debe diferir del comprobante en uno o dos"),
        ("h", {}, "Hace falta la certificación bancaria del pago (art. 37 h)"),
    ],
    ids=[
        "cautelar-code",
        "unused-by-court-order",
        "other-district",
        "lower-amount",
        "typo-too-far",
        "lost-without-certificate",
    ],
)
def test_a_habilitation_that_does_not_fit_its_clause_is_refused(clerk, clause, changes, message):
    answer = ask(clerk, pay(), clause, **changes)
    assert "No procede la habilitación" in answer.text and message in answer.text
    assert "Registrar la habilitación" not in answer.text
    forced = ask(clerk, BankPayment.get(), clause, action="registrar", **changes)
    assert forced.status_code == 200 and not ReceiptHabilitation.select().exists()


def test_a_used_receipt_has_thirty_business_days_by_court_order(clerk):
    payment = pay()
    register(clerk, payment)
    returned = today() - timedelta(days=3)
    answer = ask(clerk, payment, "i", returned_on=returned.strftime("%d/%m/%Y"))
    assert "Procede la habilitación (art. 37 i)" in answer.text
    assert "Copia de la resolución que dispone la habilitación" in answer.text


def test_a_habilitation_needs_a_known_receipt(clerk):
    missing = ask(clerk, pay(), sequence="1")
    assert "No hay un pago con esa secuencia y fecha" in missing.text
    assert "<title>Error: " in missing.text


# --- devolución -------------------------------------------------------------------------


def test_a_refund_is_the_payment_less_two_percent(clerk):
    payment = pay(code="08222")  # a medida cautelar: S/ 550.00 in 2026
    fields = {"sequence": payment.sequence, "paid_on": payment.paid_on.strftime("%d/%m/%Y")}
    answer = clerk.post(REFUND, data=fields | {"court_order": "y"})
    commission = (payment.amount * D("0.02")).quantize(D("0.01"))
    assert "Procede la devolución (art. 39 b)" in answer.text
    assert f"S/\u00a0{commission:,.2f}" in answer.text
    assert f"S/\u00a0{payment.amount - commission:,.2f}" in answer.text
    refused = clerk.post(REFUND, data=fields)
    assert "No procede" in refused.text and "necesita un mandato judicial" in refused.text
    assert len(audited("devolucion_evaluada")) == 2
