"""Payment receipts: importing the bank's payment file, and registering a receipt's use once.

Habilitación and devolución are in services/habilitation.py.
"""

from dataclasses import dataclass, replace
from datetime import datetime
from decimal import Decimal

from db import write_transaction
from domain.fees import ReceiptClaim, ReceiptVerdict, parse_bank_file, validate_receipt
from models import BankPayment, Court, FeeYear, ReceiptUse
from models.fees import AlreadyUsed
from services import audit, imports
from services.actor import Actor
from services.imports import AlreadyImported, NotImported

__all__ = ["AlreadyImported", "NotImported", "ReceiptRefused", "import_bank_file"]

JUST_USED = "Este comprobante se acaba de usar en otro escrito (art. 4.3)."


def payment_label(payment) -> str:
    """How a payment is named in the audit log and in messages."""
    return f"{payment.sequence} del {payment.paid_on:%d/%m/%Y}"


# --- the bank's payment file ------------------------------------------------------------


@dataclass(frozen=True)
class BankFileImported:
    new: int  # payments this file brought
    known: int  # payments an earlier file had brought already

    @property
    def summary(self) -> str:
        return f"{self.new} pagos nuevos, {self.known} ya estaban"


def import_bank_file(
    text: str, filename: str, *, actor: Actor, now: datetime, staged_as: str = ""
) -> BankFileImported:
    """Add the file's payments not yet known; NotImported when a line has errors or there is
    none. `staged_as` names a previewed upload, imported once: AlreadyImported after that."""
    result = parse_bank_file(text)
    if not result.ok or not result.payments:
        raise NotImported(
            "El archivo tiene errores: no se importó nada. Pida al banco el archivo corregido.",
            result,
        )
    batch = f"{filename[:80]} {staged_as[:12]}" if staged_as else filename[:100]
    with write_transaction():
        if staged_as and not imports.claim(staged_as, now):
            raise AlreadyImported("Ese archivo ya se importó; no se agregó nada.")
        new = BankPayment.add(result.payments, batch, now)
        done = BankFileImported(new, len(result.payments) - new)
        audit.log(actor, "pagos_importados", now, subject=filename, detail=done.summary)
    return done


# --- register and use a receipt ---------------------------------------------------------


@dataclass(frozen=True)
class ReceiptRequest:
    """What the clerk typed: the receipt, the act it pays for, and what that act asks for."""

    claim: ReceiptClaim
    used_for: str
    expected_code: str | None = None  # a concept code of the fee tables
    expected_amount: Decimal | None = None
    accept_typo: bool = False  # the clerk accepts a payer document off by a digit or two


@dataclass(frozen=True)
class Registration:
    use: ReceiptUse
    again: bool  # a second tap of one registration: it was already recorded, nothing new


class ReceiptRefused(Exception):
    """The receipt cannot be used; `verdict` holds each problem and what was checked."""

    def __init__(self, verdict: ReceiptVerdict):
        super().__init__("; ".join(verdict.problems))
        self.verdict = verdict


def register_receipt(request: ReceiptRequest, *, actor: Actor, now: datetime) -> Registration:
    """Check the receipt against the bank's payments and mark it used for one act, atomically:
    of two simultaneous registrations exactly one wins. ReceiptRefused otherwise."""
    claim, used_for = request.claim, " ".join(request.used_for.split())
    payment, verdict = check_receipt(
        claim,
        now,
        expected_code=request.expected_code,
        expected_amount=request.expected_amount,
        accept_typo=request.accept_typo,
    )
    if verdict.ok:
        try:
            return Registration(_use(payment, used_for, request, verdict, actor, now), False)
        except AlreadyUsed:  # another request used it between our check and our write
            verdict = replace(verdict, problems=(JUST_USED,))
    # A second tap of the same registration finds it done: show it, do not refuse it.
    if payment is not None and (earlier := _same_registration(payment, used_for, actor)):
        return Registration(earlier, True)
    raise ReceiptRefused(verdict)


def check_receipt(
    claim: ReceiptClaim,
    now: datetime,
    *,
    expected_code: str | None = None,
    expected_amount: Decimal | None = None,
    accept_typo: bool = False,
):
    """(the bank's payment or None, the verdict) for a receipt someone typed in; the clerk's
    counter and the filer's e-filing check it the same way.

    A receipt habilitated after its use (arts. 36-37) may be used once more, for the concept
    it was habilitated for (art. 37 g): its own code no longer has to be the act's."""
    payment = BankPayment.find(claim.sequence, claim.paid_on)
    number = ReceiptUse.next_number(payment) if payment is not None else None
    verdict = validate_receipt(
        claim,
        payment,
        FeeYear.schedules(),
        Court.current().local_time(now).date(),
        already_used=payment is not None and number is None,
        expected_code=None if number == 1 else expected_code,
        expected_amount=expected_amount,
        accept_typo=accept_typo,
    )
    return payment, verdict


def _use(payment, used_for: str, request: ReceiptRequest, verdict, actor, now) -> ReceiptUse:
    """Mark the receipt used and audit it in one transaction; raises AlreadyUsed."""
    with write_transaction():
        use = ReceiptUse.use(
            payment,
            used_for,
            now,
            concept_code=request.expected_code or payment.concept_code,
            expected_amount=request.expected_amount,
            registered_by=actor.user,
            typo_accepted_by=actor.user if verdict.typo else None,
        )
        typo = " · error de digitación aceptado (art. 37 b)" if verdict.typo else ""
        audit.log(
            actor,
            "comprobante_usado",
            now,
            subject=payment_label(payment),
            detail=use.used_for + typo,
        )
    return use


def _same_registration(payment, used_for: str, actor: Actor):
    """This clerk's use of this receipt for this same act."""
    return ReceiptUse.get_or_none(
        ReceiptUse.payment == payment,
        ReceiptUse.registered_by == actor.user,
        ReceiptUse.used_for == used_for,
    )
