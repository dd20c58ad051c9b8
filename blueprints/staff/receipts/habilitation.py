"""Payment receipts: habilitación and devolución (arts. 36-39), checked and recorded."""

from flask import flash

from blueprints.actor import current_actor
from blueprints.htmx import redirect_to, render
from blueprints.staff.access import roles_required
from blueprints.staff.receipts import bp
from blueprints.staff.receipts.forms import CLAUSE_HINTS, CLAUSES, HabilitationForm, RefundForm
from domain.roles import DESK
from models import Court
from services import habilitation
from services.clock import utc_now
from services.habilitation import HabilitationRefused, UnknownPayment
from services.receipts import payment_label

# --- habilitación -----------------------------------------------------------------------


@bp.route("/comprobantes/habilitacion", methods=["GET", "POST"])
@roles_required(*DESK)
def habilitate_receipt():
    court, form, answer = Court.current(), HabilitationForm(), None
    if form.validate_on_submit() and (payment := _payment_or_error(form)):
        asked = {
            "same_district": form.district.data == "este",
            "actor": current_actor(),
            "now": utc_now(),
            **_details(form),
        }
        if form.action.data != "registrar":
            answer = habilitation.assess_habilitation(payment, form.clause.data, **asked)
        else:
            try:
                note = habilitation.habilitate_receipt(payment, form.clause.data, **asked)
            except HabilitationRefused as refusal:
                answer = refusal.answer
            else:
                flash(
                    f"Habilitación registrada para el comprobante {payment_label(payment)}: {note}."
                )
                return redirect_to("staff.receipts.habilitate_receipt")
    return render(
        "staff/receipts/habilitate_receipt.html",
        "habilitation",
        form=form,
        answer=answer,
        court=court,
        clauses=CLAUSES,
        clause_hints=CLAUSE_HINTS,
        target=form.target_amount.value,
    )


def _payment_or_error(form):
    try:
        return habilitation.find_payment(form.sequence.data, form.paid_on.data)
    except UnknownPayment as refusal:
        form.sequence.errors.append(str(refusal))
        return None


def _details(form: HabilitationForm) -> dict:
    return {
        "target_amount": form.target_amount.value,
        "returned_on": form.returned_on.data,
        "supporting_document": form.supporting_document.data or "",
        "sealed_on": form.sealed_on.data,
        "certified_on": form.certified_on.data,
        "bank_certificate": form.bank_certificate.data,
    }


# --- devolución -------------------------------------------------------------------------


@bp.route("/comprobantes/devolucion", methods=["GET", "POST"])
@roles_required(*DESK)
def refund_receipt():
    form, assessed = RefundForm(), None
    if form.validate_on_submit() and (payment := _payment_or_error(form)):
        assessed = habilitation.assess_refund(
            payment,
            court_order=form.court_order.data,
            demand_improcedente=form.demand_improcedente.data,
            actor=current_actor(),
            now=utc_now(),
        )
    return render(
        "staff/receipts/refund_receipt.html",
        "refund",
        form=form,
        answer=assessed and assessed.answer,
        used=assessed is not None and assessed.used,
    )
