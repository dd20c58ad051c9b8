"""Habilitación and devolución of receipts (arts. 36-39): eligibility, clause and deadline.

Pure rules for the clerk tool. Deadlines in days are business days (TUO LPAG art. 145, the
Reglamento's base normativa art. 3.4): the caller passes the court's holidays.
"""

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from domain.fees.catalogue import CODES, NOTIFICATION
from domain.fees.receipts import digits_apart, reintegro_due, valid_until
from domain.fees.schedule import CENT, FeeError, money, payment_code

USED_TERM_DAYS = 30  # art. 38 b: business days from the delivery of a used receipt
SEAL_ERROR_DAYS = 5  # art. 37 d: the constancia within five days of the wrong seal
FEE_THRESHOLD = Decimal("0.05")  # art. 36 c: habilitation fee above 5 % of the URP
COMMISSION = Decimal("0.02")  # art. 39: retained for the Banco de la Nación


class UnknownClause(FeeError):
    """No clause of art. 37 has that letter."""


def add_business_days(start: date, days: int, holidays: Collection[date] = ()) -> date:
    """The `days`-th working day after `start` (weekends and holidays skipped)."""
    day = start
    while days:
        day += timedelta(days=1)
        if day.weekday() < 5 and day not in holidays:
            days -= 1
    return day


@dataclass(frozen=True)
class Clause:
    """A case of art. 37 in which a receipt can be habilitated."""

    title: str
    requires: tuple[str, ...] = ()
    codes: frozenset[str] | None = None  # payment codes the clause is limited to
    used: bool | None = None  # True / False: only used / unused receipts
    share: Decimal = Decimal(1)  # part of the amount that is habilitated
    note: str = ""


CLAUSES = {
    "a": Clause(
        "Comprobante no utilizado", ("Comprobante original sin sellos de recepción",), used=False
    ),
    "b": Clause(
        "Error de digitación en el DNI o RUC (hasta dos dígitos)",
        ("Documento de identidad que sustenta el número correcto",),
    ),
    "c": Clause(
        "Medida cautelar denegada y no impugnada",
        ("Resolución judicial", "Acta o constancia de entrega del comprobante"),
        codes=frozenset({"08222"}),
        used=True,
        share=Decimal("0.5"),
    ),
    "d": Clause(
        "Sello de recepción puesto por error", ("Constancia del responsable del área receptora",)
    ),
    "e": Clause(
        "Exhorto no realizado",
        ("Copia simple de la resolución que rechaza o deniega el exhorto",),
        codes=frozenset({"08214"}),
        used=True,
    ),
    "f": Clause(
        "Remate judicial suspendido o declarado nulo",
        ("Resolución judicial o constancia",),
        used=True,
        note="No hace falta habilitarlo para participar en una nueva convocatoria del "
        "mismo proceso (art. 37 f).",
    ),
    "g": Clause(
        "Cambio de concepto",
        note="Si el nuevo concepto cuesta más, la diferencia se paga como reintegro.",
    ),
    "h": Clause("Comprobante perdido o extraviado", ("Certificación bancaria del pago",)),
    "i": Clause(
        "Orden judicial", ("Copia de la resolución que dispone la habilitación",), used=True
    ),
    "j": Clause(
        "Cambio de tipo de órgano o especialidad",
        ("Resolución judicial o copia del Servicio Web de Consulta de Expedientes",),
    ),
}


@dataclass(frozen=True)
class Receipt:
    """A receipt as the court knows it."""

    sequence: str
    paid_on: date
    amount: Decimal
    concept_code: str
    payer_document: str
    district: str  # distrito judicial (Corte Superior) it was paid for
    used: bool = False
    habilitated: bool = False


@dataclass(frozen=True)
class HabilitationRequest:
    """What the person asks at the counter, and the dates and papers they bring."""

    clause: str  # a letter of art. 37
    today: date
    district: str  # where the receipt is to be used
    target_amount: Decimal | None = None  # price of the new concept, when it changes
    returned_on: date | None = None  # delivery of the receipt, or notice of the resolution
    supporting_document: str = ""  # art. 37 b
    sealed_on: date | None = None  # art. 37 d
    certified_on: date | None = None  # art. 37 d
    bank_certificate: bool = False  # art. 37 h


@dataclass(frozen=True)
class Eligibility:
    """The clerk's answer: eligible or not, why, by which clause, until when, for how much."""

    citation: str
    problems: tuple[str, ...]
    deadline: date | None
    amount: Decimal  # what is habilitated
    to_pay: Decimal  # reintegro when the new concept costs more (0 up to S/ 1.40)
    fee_required: bool  # the habilitation fee of art. 36 c
    requires: tuple[str, ...]
    notes: tuple[str, ...]

    @property
    def eligible(self) -> bool:
        return not self.problems


def _clause_problems(clause: Clause, letter: str, receipt: Receipt, request, holidays) -> list[str]:
    problems = []
    if clause.codes and payment_code(receipt.concept_code) not in clause.codes:
        problems.append(
            f"La causal del art. 37 {letter} no es para el código {receipt.concept_code}."
        )
    if clause.used is not None and clause.used != receipt.used:
        state = "utilizados" if clause.used else "no utilizados"
        problems.append(f"La causal del art. 37 {letter} es solo para comprobantes {state}.")
    if letter == "b" and digits_apart(receipt.payer_document, request.supporting_document) not in (
        1,
        2,
    ):
        problems.append(
            "El documento debe diferir del comprobante en uno o dos dígitos (art. 37 b)."
        )
    if letter == "d" and not _seal_error_in_time(request, holidays):
        problems.append(
            "La constancia del sello puesto por error debe ser de los 5 días "
            "siguientes al sello (art. 37 d)."
        )
    if letter == "h" and not request.bank_certificate:
        problems.append("Hace falta la certificación bancaria del pago (art. 37 h).")
    return problems


def _seal_error_in_time(request: HabilitationRequest, holidays) -> bool:
    if request.sealed_on is None or request.certified_on is None:
        return False
    return request.certified_on <= add_business_days(request.sealed_on, SEAL_ERROR_DAYS, holidays)


def _deadline(receipt: Receipt, request, holidays) -> tuple[date | None, str | None]:
    """The art. 38 deadline, or the problem that keeps it from being known."""
    if not receipt.used:
        return valid_until(receipt.paid_on), None  # art. 38 a
    start = request.returned_on or request.certified_on  # 37 d: the constancia gives it back
    if start is None:
        return None, "Indique la fecha de entrega del comprobante o de la notificación (art. 38 b)."
    return add_business_days(start, USED_TERM_DAYS, holidays), None


def _article_36_problems(receipt: Receipt, request: HabilitationRequest) -> list[str]:
    problems = []
    if receipt.habilitated:
        problems.append("Ya fue habilitado una vez; solo queda pedir la devolución (art. 36 g).")
    if request.district != receipt.district:
        problems.append(
            "No procede habilitar un comprobante para otro distrito judicial (art. 36 f)."
        )
    return problems


def _amount_problems(amount: Decimal, target: Decimal | None) -> list[str]:
    if target is not None and target < amount:
        return [f"No procede habilitar a un monto menor que {money(amount)} (art. 37 g)."]
    return []


def habilitation(
    receipt: Receipt, request: HabilitationRequest, urp: Decimal, holidays: Collection[date] = ()
) -> Eligibility:
    """Whether `receipt` can be habilitated as asked, by which clause and until when."""
    if request.clause not in CLAUSES:
        raise UnknownClause(f"El art. 37 no tiene el literal «{request.clause}».")
    clause = CLAUSES[request.clause]
    amount = (receipt.amount * clause.share).quantize(CENT, ROUND_HALF_UP)
    problems = _article_36_problems(receipt, request)
    problems += _clause_problems(clause, request.clause, receipt, request, holidays)
    problems += _amount_problems(amount, request.target_amount)
    deadline, problem = _deadline(receipt, request, holidays)
    if problem:
        problems.append(problem)
    elif request.today > deadline:
        problems.append(f"El plazo para pedirla venció el {deadline:%d/%m/%Y} (art. 38).")
    target = request.target_amount
    return Eligibility(
        citation=f"art. 37 {request.clause}",
        problems=tuple(problems),
        deadline=deadline,
        amount=amount,
        to_pay=Decimal(0) if target is None else reintegro_due(amount, target),
        fee_required=habilitation_fee_required(receipt, urp),
        requires=clause.requires,
        notes=tuple(note for note in (clause.note,) if note),
    )


def habilitation_fee_required(receipt: Receipt, urp: Decimal) -> bool:
    """Art. 36 c and note 14: aranceles above 5 % of the URP; never derechos de notificación."""
    code = CODES.get(receipt.concept_code) or CODES.get(payment_code(receipt.concept_code))
    if code is not None and code.kind == NOTIFICATION:
        return False
    return receipt.amount > urp * FEE_THRESHOLD


@dataclass(frozen=True)
class Refund:
    """The answer to a devolución request: clause, amounts and what stands in the way."""

    citation: str
    problems: tuple[str, ...]
    amount: Decimal
    commission: Decimal
    net: Decimal

    @property
    def eligible(self) -> bool:
        return not self.problems


def refund(receipt: Receipt, *, court_order: bool, demand_improcedente: bool = False) -> Refund:
    """Devolución of a whole receipt, net of the bank's 2 % (art. 39; disposiciones 1 y 2)."""
    problems = []
    if not court_order:
        problems.append("La devolución necesita un mandato judicial que la autorice (art. 39).")
    if demand_improcedente and payment_code(receipt.concept_code) == "07900":
        problems.append(
            "La improcedencia de la demanda no da lugar a devolver el arancel por ofrecimiento "
            "de pruebas: el servicio se prestó (primera disposición complementaria)."
        )
    commission = (receipt.amount * COMMISSION).quantize(CENT, ROUND_HALF_UP)
    return Refund(
        citation="art. 39 a" if receipt.used else "art. 39 b",
        problems=tuple(problems),
        amount=receipt.amount,
        commission=commission,
        net=receipt.amount - commission,
    )
