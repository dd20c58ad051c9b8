"""A filing's payment receipts once it is filed (seed 004 art. 14.2): marked used inside the
filing's own transaction (services/filings.submit), given back if the filer cancels it while
it awaits validation (services/filings.move), and named on its constancia and for the clerk.
Which receipts a draft holds, and how they are checked, is services/filing_fees.py."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from domain.fees import money
from models import BankPayment, Filing, ReceiptUse
from models.fees import AlreadyUsed
from services import audit
from services.actor import Actor
from services.receipts import payment_label

TAKEN = (
    "El comprobante {label} se acaba de usar en otro trámite. Quítelo o registre otro en el "
    "paso «Tasas»: su documento todavía no se presentó."
)


@dataclass(frozen=True)
class ReceiptToUse:
    """A receipt the filer registered, to be marked used with the filing."""

    payment_id: int
    concept_code: str
    expected_amount: Decimal | None
    label: str  # "1234567 del 02/11/2026", as messages name it


class ReceiptTaken(Exception):
    """Another filing or clerk used the receipt first; the message says what to do."""


def use_all(filing: Filing, receipts: Sequence[ReceiptToUse], actor: Actor, now: datetime):
    """Mark each receipt used for `filing`; call inside the filing's write transaction, which
    ReceiptTaken must roll back whole."""
    for receipt in receipts:
        try:
            ReceiptUse.use(
                receipt.payment_id,
                f"Trámite {filing.tracking_number}",
                now,
                concept_code=receipt.concept_code,
                expected_amount=receipt.expected_amount,
                registered_by=actor.user,
                filing=filing,
            )
        except AlreadyUsed:
            raise ReceiptTaken(TAKEN.format(label=receipt.label)) from None
        detail = f"Trámite {filing.tracking_number}, concepto {receipt.concept_code}"
        audit.log(actor, "comprobante_usado", now, subject=receipt.label, detail=detail)


def release(filing: Filing, actor: Actor, now: datetime) -> None:
    """Give the filing's receipts back (it was cancelled while pending); inside its transaction."""
    for use in filing.receipt_uses:
        use.delete_instance()
        audit.log(
            actor,
            "comprobante_liberado",
            now,
            subject=payment_label(use.payment),
            detail=f"Trámite {filing.tracking_number} anulado",
        )


def labels(filing: Filing) -> list[str]:
    """The receipts the filing used, as the constancia and the clerk read them."""
    uses = filing.receipt_uses.join(BankPayment).order_by(ReceiptUse.id)
    return [
        f"{payment_label(u.payment)} · concepto {u.concept_code} · {money(u.payment.amount)}"
        for u in uses
    ]
