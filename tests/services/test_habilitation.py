"""Habilitación and devolución as use cases: assessed, audited, recorded once (no request)."""

import re
from datetime import timedelta
from decimal import Decimal as D

import pytest

from domain.fees import valid_until
from domain.roles import Role
from models import AuditEvent, Court, ReceiptHabilitation
from services.actor import Actor
from services.clock import utc_now
from services.habilitation import (
    HabilitationRefused,
    UnknownPayment,
    assess_habilitation,
    assess_refund,
    find_payment,
    habilitate_receipt,
)
from tests.blueprints.receipt_helpers import pay, today
from tests.helpers import staff as make_staff


def audited(action: str) -> list[AuditEvent]:
    return list(AuditEvent.select().where(AuditEvent.action == action).order_by(AuditEvent.id))


@pytest.fixture
def clerk(db):
    return Actor(make_staff("mesa@corte.pe", Role.MESA_DE_PARTES.value), "10.0.0.9")


def test_a_payment_is_found_by_its_sequence_and_date(clerk):
    payment = pay()
    assert find_payment(f" {payment.sequence} ", payment.paid_on) == payment
    with pytest.raises(UnknownPayment, match="No hay un pago con esa secuencia y fecha"):
        find_payment("1", payment.paid_on)


def test_assessing_a_habilitation_writes_only_its_audit_row(clerk):
    payment = pay()
    answer = assess_habilitation(payment, "a", same_district=True, actor=clerk, now=utc_now())
    assert answer.eligible and answer.citation == "art. 37 a"
    assert answer.deadline == valid_until(payment.paid_on)
    assert not ReceiptHabilitation.select().exists()
    [event] = audited("habilitacion_evaluada")
    assert (event.actor_label, event.detail) == ("mesa@corte.pe", "art. 37 a: procede")


def test_a_receipt_is_habilitated_once(clerk):
    payment, now = pay(), utc_now()
    note = habilitate_receipt(payment, "a", same_district=True, actor=clerk, now=now)
    assert note.startswith("art. 37 a: S/\u00a0") and "plazo" in note
    recorded = ReceiptHabilitation.get()
    assert (recorded.clause, recorded.decided_by_id, recorded.decided_at) == (
        "a",
        clerk.user.id,
        now,
    )
    assert recorded.district == Court.current().name and recorded.note == note
    [event] = audited("comprobante_habilitado")
    assert event.detail == note and not audited("habilitacion_evaluada")

    with pytest.raises(HabilitationRefused, match="Ya fue habilitado una vez") as refused:
        habilitate_receipt(payment, "a", same_district=True, actor=clerk, now=utc_now())
    assert not refused.value.answer.eligible
    assert ReceiptHabilitation.select().count() == 1 and len(audited("comprobante_habilitado")) == 1
    assert "Ya fue habilitado una vez" in audited("habilitacion_evaluada")[0].detail


@pytest.mark.parametrize(
    ("clause", "asked", "message"),
    [
        ("a", {"same_district": False}, "para otro distrito judicial (art. 36 f)"),
        ("g", {"target_amount": D("10.00")}, "No procede habilitar a un monto menor"),
        ("h", {}, "Hace falta la certificación bancaria del pago (art. 37 h)"),
    ],
    ids=["other-district", "lower-amount", "lost-without-certificate"],
)
def test_a_habilitation_that_does_not_fit_is_refused_and_audited(clerk, clause, asked, message):
    asked = {"same_district": True} | asked
    with pytest.raises(HabilitationRefused, match=re.escape(message)):
        habilitate_receipt(pay(), clause, actor=clerk, now=utc_now(), **asked)
    assert not ReceiptHabilitation.select().exists()
    [event] = audited("habilitacion_evaluada")
    assert message in event.detail


def test_clause_i_is_for_used_receipts_only(clerk):
    payment = pay()
    returned = today() - timedelta(days=3)
    answer = assess_habilitation(
        payment, "i", same_district=True, actor=clerk, now=utc_now(), returned_on=returned
    )
    assert "es solo para comprobantes utilizados" in " ".join(answer.problems)


def test_a_refund_is_assessed_and_audited(clerk):
    payment = pay(code="08222")
    ordered = assess_refund(
        payment, court_order=True, demand_improcedente=False, actor=clerk, now=utc_now()
    )
    commission = (payment.amount * D("0.02")).quantize(D("0.01"))
    assert ordered.answer.eligible and not ordered.used
    assert ordered.answer.net == payment.amount - commission
    refused = assess_refund(
        payment, court_order=False, demand_improcedente=False, actor=clerk, now=utc_now()
    )
    assert not refused.answer.eligible
    events = audited("devolucion_evaluada")
    assert events[0].detail.startswith("art. 39 b: neto S/\u00a0")
    assert "necesita un mandato judicial" in events[1].detail
