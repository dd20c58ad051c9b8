"""The bank's payment file and a receipt's one use, as use cases (no request)."""

from dataclasses import replace

import pytest

from domain.fees import ReceiptClaim
from domain.roles import Role
from models import AuditEvent, BankPayment, ReceiptUse
from services.actor import SYSTEM, Actor
from services.clock import utc_now
from services.receipts import (
    AlreadyImported,
    NotImported,
    ReceiptRefused,
    ReceiptRequest,
    import_bank_file,
    register_receipt,
)
from tests.blueprints.receipt_helpers import ACT, BANK_FILE, pay
from tests.helpers import staff as make_staff


def audited(action: str) -> list[AuditEvent]:
    return list(AuditEvent.select().where(AuditEvent.action == action).order_by(AuditEvent.id))


@pytest.fixture
def clerk(db):
    return Actor(make_staff("mesa@corte.pe", Role.MESA_DE_PARTES.value), "10.0.0.9")


def asked(payment, **changes) -> ReceiptRequest:
    claim = ReceiptClaim(payment.sequence, payment.paid_on, payment.amount, payment.payer_document)
    return replace(ReceiptRequest(claim, f"  {ACT} "), **changes)


# --- the bank's payment file ------------------------------------------------------------


def test_a_bank_file_adds_each_payment_once_and_is_audited(clerk):
    text = BANK_FILE.decode()
    first = import_bank_file(
        text, "pagos.csv", actor=clerk, now=utc_now(), staged_as="a1b2c3d4e5f6g7"
    )
    again = import_bank_file(text, "pagos.csv", actor=SYSTEM, now=utc_now())
    assert (first.new, first.known, again.new, again.known) == (2, 0, 0, 2)
    assert {p.batch for p in BankPayment.select()} == {"pagos.csv a1b2c3d4e5f6"}
    events = audited("pagos_importados")
    assert [(e.actor_label, e.ip, e.subject, e.detail) for e in events] == [
        ("mesa@corte.pe", "10.0.0.9", "pagos.csv", "2 pagos nuevos, 0 ya estaban"),
        ("", "", "pagos.csv", "0 pagos nuevos, 2 ya estaban"),
    ]


def test_a_previewed_bank_file_is_imported_only_once(clerk):
    text = BANK_FILE.decode()
    import_bank_file(text, "pagos.csv", actor=clerk, now=utc_now(), staged_as="ff.csv")
    with pytest.raises(AlreadyImported, match="no se agregó nada"):
        import_bank_file(text, "pagos.csv", actor=clerk, now=utc_now(), staged_as="ff.csv")
    assert len(audited("pagos_importados")) == 1


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        (BANK_FILE.replace(b"5.30", b"-1"), "no puede ser negativo"),
        (BANK_FILE.split(b"\n")[0] + b"\n", None),  # only the header
    ],
    ids=["negative-amount", "header-only"],
)
def test_a_bank_file_with_errors_adds_nothing(clerk, content, problem):
    with pytest.raises(NotImported, match="Pida al banco el archivo corregido") as refused:
        import_bank_file(content.decode(), "pagos.csv", actor=clerk, now=utc_now())
    problems = refused.value.problems
    assert any(problem in line for line in problems) if problem else problems == []
    assert not BankPayment.select().exists() and not audited("pagos_importados")


# --- registering a receipt's use --------------------------------------------------------


def test_a_good_receipt_is_used_once_for_its_act(clerk):
    payment = pay()
    done = register_receipt(asked(payment), actor=clerk, now=utc_now())
    assert not done.again and done.use.used_for == ACT
    use = ReceiptUse.get()
    assert (use.payment_id, use.registered_by_id, use.typo_accepted_by) == (
        payment.id,
        clerk.user.id,
        None,
    )
    [event] = audited("comprobante_usado")
    assert (event.actor_label, event.subject, event.detail) == (
        "mesa@corte.pe",
        f"1234567 del {payment.paid_on:%d/%m/%Y}",
        ACT,
    )


def test_a_second_tap_of_the_same_registration_returns_it(clerk):
    payment = pay()
    first = register_receipt(asked(payment), actor=clerk, now=utc_now())
    again = register_receipt(asked(payment), actor=clerk, now=utc_now())
    assert again.again and again.use.id == first.use.id
    assert ReceiptUse.select().count() == 1 and len(audited("comprobante_usado")) == 1


def test_a_receipt_used_for_another_act_is_refused(clerk):
    payment = pay()
    register_receipt(asked(payment), actor=clerk, now=utc_now())
    with pytest.raises(ReceiptRefused) as refused:
        register_receipt(asked(payment, used_for="Otro escrito"), actor=clerk, now=utc_now())
    assert not refused.value.verdict.ok and "ya fue usado" in str(refused.value)
    assert ReceiptUse.select().count() == 1


def test_a_receipt_the_bank_never_reported_is_refused(clerk):
    payment = pay()
    claim = ReceiptClaim("7654321", payment.paid_on, payment.amount, payment.payer_document)
    with pytest.raises(ReceiptRefused):
        register_receipt(asked(payment, claim=claim), actor=clerk, now=utc_now())
    assert not ReceiptUse.select().exists() and not audited("comprobante_usado")


def test_a_typing_error_in_the_document_is_used_only_when_the_clerk_accepts_it(clerk):
    payment = pay()
    claim = replace(asked(payment).claim, payer_document="45678902")
    with pytest.raises(ReceiptRefused) as refused:
        register_receipt(asked(payment, claim=claim), actor=clerk, now=utc_now())
    assert refused.value.verdict.typo
    done = register_receipt(
        asked(payment, claim=claim, accept_typo=True), actor=clerk, now=utc_now()
    )
    assert done.use.typo_accepted_by_id == clerk.user.id
    assert "error de digitación aceptado" in audited("comprobante_usado")[0].detail
