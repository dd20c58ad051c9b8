"""The fees a filing pays (seed 004 art. 14.2): which act it asks for, what the fee calculator
says that act costs, and the receipts the filer registers for it, while the filing is a draft.

The amounts come from services.fees.calculate_fee (the calculator's own rules and trail) and
each receipt is checked by services.receipts.check_receipt (the clerk's own check) the moment
it is typed in. A receipt is only marked used when the filing commits (services.filings.submit,
one transaction); what is missing then is written in the filing's fee note (art. 14.1.3).
"""

import json
from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal

from peewee import fn

from db import write_transaction
from domain.fees import FeeError, FeeResult, Payment, ReceiptClaim, money, reintegro_due
from domain.fees.schedule import payment_code
from domain.filings import FileLimits, FileRefused, FileRole
from models import BankPayment, Court, DraftFile, FilingDraft
from services import filing_files
from services.fees import calculate_fee
from services.filing_receipts import ReceiptToUse
from services.filings import NotFilable
from services.receipts import check_receipt, payment_label

NONE = "ninguno"  # the act answer of a document that asks for nothing with a fee
ANSWERS = "fees"  # draft JSON key: the calculator's answers (domain.fees.request_params keys)
RECEIPTS = "receipts"  # draft JSON key: the receipts registered, in order
ALREADY_HERE = "Ya registró este comprobante en este documento."


class ReceiptProblem(Exception):
    """A receipt the filer cannot register; `errors` maps each field to its Spanish message."""

    def __init__(self, errors: dict[str, str]):
        super().__init__("; ".join(errors.values()))
        self.errors = errors


@dataclass(frozen=True)
class Line:
    """One payment the act needs, the receipts registered for it, and what is still missing."""

    payment: Payment
    receipts: tuple[dict, ...]
    covered: Decimal

    @property
    def missing(self) -> Decimal:
        """What is still to pay; 0 when the rest is a reintegro of S/ 1.40 or less (art. 17)."""
        return reintegro_due(self.covered, self.payment.amount)

    @property
    def open(self) -> bool:
        """Whether a receipt can still be registered for it."""
        return self.covered < self.payment.amount and self.missing > 0


def _data(draft: FilingDraft) -> dict:
    return json.loads(draft.data or "{}")


def _keep(draft: FilingDraft, changes: dict, now: datetime) -> None:
    data = _data(draft) | changes
    FilingDraft.update(data=json.dumps(data), updated_at=now).where(
        FilingDraft.id == draft.id
    ).execute()
    draft.data = json.dumps(data)


def answers_of(draft: FilingDraft) -> dict[str, str] | None:
    """The answers given at the fees step; None when it was not answered yet."""
    return _data(draft).get(ANSWERS)


def needs_fees(answers: dict[str, str] | None) -> bool:
    return bool(answers) and answers.get("act") != NONE


def result_for(answers: dict[str, str], today: date) -> FeeResult:
    """Every payment the act needs: the calculator's answer (a FeeError says what to fix)."""
    return calculate_fee(answers, today=today)[1]


def choose(draft: FilingDraft, answers: dict[str, str], today: date, now: datetime):
    """Keep the act's answers (checked by the calculator); the result, None for no fees.
    Receipts registered for a concept the act no longer needs are dropped with their files."""
    result = result_for(answers, today) if needs_fees(answers) else None
    codes = {payment_code(p.code) for p in result.payments} if result else set()
    kept = [r for r in receipts_of(draft) if payment_code(r["code"]) in codes]
    dropped = [r for r in receipts_of(draft) if r not in kept]
    with write_transaction():
        _keep(draft, {ANSWERS: answers, RECEIPTS: kept}, now)
        for receipt in dropped:
            draft.files.where(DraftFile.stored_name == receipt["file"]).first().delete_instance()
    for receipt in dropped:
        filing_files.remove(receipt["file"])
    return result


def receipts_of(draft: FilingDraft) -> list[dict]:
    """The registered receipts whose PDF the draft still holds."""
    names = {f.stored_name for f in draft.files.where(DraftFile.role == FileRole.RECIBO)}
    return [r for r in _data(draft).get(RECEIPTS, []) if r.get("file") in names]


def lines(draft: FilingDraft, result: FeeResult | None) -> list[Line]:
    if result is None:
        return []
    receipts = receipts_of(draft)
    shown = []
    for payment in result.payments:
        mine = tuple(r for r in receipts if payment_code(r["code"]) == payment_code(payment.code))
        covered = sum((Decimal(r["amount"]) for r in mine), Decimal(0))
        shown.append(Line(payment, mine, covered))
    return shown


def payer_document(person, filer_kind: str) -> str:
    """Whose document the receipt must carry: the company's RUC when filing for it (art. 4.14)."""
    if filer_kind == "juridica" and person.company_ruc:
        return person.company_ruc
    return person.doc_number or ""


def register(
    draft: FilingDraft,
    *,
    code: str,
    sequence: str,
    paid_on: date,
    paid_time: time,
    upload,
    payer: str,
    today: date,
    now: datetime,
    limits: FileLimits,
) -> dict:
    """Check a receipt against the bank's payments and keep it, with its PDF, in the draft;
    ReceiptProblem says, per field, what is wrong. It is not used until the filing commits."""
    # A second tap of the same receipt hears that it is here already, not that its concept
    # is paid (which the first tap made true).
    found = BankPayment.find(sequence, paid_on)
    if found is not None and any(r["payment_id"] == found.id for r in receipts_of(draft)):
        raise ReceiptProblem({"sequence": ALREADY_HERE})
    answers = answers_of(draft)
    open_lines = [line for line in lines(draft, _result(answers, today)) if line.open]
    line = next((x for x in open_lines if payment_code(x.payment.code) == code), None)
    if line is None:
        raise ReceiptProblem({"code": "Elija el concepto que paga este comprobante."})
    claim = ReceiptClaim(sequence, paid_on, found.amount if found else Decimal(0), payer, paid_time)
    expected = min(line.payment.amount - line.covered, line.payment.unit_amount)
    payment, verdict = check_receipt(claim, now, expected_code=code, expected_amount=expected)
    if not verdict.ok:
        raise ReceiptProblem({"sequence": " ".join(verdict.problems)})
    if not (upload and upload.filename):
        raise ReceiptProblem({"image": "Adjunte el comprobante en PDF, legible (art. 14.2.2)."})
    try:
        received = filing_files.receive(
            upload.stream, upload.filename, limits.other_annex_bytes, ("pdf",)
        )
    except FileRefused as refusal:
        raise ReceiptProblem({"image": str(refusal)}) from None
    receipt = {
        "payment_id": payment.id,
        "code": code,
        "amount": f"{payment.amount:.2f}",
        "label": payment_label(payment),
        "file": received.stored_name,
    }
    try:
        with write_transaction():
            # The draft's row first: a double tap's second registration waits here, then
            # reads the first one's receipt and is refused instead of adding it twice.
            FilingDraft.update(updated_at=now).where(FilingDraft.id == draft.id).execute()
            draft.data = FilingDraft.get_by_id(draft.id).data
            if any(r["payment_id"] == payment.id for r in receipts_of(draft)):
                raise ReceiptProblem({"sequence": ALREADY_HERE})
            last = draft.files.select(fn.MAX(DraftFile.position))
            position = 1 + (last.where(DraftFile.role == FileRole.RECIBO).scalar() or 0)
            DraftFile.create(
                draft=draft,
                role=FileRole.RECIBO,
                position=position,
                received_at=now,
                **vars(received),
            )
            _keep(draft, {RECEIPTS: [*receipts_of(draft), receipt]}, now)
    except BaseException:
        filing_files.remove(received.stored_name)
        raise
    return receipt


def _result(answers, today: date) -> FeeResult | None:
    return result_for(answers, today) if needs_fees(answers) else None


def drop(draft: FilingDraft, payment_id: int, now: datetime) -> bool:
    """Take a registered receipt, and its PDF, out of the draft."""
    receipts = receipts_of(draft)
    gone = next((r for r in receipts if r["payment_id"] == payment_id), None)
    if gone is None:
        return False
    with write_transaction():
        draft.files.where(DraftFile.stored_name == gone["file"]).first().delete_instance()
        _keep(draft, {RECEIPTS: [r for r in receipts if r is not gone]}, now)
    filing_files.remove(gone["file"])
    return True


def for_submit(draft: FilingDraft, person, now: datetime, *, check: bool = True):
    """(the receipts to mark used with the filing, the fee note): each receipt checked again
    (another filing may have used it since) unless `check` is off (the review only shows
    them), and what is missing in words (art. 14.1.3)."""
    answers = answers_of(draft)
    if not needs_fees(answers):
        return [], ""
    try:
        result = result_for(answers, Court.current().local_time(now).date())
    except FeeError:  # the year's table changed since the step: the clerk must check
        return [], "No se pudo calcular las tasas del acto indicado; revise los comprobantes."
    payer = payer_document(person, _data(draft).get("filer_kind", "natural"))
    using, notes = [], []
    for line in lines(draft, result):
        for receipt in line.receipts:
            using.append(
                ReceiptToUse(
                    payment_id=receipt["payment_id"],
                    concept_code=line.payment.code,
                    expected_amount=line.payment.amount,
                    label=receipt["label"],
                )
            )
        notes += _line_note(line)
    if check:
        _recheck(using, payer, now)
    return using, " ".join(notes)


def _line_note(line: Line) -> list[str]:
    what = f"{line.payment.code} {line.payment.concept} ({money(line.payment.amount)})"
    if not line.receipts:
        return [f"Falta el comprobante de pago de {what}."]
    if line.missing:
        return [f"Falta pagar {money(line.missing)} de {what}."]
    return []


def _recheck(using: list[ReceiptToUse], payer: str, now: datetime) -> None:
    """Refuse, before anything is written, a receipt that stopped being good since the step."""
    for receipt in using:
        payment = BankPayment.get_by_id(receipt.payment_id)
        claim = ReceiptClaim(payment.sequence, payment.paid_on, payment.amount, payer)
        _, verdict = check_receipt(claim, now, expected_code=receipt.concept_code)
        if not verdict.ok:
            raise NotFilable({"fees": f"Comprobante {receipt.label}: {' '.join(verdict.problems)}"})
