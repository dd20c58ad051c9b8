"""Payment receipts: habilitación and devolución (arts. 36-39), assessed, audited, recorded."""

from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from decimal import Decimal

import peewee

from db import write_transaction
from domain.fees import (
    UIT_BY_YEAR,
    Eligibility,
    HabilitationRequest,
    Receipt,
    Refund,
    habilitation,
    money,
    refund,
    urp_of,
)
from models import BankPayment, Closure, Court, FeeYear, ReceiptHabilitation, ReceiptUse
from services import audit
from services.actor import Actor
from services.receipts import payment_label

ONCE = "Ya fue habilitado una vez; solo queda pedir la devolución (art. 36 g)."


class UnknownPayment(LookupError):
    """No imported bank payment has that sequence and date."""


class HabilitationRefused(Exception):
    """The receipt cannot be habilitated; `answer` says why (its problems) and what was checked."""

    def __init__(self, answer: Eligibility):
        super().__init__("; ".join(answer.problems))
        self.answer = answer


def find_payment(sequence: str, paid_on: date) -> BankPayment:
    """The bank's payment a receipt stands for; UnknownPayment says what to check."""
    payment = BankPayment.find(sequence, paid_on)
    if payment is None:
        raise UnknownPayment(
            "No hay un pago con esa secuencia y fecha en los pagos importados del banco. "
            "Revise los datos o importe el archivo del banco"
        )
    return payment


# --- habilitación -----------------------------------------------------------------------


def assess_habilitation(
    payment, clause: str, *, same_district: bool, actor: Actor, now: datetime, **details
) -> Eligibility:
    """Whether art. 37 `clause` habilitates the receipt, and its deadline and amounts (audited).

    `details`: the optional answers of domain.fees.HabilitationRequest (target_amount,
    returned_on, supporting_document, sealed_on, certified_on, bank_certificate).
    """
    answer = _eligibility(payment, clause, same_district, now, details)
    with write_transaction():
        _audit_assessment(actor, now, payment, answer)
    return answer


def habilitate_receipt(
    payment, clause: str, *, same_district: bool, actor: Actor, now: datetime, **details
) -> str:
    """Record the habilitación (once per receipt) and return its note; HabilitationRefused,
    with the assessment audited, when the receipt does not qualify or was habilitated before."""
    answer = _eligibility(payment, clause, same_district, now, details)
    if answer.eligible:
        note = f"{answer.citation}: {money(answer.amount)}, plazo {answer.deadline:%d/%m/%Y}"
        if answer.to_pay:
            note += f", reintegro {money(answer.to_pay)}"
        try:
            with write_transaction():
                ReceiptHabilitation.create(
                    payment=payment,
                    clause=clause,
                    decided_at=now,
                    decided_by=actor.user,
                    district=Court.current().name,
                    note=note,
                )
                audit.log(
                    actor,
                    "comprobante_habilitado",
                    now,
                    subject=payment_label(payment),
                    detail=note,
                )
            return note
        except peewee.IntegrityError:  # the payment is UNIQUE: habilitated before
            answer = replace(answer, problems=(ONCE,))
    with write_transaction():
        _audit_assessment(actor, now, payment, answer)
    raise HabilitationRefused(answer)


def _audit_assessment(actor, now, payment, answer) -> None:
    verdict = "procede" if answer.eligible else "; ".join(answer.problems)
    audit.log(
        actor,
        "habilitacion_evaluada",
        now,
        subject=payment_label(payment),
        detail=f"{answer.citation}: {verdict}",
    )


def _receipt(payment, court) -> Receipt:
    return Receipt(
        payment.sequence,
        payment.paid_on,
        payment.amount,
        payment.concept_code,
        payment.payer_document,
        court.name,
        used=ReceiptUse.is_used(payment),
        habilitated=ReceiptHabilitation.select()
        .where(ReceiptHabilitation.payment == payment)
        .exists(),
    )


def _eligibility(payment, clause: str, same_district: bool, now, details: dict) -> Eligibility:
    court = Court.current()
    receipt = _receipt(payment, court)
    today = court.local_time(now).date()
    district = court.name if same_district else "otro distrito"
    request = HabilitationRequest(clause, today, district, **details)
    holidays = {
        day
        for (day,) in Closure.select(Closure.day)
        .where(
            Closure.kind == "feriado", Closure.day.between(receipt.paid_on, today + timedelta(400))
        )
        .tuples()
    }
    return habilitation(receipt, request, _urp(receipt.paid_on.year), holidays)


def _urp(year: int) -> Decimal:
    schedule = FeeYear.schedules().get(year)
    if schedule:
        return schedule.urp
    return urp_of(UIT_BY_YEAR.get(year, max(UIT_BY_YEAR.values())))


# --- devolución -------------------------------------------------------------------------


@dataclass(frozen=True)
class RefundAssessment:
    answer: Refund
    used: bool  # the receipt was used for an act


def assess_refund(
    payment, *, court_order: bool, demand_improcedente: bool, actor: Actor, now: datetime
) -> RefundAssessment:
    """Whether the payment can be returned, and how much (audited)."""
    receipt = _receipt(payment, Court.current())
    answer = refund(receipt, court_order=court_order, demand_improcedente=demand_improcedente)
    detail = (
        f"{answer.citation}: neto {money(answer.net)}"
        if answer.eligible
        else "; ".join(answer.problems)
    )
    with write_transaction():
        audit.log(actor, "devolucion_evaluada", now, subject=payment_label(payment), detail=detail)
    return RefundAssessment(answer, receipt.used)
