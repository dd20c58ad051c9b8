"""Payment receipts: the bank's file, and registering a receipt once.

Habilitación and devolución are in habilitation.py.
"""

from decimal import Decimal

import segno
from flask import abort, flash, request
from markupsafe import Markup

from blueprints.actor import current_actor
from blueprints.htmx import redirect_to, render
from blueprints.staff.access import roles_required
from blueprints.staff.receipts import bp
from blueprints.staff.receipts.forms import ReceiptForm
from blueprints.staff.staged_csv import (
    ConfirmImportForm,
    CsvUploadForm,
    NotCsv,
    discard,
    gone,
    shown_rows,
    stage,
    staged,
    with_rows,
)
from domain.clock import local_now, stamp
from domain.fees import BANK_COLUMNS, ReceiptClaim, money, parse_bank_file, valid_until
from domain.fees.receipts import REINTEGRO_FLOOR
from domain.roles import DESK
from models import BankPayment, Court, ReceiptUse, User
from services import receipts
from services.clock import utc_now
from services.notify import public_url
from services.receipts import AlreadyImported, NotImported, ReceiptRefused, ReceiptRequest

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
        "staff/receipts/preview_bank_file.html",
        "bank_preview",
        result=result,
        rows=rows,
        hidden=hidden,
        known=known,
        file=file,
        form=ConfirmImportForm(ref=file.ref),
    )


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
    try:
        done = receipts.import_bank_file(
            file.text, file.filename, actor=current_actor(), now=utc_now(), staged_as=file.name
        )
    except NotImported as refusal:
        flash(str(refusal))
        return redirect_to("staff.receipts.preview_bank_file", ref=file.ref)
    except AlreadyImported as refusal:
        flash(str(refusal))
    else:
        flash(f"Importamos el archivo del banco: {done.summary}.")
    discard(file)
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


# --- register and use a receipt ---------------------------------------------------------


@bp.route("/comprobantes/registrar", methods=["GET", "POST"])
@roles_required(*DESK)
def register_receipt():
    """GET ?concepto=07900&monto=55.00 (a calculator's result) fills in what the act asks for."""
    form = ReceiptForm(
        expected_code=request.args.get("concepto", ""),
        expected_amount=request.args.get("monto", ""),
    )
    verdict = None
    if form.validate_on_submit():
        try:
            done = receipts.register_receipt(
                _receipt_request(form), actor=current_actor(), now=utc_now()
            )
        except ReceiptRefused as refusal:
            verdict = refusal.verdict
        else:
            if done.again:
                flash(
                    "Este comprobante ya quedó registrado para este acto; no se registró otra vez."
                )
            return redirect_to("staff.receipts.show_receipt_use", use_id=done.use.id)
    return render(
        "staff/receipts/register_receipt.html", "receipt_form", form=form, verdict=verdict
    )


def _receipt_request(form: ReceiptForm) -> ReceiptRequest:
    claim = ReceiptClaim(
        form.sequence.data.strip(), form.paid_on.data, form.amount.value, form.payer_document.data
    )
    return ReceiptRequest(
        claim,
        form.used_for.data,
        expected_code=form.expected_code.data or None,
        expected_amount=form.expected_amount.value,
        accept_typo=form.accept_typo.data,
    )


@bp.route("/comprobantes/usos/<int:use_id>")
@roles_required(*DESK)
def show_receipt_use(use_id):
    use = ReceiptUse.get_or_none(ReceiptUse.id == use_id) or abort(404)
    payment = use.payment
    short = (use.expected_amount or Decimal(0)) - payment.amount
    people = {
        u.id: u
        for u in User.select().where(User.id.in_([use.registered_by_id, use.typo_accepted_by_id]))
    }
    return render(
        "staff/receipts/show_receipt_use.html",
        "receipt_use",
        use=use,
        payment=payment,
        people=people,
        used_at=stamp(local_now(Court.current().timezone, use.used_at)),
        valid_until=valid_until(payment.paid_on),
        short=short if short > 0 else None,
        floor=money(REINTEGRO_FLOOR),
        qr=_verification_qr(use),
    )


def _verification_qr(use) -> Markup | None:
    """The QR code of the receipt's public verification page, to print and staple to it."""
    if not use.verification_code:
        return None
    link = public_url("consultas.show_document", kind="comprobante", code=use.verification_code)
    title = f"Código QR para verificar el comprobante {use.verification_code}"
    return Markup(segno.make_qr(link, error="m").svg_inline(scale=4, omitsize=True, title=title))
