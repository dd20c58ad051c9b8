"""The fee calculator: an act and the filer's situation in, every payment with its reasons out.

The amounts come from the year's schedule (picked by the date); exemptions and reductions
come from the RULES table in `rules.py`, evaluated in its documented order.
"""

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal

from domain.fees.catalogue import (
    ACTS,
    ARANCEL,
    CODES,
    INSTANCES,
    NOTIFICATION,
    NOTIFICATION_CODE,
    PERSONS,
    PROCESSES,
    ROLES,
    SITUATIONS,
    WHERE_TO_PAY,
    Act,
    is_notification,
)
from domain.fees.receipts import valid_until
from domain.fees.rules import Facts, deciding_rule, needs_monthly
from domain.fees.schedule import (
    STATUS_LABELS,
    FeeError,
    Schedule,
    Status,
    money,
    schedule_for,
)
from domain.words import count


class InvalidFeeRequest(FeeError):
    """The request cannot be calculated as asked; the message says what to fix."""


@dataclass(frozen=True)
class FeeRequest:
    """Everything the calculator asks, step by step."""

    act: str  # a key of ACTS
    process: str  # a key of PROCESSES
    role: str  # a key of ROLES
    person: str  # a key of PERSONS
    cuantia: Decimal | None  # soles; None = "no cuantificable"
    day: date  # picks the year's table
    situations: frozenset[str] = frozenset()  # keys of SITUATIONS
    parties_to_notify: int = 0
    instance: str = "especializado"  # a key of INSTANCES
    quantity: int = 1  # units of a per-unit concept (folios)
    monthly: Decimal | None = None  # soles a month claimed, in alimentos (art. 10 a)
    filers: int = 1  # people filing together as demandantes or demandados (art. 7.2)


@dataclass(frozen=True)
class Payment:
    """One payment to make at the bank, with the trail of how its amount was decided."""

    code: str
    concept: str
    kind: str  # ARANCEL or NOTIFICATION
    bracket: str | None
    unit_amount: Decimal
    quantity: int
    amount: Decimal
    status: Status
    trail: tuple[str, ...]


@dataclass(frozen=True)
class FeeResult:
    """What to pay for one act, in total, where, and for how long a receipt is good."""

    year: int
    urp: Decimal
    payments: tuple[Payment, ...]
    total: Decimal
    referential: bool
    valid_until: date  # for a receipt paid on the request's day (art. 16)
    where_to_pay: str = WHERE_TO_PAY
    notes: tuple[str, ...] = field(default_factory=tuple)


def check_request(request: FeeRequest) -> None:
    """Raise InvalidFeeRequest when a choice is unknown or a number is impossible."""
    choices = (
        ("act", request.act, ACTS, "el acto"),
        ("process", request.process, PROCESSES, "el tipo de proceso"),
        ("role", request.role, ROLES, "su rol en el proceso"),
        ("person", request.person, PERSONS, "el tipo de persona"),
        ("instance", request.instance, INSTANCES, "la instancia"),
    )
    for key, value, allowed, what in choices:
        if value not in allowed:
            raise InvalidFeeRequest(f"Elija {what}.", key)
    unknown = request.situations - SITUATIONS.keys()
    if unknown:
        raise InvalidFeeRequest(
            f"Situación desconocida: {', '.join(sorted(unknown))}.", "situations"
        )
    if request.cuantia is not None and request.cuantia < 0:
        raise InvalidFeeRequest("La cuantía no puede ser negativa.", "cuantia")
    if request.monthly is not None and request.monthly < 0:
        raise InvalidFeeRequest("La pensión mensual no puede ser negativa.", "monthly")
    if request.monthly is None and needs_monthly(
        request.act, request.process, request.role, request.person, request.situations
    ):
        raise InvalidFeeRequest(
            "Indique la pensión mensual que se reclama: el límite de 20 URP se mide sobre ella "
            "(art. 10 a).",
            "monthly",
        )
    if request.parties_to_notify < 0 or request.parties_to_notify > 999:
        raise InvalidFeeRequest("Indique cuántas partes hay que notificar (0 o más).", "parties")
    if is_notification(request.act) and request.parties_to_notify < 1:
        raise InvalidFeeRequest(
            "Indique a cuántas partes hay que notificar (1 o más): se paga un derecho por cada "
            "una (art. 35.2).",
            "parties",
        )
    if not 1 <= request.quantity <= 100_000:
        raise InvalidFeeRequest("Indique cuántos folios (1 o más).", "quantity")
    if not 1 <= request.filers <= 999:
        raise InvalidFeeRequest("Indique cuántas personas lo presentan juntas (1 o más).", "filers")


def _facts(request: FeeRequest, kind: str) -> Facts:
    return Facts(
        kind,
        ACTS[request.act].code,
        request.process,
        request.role,
        request.person,
        request.situations,
        request.cuantia,
        request.monthly,
    )


def _decide(request, schedule, kind, base: Decimal) -> tuple[Decimal, list[str]]:
    """The unit amount after the rules, and the trail line that says why."""
    rule = deciding_rule(_facts(request, kind), schedule.urp)
    if rule is None:
        return base, ["sin exoneración ni reducción aplicable"]
    label = rule.label
    if rule.monthly and request.monthly is not None:
        label += f" (pensión mensual de {money(request.monthly)})"
    if rule.pays in (0, 1):
        return base * rule.pays, [label]
    amount = schedule.rounding.apply(base * rule.pays)
    return amount, [f"{label}: {money(amount)} ({schedule.rounding.label})"]


def _rate_payment(request: FeeRequest, act: Act, schedule: Schedule) -> Payment:
    if request.cuantia is None:
        raise InvalidFeeRequest(f"Indique {act.cuantia_label.lower()}.", "cuantia")
    base = schedule.rounding.apply(request.cuantia * act.rate)
    unit, trail = _decide(request, schedule, ARANCEL, base)
    first = f"{act.citation}: {act.rate * 100:.0f} % de {money(request.cuantia)} = {money(base)}"
    return _per_titular(
        request,
        Payment(
            act.code, act.label, ARANCEL, None, unit, 1, unit, Status.OFFICIAL, (first, *trail)
        ),
    )


def _table_payment(request, schedule, code, kind, quantity, citation) -> Payment:
    concept = schedule.concept(code)
    tier = concept.tier_for(request.cuantia, schedule.urp)
    figure = tier.figure
    where = f"tramo {tier.bracket.id} «{tier.bracket.label}»" if tier.bracket else "monto fijo"
    per = f" por {concept.unit}" if concept.unit else ""
    first = (
        f"{citation}: Cuadro de Valores {schedule.year}, código {code}, {where}: "
        f"{money(figure.amount)}{per} ({STATUS_LABELS[figure.status]})"
    )
    unit, trail = _decide(request, schedule, kind, figure.amount)
    if concept.unit:
        trail.append(f"{count(quantity, concept.unit)} × {money(unit)} = {money(unit * quantity)}")
    payment = Payment(
        code=code,
        concept=CODES[code].name,
        kind=kind,
        bracket=tier.bracket.id if tier.bracket else None,
        unit_amount=unit,
        quantity=quantity,
        amount=unit * quantity,
        status=figure.status,
        trail=(first, *trail),
    )
    return _per_titular(request, payment)


def _per_titular(request: FeeRequest, payment: Payment) -> Payment:
    """Several people filing together pay once each (art. 7.2)."""
    if request.filers == 1:
        return payment
    amount = payment.amount * request.filers
    line = (
        f"art. 7.2: se paga por cada titular: {count(request.filers, 'titular')} × "
        f"{money(payment.amount)} = {money(amount)}"
    )
    return replace(
        payment,
        quantity=payment.quantity * request.filers,
        amount=amount,
        trail=(*payment.trail, line),
    )


def calculate(request: FeeRequest, schedules: Mapping[int, Schedule]) -> FeeResult:
    """Every payment the act needs, from the table of the request's year."""
    check_request(request)
    schedule = schedule_for(schedules, request.day)
    act = ACTS[request.act]
    if act.rate is not None:
        payments = [_rate_payment(request, act, schedule)]
    elif is_notification(request.act):
        # The derechos alone (art. 35): the parties to notify are their count.
        parties = request.parties_to_notify
        payments = [
            _table_payment(request, schedule, act.code, NOTIFICATION, parties, act.citation)
        ]
    else:
        units = request.quantity if CODES[act.code].unit else 1
        payments = [_table_payment(request, schedule, act.code, ARANCEL, units, act.citation)]
    if request.parties_to_notify and not is_notification(request.act):
        # One derecho per party to notify, whatever the instance (art. 14.1.4 and 35.2).
        parties = request.parties_to_notify
        payments.append(
            _table_payment(request, schedule, NOTIFICATION_CODE, NOTIFICATION, parties, "art. 35")
        )
    notes = tuple(note for note in (act.note,) if note)
    return FeeResult(
        year=schedule.year,
        urp=schedule.urp,
        payments=tuple(payments),
        total=sum((payment.amount for payment in payments), Decimal(0)),
        referential=schedule.referential,
        valid_until=valid_until(request.day),
        notes=notes,
    )
