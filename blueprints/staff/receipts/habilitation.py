"""Payment receipts: habilitación and devolución (arts. 36-39), checked and recorded."""

from dataclasses import replace
from datetime import timedelta
from decimal import Decimal

import peewee
from flask import flash
from flask_login import current_user

from blueprints.htmx import redirect_to, render
from blueprints.staff.access import roles_required
from blueprints.staff.receipts import bp
from blueprints.staff.receipts.forms import CLAUSE_HINTS, CLAUSES, HabilitationForm, RefundForm
from blueprints.staff.receipts.views import payment_label
from db import write_transaction
from domain.fees import (
    UIT_BY_YEAR,
    HabilitationRequest,
    Receipt,
    habilitation,
    money,
    refund,
    urp_of,
)
from domain.roles import DESK
from models import BankPayment, Closure, Court, FeeYear, ReceiptHabilitation, ReceiptUse
from services import audit
from services.clock import utc_now

# --- habilitación -----------------------------------------------------------------------


@bp.route("/comprobantes/habilitacion", methods=["GET", "POST"])
@roles_required(*DESK)
def habilitate_receipt():
    court, form, answer = Court.current(), HabilitationForm(), None
    if form.validate_on_submit() and (payment := _payment_or_error(form)):
        answer = _eligibility(payment, form, court)
        if form.action.data == "registrar" and answer.eligible:
            if _record_habilitation(payment, form, answer):
                return redirect_to("staff.receipts.habilitate_receipt")
            answer = replace(answer, problems=("Ya fue habilitado una vez; solo queda pedir "
                                               "la devolución (art. 36 g).",))  # fmt: skip
        audit.record("habilitacion_evaluada", subject=payment_label(payment),
                     detail=f"{answer.citation}: " + ("procede" if answer.eligible
                                                      else "; ".join(answer.problems)))  # fmt: skip
    return render("staff/receipts/habilitate_receipt.html", "habilitation", form=form,
                  answer=answer, court=court, clauses=CLAUSES, clause_hints=CLAUSE_HINTS,
                  target=form.target_amount.value)  # fmt: skip


def _payment_or_error(form):
    payment = BankPayment.find(form.sequence.data, form.paid_on.data)
    if payment is None:
        form.sequence.errors.append(
            "No hay un pago con esa secuencia y fecha en los pagos importados del banco. "
            "Revise los datos o importe el archivo del banco"
        )
    return payment


def _receipt(payment, court) -> Receipt:
    return Receipt(
        payment.sequence, payment.paid_on, payment.amount, payment.concept_code,
        payment.payer_document, court.name, used=ReceiptUse.is_used(payment),
        habilitated=ReceiptHabilitation.select().where(
            ReceiptHabilitation.payment == payment).exists(),
    )  # fmt: skip


def _eligibility(payment, form: HabilitationForm, court):
    receipt = _receipt(payment, court)
    today = court.local_time(utc_now()).date()
    request = HabilitationRequest(
        form.clause.data, today, court.name if form.district.data == "este" else "otro distrito",
        target_amount=form.target_amount.value, returned_on=form.returned_on.data,
        supporting_document=form.supporting_document.data or "",
        sealed_on=form.sealed_on.data, certified_on=form.certified_on.data,
        bank_certificate=form.bank_certificate.data,
    )  # fmt: skip
    holidays = {
        day for (day,) in Closure.select(Closure.day).where(
            Closure.kind == "feriado", Closure.day.between(receipt.paid_on, today + timedelta(400))
        ).tuples()
    }  # fmt: skip
    return habilitation(receipt, request, _urp(receipt.paid_on.year), holidays)


def _urp(year: int) -> Decimal:
    schedule = FeeYear.schedules().get(year)
    if schedule:
        return schedule.urp
    return urp_of(UIT_BY_YEAR.get(year, max(UIT_BY_YEAR.values())))


def _record_habilitation(payment, form, answer) -> bool:
    """Record it once (the payment is UNIQUE); False when it was habilitated before."""
    note = f"{answer.citation}: {money(answer.amount)}, plazo {answer.deadline:%d/%m/%Y}"
    if answer.to_pay:
        note += f", reintegro {money(answer.to_pay)}"
    try:
        with write_transaction():
            ReceiptHabilitation.create(
                payment=payment, clause=form.clause.data, decided_at=utc_now(),
                decided_by=current_user.id, district=Court.current().name, note=note,
            )  # fmt: skip
            audit.record("comprobante_habilitado", subject=payment_label(payment), detail=note)
    except peewee.IntegrityError:
        return False
    flash(f"Habilitación registrada para el comprobante {payment_label(payment)}: {note}.")
    return True


# --- devolución -------------------------------------------------------------------------


@bp.route("/comprobantes/devolucion", methods=["GET", "POST"])
@roles_required(*DESK)
def refund_receipt():
    form, answer, receipt = RefundForm(), None, None
    if form.validate_on_submit() and (payment := _payment_or_error(form)):
        receipt = _receipt(payment, Court.current())
        answer = refund(receipt, court_order=form.court_order.data,
                        demand_improcedente=form.demand_improcedente.data)  # fmt: skip
        audit.record("devolucion_evaluada", subject=payment_label(payment),
                     detail=f"{answer.citation}: neto {money(answer.net)}" if answer.eligible
                     else "; ".join(answer.problems))  # fmt: skip
    return render("staff/receipts/refund_receipt.html", "refund", form=form, answer=answer,
                  used=receipt is not None and receipt.used)  # fmt: skip
