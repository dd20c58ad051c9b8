"""Fee requests to and from plain strings: the link that reproduces a result, and the JSON API."""

import re
from collections.abc import Mapping
from datetime import date
from decimal import Decimal

from domain.fees.calculator import FeeRequest, FeeResult, InvalidFeeRequest

# ASCII digits only ("\d" would take "١٢٣" and "１２３"), a comma for thousands and a point for
# céntimos, as the Banco de la Nación prints them.
SOLES = re.compile(r"[0-9]{1,3}(,[0-9]{3})+(\.[0-9]{1,2})?|[0-9]+(\.[0-9]{1,2})?")


MAX_SOLES = Decimal(10) ** 12  # beyond any real case, and far from Decimal's precision


def parse_soles(text: str, field: str = "cuantia") -> Decimal | None:
    """'S/ 51,500.00' → Decimal('51500.00'); blank → None (no cuantificable)."""
    cleaned = re.sub(r"^S/\.?", "", (text or "").strip(), flags=re.I).strip()
    if not cleaned:
        return None
    if not SOLES.fullmatch(cleaned):
        raise InvalidFeeRequest(
            "Escriba el monto en soles con cifras de 0 a 9, con punto para los céntimos: "
            "por ejemplo 12500.50",
            field,
        )
    amount = Decimal(cleaned.replace(",", ""))
    if amount >= MAX_SOLES:
        raise InvalidFeeRequest("Revise el monto: tiene demasiadas cifras", field)
    return amount


def _count(text: str, what: str, default: int, field: str | None = None) -> int:
    if not text:
        return default
    if not (text.isascii() and text.isdigit()):  # "²" and "١٢" are digits to str.isdigit
        raise InvalidFeeRequest(f"Escriba {what} con números.", field)
    return int(text)


def request_params(request: FeeRequest) -> dict[str, str]:
    """The request as query-string values; request_from_params reads them back."""
    return {
        "act": request.act,
        "process": request.process,
        "role": request.role,
        "person": request.person,
        "cuantia": "" if request.cuantia is None else str(request.cuantia),
        "day": request.day.isoformat(),
        "situations": ",".join(sorted(request.situations)),
        "parties": str(request.parties_to_notify),
        "instance": request.instance,
        "quantity": str(request.quantity),
    } | _optional(request)


def _optional(request: FeeRequest) -> dict[str, str]:
    """Answers only some requests have: links made before they were asked stay the same."""
    optional = {}
    if request.monthly is not None:
        optional["monthly"] = str(request.monthly)
    if request.filers != 1:
        optional["filers"] = str(request.filers)
    return optional


def request_from_params(params: Mapping[str, str], today: date) -> FeeRequest:
    """Build a request from strings; a missing date means `today`."""
    try:
        day = date.fromisoformat(params["day"]) if params.get("day") else today
    except ValueError:
        raise InvalidFeeRequest("Escriba la fecha como AAAA-MM-DD.", "day") from None
    situations = frozenset(s for s in (params.get("situations") or "").split(",") if s)
    return FeeRequest(
        act=params.get("act", ""),
        process=params.get("process", ""),
        role=params.get("role", ""),
        person=params.get("person", ""),
        cuantia=parse_soles(params.get("cuantia", "")),
        day=day,
        situations=situations,
        parties_to_notify=_count(params.get("parties", ""), "el número de partes", 0, "parties"),
        instance=params.get("instance") or "especializado",
        quantity=_count(params.get("quantity", ""), "el número de folios", 1, "quantity"),
        monthly=parse_soles(params.get("monthly", ""), "monthly"),
        filers=_count(params.get("filers", ""), "cuántas personas lo presentan", 1, "filers"),
    )


def result_as_dict(result: FeeResult) -> dict:
    """The result as JSON-ready values, amounts as strings."""
    return {
        "year": result.year,
        "urp": str(result.urp),
        "total": str(result.total),
        "referential": result.referential,
        "valid_until": result.valid_until.isoformat(),
        "where_to_pay": result.where_to_pay,
        "notes": list(result.notes),
        "payments": [
            {
                "code": p.code,
                "concept": p.concept,
                "kind": p.kind,
                "bracket": p.bracket,
                "unit_amount": str(p.unit_amount),
                "quantity": p.quantity,
                "amount": str(p.amount),
                "status": p.status.value,
                "trail": list(p.trail),
            }
            for p in result.payments
        ],
    }
