"""Payment receipts (comprobantes de pago): validity, reintegros and validation against the bank.

Pure rules: the caller looks the bank record up (by sequence and date, art. 14.1.1) and says
whether the receipt was used before; marking it used, atomically, is the database's job.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal

from domain.fees.catalogue import ACTS
from domain.fees.rules import REDUCTIONS
from domain.fees.schedule import Schedule, money, payment_code
from domain.identity import normalize
from domain.words import count

REINTEGRO_FLOOR = Decimal("1.40")  # art. 17 b: reintegros of S/ 1.40 or less are not asked for
TYPO_DIGITS = 2  # art. 37 b: a document number wrong in up to two digits


def valid_until(paid_on: date) -> date:
    """Last day a receipt paid on `paid_on` can be used: one calendar year (art. 16)."""
    # A term in years ends on the same day of the next year (Código Civil art. 183), and on
    # 28 February for a payment made on 29 February.
    try:
        return paid_on.replace(year=paid_on.year + 1)
    except ValueError:
        return date(paid_on.year + 1, 2, 28)


def is_in_force(paid_on: date, today: date) -> bool:
    return paid_on <= today <= valid_until(paid_on)


def reintegro_due(paid: Decimal, required: Decimal) -> Decimal:
    """What is still to pay when `paid` falls short of `required` (art. 17); 0 up to S/ 1.40."""
    missing = required - paid
    return missing if missing > REINTEGRO_FLOOR else Decimal(0)


def digits_apart(first: str, second: str) -> int | None:
    """How many digits two document numbers differ in; None when their lengths differ."""
    a, b = normalize(first), normalize(second)
    if len(a) != len(b):
        return None
    return sum(x != y for x, y in zip(a, b, strict=True))


RATE_CODES = frozenset(act.code for act in ACTS.values() if act.rate is not None)


def amount_fits(schedule: Schedule, code: str, amount: Decimal) -> bool:
    """Whether `amount` is a price of `code` in the year's table, whole or reduced."""
    if payment_code(code) in RATE_CODES:
        return amount > 0
    concepts = [c for c in schedule.concepts if payment_code(c.code) == payment_code(code)]
    for concept in concepts:
        for tier in concept.tiers:
            full = tier.figure.amount
            prices = {full, *(schedule.rounding.apply(full * share) for share in REDUCTIONS)}
            if concept.unit:
                if any(price and amount > 0 and amount % price == 0 for price in prices):
                    return True
            elif amount in prices:
                return True
    return False


@dataclass(frozen=True)
class BankPayment:
    """One line of the bank's payment file."""

    sequence: str
    paid_at: datetime
    amount: Decimal
    concept_code: str
    payer_document: str
    case_number: str = ""
    court: str = ""


@dataclass(frozen=True)
class ReceiptClaim:
    """What a filer or clerk types in to register a receipt."""

    sequence: str
    paid_on: date
    amount: Decimal
    payer_document: str
    paid_time: time | None = None  # the hour and minute printed on it (art. 14.2.1)


@dataclass(frozen=True)
class ReceiptVerdict:
    """Whether a receipt may be used, and every reason why not."""

    problems: tuple[str, ...]
    valid_until: date | None = None
    typo: bool = False  # the payer document differs in up to two digits (art. 37 b)
    reintegro: Decimal = Decimal(0)

    @property
    def ok(self) -> bool:
        return not self.problems


def same_minute(typed: time, paid: time) -> bool:
    """The receipt prints hours and minutes; the bank's file may add seconds."""
    return (typed.hour, typed.minute) == (paid.hour, paid.minute)


def _document_problem(claim: ReceiptClaim, payment: BankPayment, accept_typo: bool):
    """(problem or None, typo) for the payer document of the receipt."""
    apart = digits_apart(claim.payer_document, payment.payer_document)
    if apart == 0:
        return None, False
    if apart is not None and apart <= TYPO_DIGITS:
        if accept_typo:
            return None, True
        return (
            f"El documento del pagador difiere en {count(apart, 'dígito')}. Si es un error de "
            "digitación, el personal de mesa de partes puede aceptarlo (art. 37 b).",
            True,
        )
    return "El documento del pagador no coincide con el del pago del banco.", False


def _amount_problems(claim, payment, schedules, expected_code) -> list[str]:
    problems = []
    if claim.amount != payment.amount:
        problems.append(f"El banco registra {money(payment.amount)}, no {money(claim.amount)}.")
    year = payment.paid_at.year
    if year not in schedules:
        return [*problems, f"No hay Cuadro de Valores de {year} para comprobar el monto."]
    if not amount_fits(schedules[year], payment.concept_code, payment.amount):
        problems.append(
            f"El monto {money(payment.amount)} no corresponde al concepto "
            f"{payment.concept_code} en el Cuadro de Valores {year}."
        )
    if expected_code and payment_code(expected_code) != payment_code(payment.concept_code):
        problems.append(
            f"El comprobante es del concepto {payment.concept_code} y este acto pide el "
            f"{payment_code(expected_code)}; puede pedir su habilitación (art. 37 g)."
        )
    return problems


def validate_receipt(
    claim: ReceiptClaim,
    payment: BankPayment | None,
    schedules: Mapping[int, Schedule],
    today: date,
    *,
    already_used: bool,
    expected_code: str | None = None,
    expected_amount: Decimal | None = None,
    accept_typo: bool = False,
) -> ReceiptVerdict:
    """Check a registered receipt against the bank's record of it (arts. 14-17, 37 b)."""
    if payment is None:
        return ReceiptVerdict(
            ("No hay un pago con esa secuencia y fecha en los pagos importados del banco.",)
        )
    problems = _amount_problems(claim, payment, schedules, expected_code)
    if claim.paid_time is not None and not same_minute(claim.paid_time, payment.paid_at.time()):
        problems.append("La hora no coincide con la del pago que registra el banco.")
    until = valid_until(payment.paid_at.date())
    if today > until:
        problems.append(f"El comprobante venció el {until:%d/%m/%Y}: vale un año (art. 16).")
    document_problem, typo = _document_problem(claim, payment, accept_typo)
    if document_problem:
        problems.append(document_problem)
    if already_used:
        problems.append("Este comprobante ya fue usado en otro escrito (art. 4.3).")
    due = Decimal(0) if expected_amount is None else reintegro_due(payment.amount, expected_amount)
    if due:
        problems.append(f"Falta pagar un reintegro de {money(due)} (art. 17 a).")
    return ReceiptVerdict(tuple(problems), until, typo, due)
