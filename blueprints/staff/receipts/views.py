"""Payment receipts: the bank's file, and registering a receipt once.

Habilitación and devolución are in habilitation.py.
"""

from dataclasses import replace
from decimal import Decimal

from flask import abort, flash, request
from flask_login import current_user

from blueprints.htmx import redirect_to, render
from blueprints.staff.access import roles_required
from blueprints.staff.receipts import bp
from blueprints.staff.receipts.forms import ReceiptForm
from blueprints.staff.staged_csv import (
    ConfirmImportForm,
    CsvUploadForm,
    NotCsv,
    Staged,
    claim,
    discard,
    gone,
    shown_rows,
    stage,
    staged,
    with_rows,
)
from db import write_transaction
from domain.clock import local_now, stamp
from domain.fees import (
    BANK_COLUMNS,
    ReceiptClaim,
    money,
    parse_bank_file,
    valid_until,
    validate_receipt,
)
from domain.fees.receipts import REINTEGRO_FLOOR
from domain.roles import DESK
from models import BankPayment, Court, FeeYear, ReceiptUse, User
from models.fees import AlreadyUsed
from services import audit
from services.clock import court_now, utc_now

JUST_USED = "Este comprobante se acaba de usar en otro escrito (art. 4.3)."


def payment_label(payment) -> str:
    """How a payment is named in the audit log and in messages."""
    return f"{payment.sequence} del {payment.paid_on:%d/%m/%Y}"


# --- the bank's payment file ------------------------------------------------------------


@bp.route("/comprobantes/importar", methods=["GET", "POST"])
@roles_required(*DESK)
def import_bank_file():
    form = CsvUploadForm()
    if form.validate_on_submit():
        try:
            return redirect_to(
                "staff.receipts.preview_bank_file", ref=stage(form.file.data, "bank")
            )
        except NotCsv as refusal:
            form.file.errors.append(str(refusal))
    return render(
        "staff/receipts/import_bank_file.html", "bank_import", form=form, columns=BANK_COLUMNS
    )


@bp.route("/comprobantes/importar/revisar")
@roles_required(*DESK)
def preview_bank_file():
    ref = request.args.get("ref", "")
    file = staged(ref, "bank")
    if file is None:
        return gone(
            ref, "bank", "staff.receipts.import_bank_file", "staff.receipts.import_bank_file"
        )
    result = with_rows(parse_bank_file(file.text))
    rows, hidden = shown_rows(result.rows)
    known = already_known(result.payments)
    return render(
        "staff/receipts/preview_bank_file.html", "bank_preview", result=result, rows=rows,
        hidden=hidden, known=known, file=file, form=ConfirmImportForm(ref=file.ref),
    )  # fmt: skip


@bp.post("/comprobantes/importar/confirmar")
@roles_required(*DESK)
def confirm_bank_file():
    form = ConfirmImportForm()
    ref = (form.ref.data or "") if form.validate_on_submit() else ""
    file = staged(ref, "bank")
    if file is None:
        return gone(
            ref, "bank", "staff.receipts.import_bank_file", "staff.receipts.import_bank_file"
        )
    result = with_rows(parse_bank_file(file.text))
    if not result.ok:
        flash("El archivo tiene errores: no se importó nada. Pida al banco el archivo corregido.")
        return redirect_to("staff.receipts.preview_bank_file", ref=file.ref)
    with write_transaction():
        first = claim(file)
        if first:
            new = BankPayment.add(result.payments, batch_name(file), utc_now())
            message = f"{new} pagos nuevos, {len(result.payments) - new} ya estaban"
            audit.record("pagos_importados", subject=file.filename, detail=message)
    discard(file)
    flash(f"Importamos el archivo del banco: {message}." if first
          else "Ese archivo ya se importó; no se agregó nada.")  # fmt: skip
    return redirect_to("staff.receipts.import_bank_file")


def already_known(payments) -> int:
    """How many of the file's payments an earlier import already brought."""
    keys = {(p.sequence, p.paid_at.date()) for p in payments}
    sequences = sorted({sequence for sequence, _ in keys})
    found = 0
    for start in range(0, len(sequences), 500):
        rows = BankPayment.select(BankPayment.sequence, BankPayment.paid_on).where(
            BankPayment.sequence.in_(sequences[start : start + 500])
        )
        found += sum((sequence, day) in keys for sequence, day in rows.tuples())
    return found


def batch_name(file: Staged) -> str:
    return f"{file.filename[:80]} {file.name[:12]}"


# --- register and use a receipt ---------------------------------------------------------


@bp.route("/comprobantes/registrar", methods=["GET", "POST"])
@roles_required(*DESK)
def register_receipt():
    """GET ?concepto=07900&monto=55.00 (a calculator's result) fills in what the act asks for."""
    form = ReceiptForm(expected_code=request.args.get("concepto", ""),
                       expected_amount=request.args.get("monto", ""))  # fmt: skip
    verdict = None
    if form.validate_on_submit():
        payment = BankPayment.find(form.sequence.data, form.paid_on.data)
        verdict = _verdict(form, payment)
        if verdict.ok:
            try:
                return redirect_to(
                    "staff.receipts.show_receipt_use", use_id=_use(payment, form, verdict)
                )
            except AlreadyUsed:  # another request used it between our check and our write
                verdict = replace(verdict, problems=(JUST_USED,))
        # A second tap of the same registration finds it done: show it, do not refuse it.
        if payment is not None and (earlier := _same_registration(payment, form)):
            flash("Este comprobante ya quedó registrado para este acto; no se registró otra vez.")
            return redirect_to("staff.receipts.show_receipt_use", use_id=earlier.id)
    return render(
        "staff/receipts/register_receipt.html", "receipt_form", form=form, verdict=verdict
    )


def _verdict(form: ReceiptForm, payment):
    claim = ReceiptClaim(form.sequence.data.strip(), form.paid_on.data, form.amount.value,
                         form.payer_document.data)  # fmt: skip
    return validate_receipt(
        claim, payment, FeeYear.schedules(), court_now().date(),
        already_used=payment is not None and ReceiptUse.is_used(payment),
        expected_code=form.expected_code.data or None,
        expected_amount=form.expected_amount.value, accept_typo=form.accept_typo.data,
    )  # fmt: skip


def _use(payment, form: ReceiptForm, verdict) -> int:
    """Mark the receipt used and audit it in one transaction; raises AlreadyUsed."""
    with write_transaction():
        use = ReceiptUse.use(
            payment, " ".join(form.used_for.data.split()), utc_now(),
            concept_code=form.expected_code.data or payment.concept_code,
            expected_amount=form.expected_amount.value, registered_by=current_user.id,
            typo_accepted_by=current_user.id if verdict.typo else None,
        )  # fmt: skip
        typo = " · error de digitación aceptado (art. 37 b)" if verdict.typo else ""
        audit.record(
            "comprobante_usado", subject=payment_label(payment), detail=use.used_for + typo
        )
    return use.id


def _same_registration(payment, form: ReceiptForm):
    """This clerk's use of this receipt for this same act: a second tap of one registration."""
    return ReceiptUse.get_or_none(
        ReceiptUse.payment == payment,
        ReceiptUse.registered_by == current_user.id,
        ReceiptUse.used_for == " ".join(form.used_for.data.split()),
    )


@bp.route("/comprobantes/usos/<int:use_id>")
@roles_required(*DESK)
def show_receipt_use(use_id):
    use = ReceiptUse.get_or_none(ReceiptUse.id == use_id) or abort(404)
    payment = use.payment
    short = (use.expected_amount or Decimal(0)) - payment.amount
    people = {u.id: u for u in User.select().where(User.id.in_(
        [use.registered_by_id, use.typo_accepted_by_id]))}  # fmt: skip
    return render(
        "staff/receipts/show_receipt_use.html", "receipt_use", use=use, payment=payment,
        people=people,
        used_at=stamp(local_now(Court.current().timezone, use.used_at)),
        valid_until=valid_until(payment.paid_on), short=short if short > 0 else None,
        floor=money(REINTEGRO_FLOOR),
    )  # fmt: skip
