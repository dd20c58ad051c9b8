"""Yearly fee tables (Cuadro de Valores): brackets in URP, amounts in soles, each with its source.

Pure data and lookups. No Flask, no database: the caller builds schedules with
`csv_import.parse_schedules` and keeps them wherever it likes.
"""

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal
from enum import StrEnum

CENT = Decimal("0.01")

# UIT of each year in soles (MEF supreme decrees; 2012-2025 history as printed by Gestión,
# 2026 = DS 301-2025-EF). See data/aranceles/README.md and the research NOTES §1.
UIT_BY_YEAR = {
    2012: Decimal(3650),
    2013: Decimal(3700),
    2014: Decimal(3800),
    2015: Decimal(3850),
    2016: Decimal(3950),
    2017: Decimal(4050),
    2018: Decimal(4150),
    2019: Decimal(4200),
    2020: Decimal(4300),
    2021: Decimal(4400),
    2022: Decimal(4600),
    2023: Decimal(4950),
    2024: Decimal(5150),
    2025: Decimal(5350),
    2026: Decimal(5500),
}

REFERENTIAL_NOTICE = (
    "Valores referenciales: no todos los montos de este año se leyeron del Cuadro de Valores "
    "oficial. Verifique el Cuadro de Valores vigente antes de pagar."
)


class FeeError(Exception):
    """A fee rule says no; the message says why, in Spanish, and `field` which answer to
    correct (a key of request_params), or None when it is not one answer."""

    field: str | None = None

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        if field is not None:
            self.field = field


class NoSchedule(FeeError):
    """No fee table is loaded for the year of the date asked."""

    field = "day"  # the date picks the year's table


class UnknownConcept(FeeError):
    """The year's fee table has no concept with that code."""

    field = "day"


class Status(StrEnum):
    """How far a figure can be trusted."""

    OFFICIAL = "official"  # read in the official cuadro or a faithful reproduction of it
    SECONDARY = "secondary"  # read in the press or in third-party code
    COMPUTED = "computed"  # our arithmetic from the rules, not read anywhere


STATUS_LABELS = {
    Status.OFFICIAL: "oficial",
    Status.SECONDARY: "fuente secundaria",
    Status.COMPUTED: "calculado",
}


def urp_of(uit: Decimal) -> Decimal:
    """The Unidad de Referencia Procesal: 10 % of the year's UIT (art. 4.16, art. 6.2)."""
    return (uit / 10).quantize(CENT)


@dataclass(frozen=True)
class Rounding:
    """How a year's cuadro turns URP × fraction into soles."""

    step: Decimal
    mode: str  # a decimal rounding constant
    label: str

    def apply(self, amount: Decimal) -> Decimal:
        units = (amount / self.step).to_integral_value(rounding=self.mode)
        return (units * self.step).quantize(CENT)


# The 2024 and 2025 tables truncate to 10 céntimos (133.75 is printed 133.70); the 2014 and
# 2015 tables printed exact céntimos. When the switch happened in 2016-2023 is not known.
TRUNCATE_TO_10_CENTS = Rounding(Decimal("0.10"), ROUND_DOWN, "truncado a S/\u00a00.10")
EXACT_CENTS = Rounding(CENT, ROUND_HALF_UP, "al céntimo")
TRUNCATION_SINCE = 2024


def rounding_for(year: int) -> Rounding:
    return TRUNCATE_TO_10_CENTS if year >= TRUNCATION_SINCE else EXACT_CENTS


@dataclass(frozen=True)
class Bracket:
    """A cuantía bracket in URP: lower bound exclusive, upper bound inclusive (None: open)."""

    id: str
    label: str
    above_urp: Decimal
    up_to_urp: Decimal | None

    def contains(self, cuantia: Decimal | None, urp: Decimal) -> bool:
        if cuantia is None:
            return self.above_urp == 0  # "cuantía indeterminable" falls in the first bracket
        if self.up_to_urp is not None and cuantia > self.up_to_urp * urp:
            return False
        return self.above_urp == 0 or cuantia > self.above_urp * urp


@dataclass(frozen=True)
class Figure:
    """One amount of the cuadro with where it comes from."""

    amount: Decimal
    status: Status
    source: str
    fraction: Decimal | None = None  # of the URP, when known
    note: str = ""


@dataclass(frozen=True)
class Tier:
    """A bracket and its amount; bracket None for a flat concept."""

    bracket: Bracket | None
    figure: Figure


@dataclass(frozen=True)
class Concept:
    """A payment code of the cuadro with its tiers (one tier when flat)."""

    code: str
    name: str
    section: str
    tiers: tuple[Tier, ...]
    unit: str | None = None  # "folio", "derecho": the amount is per unit

    @property
    def flat(self) -> bool:
        return self.tiers[0].bracket is None

    def tier_for(self, cuantia: Decimal | None, urp: Decimal) -> Tier:
        """The tier whose bracket holds `cuantia` (soles; None = not quantifiable)."""
        if self.flat:
            return self.tiers[0]
        return next(
            t for t in self.tiers if t.bracket is not None and t.bracket.contains(cuantia, urp)
        )


@dataclass(frozen=True)
class Schedule:
    """One year's fee table."""

    year: int
    urp: Decimal
    uit: Decimal
    rounding: Rounding
    concepts: tuple[Concept, ...]

    def concept(self, code: str) -> Concept:
        for concept in self.concepts:
            if concept.code == code:
                return concept
        raise UnknownConcept(
            f"El Cuadro de Valores {self.year} cargado no tiene el concepto {code}. "
            "Consulte el monto en la mesa de partes."
        )

    def figures(self) -> Iterator[Figure]:
        return (tier.figure for concept in self.concepts for tier in concept.tiers)

    @property
    def referential(self) -> bool:
        """True when some figure was not read from the official cuadro."""
        return any(figure.status is not Status.OFFICIAL for figure in self.figures())


def schedule_for(schedules: Mapping[int, Schedule], day: date) -> Schedule:
    """The table in force on `day`: the one of its calendar year (art. 6.3)."""
    try:
        return schedules[day.year]
    except KeyError:
        raise NoSchedule(f"No hay Cuadro de Valores cargado para {day.year}.") from None


def payment_code(code: str) -> str:
    """The bank's code of a cuadro code ('08214-02' is paid as 08214)."""
    return code.split("-")[0]


NBSP = "\u00a0"


def money(amount: Decimal) -> str:
    """'S/ 1,287.50' as printed on the cuadro, the symbol and the figure joined by a no-break
    space so that a narrow screen never leaves "S/" at the end of one line and the amount on
    the next. Every amount the app shows goes through here (the `money` template filter)."""
    return f"S/{NBSP}{amount:,.2f}"


def _text(value: Decimal | None) -> str | None:
    return None if value is None else str(value)


def _tier_dict(tier: Tier) -> dict:
    bracket = tier.bracket
    return {
        "bracket": bracket.id if bracket else None,
        "label": bracket.label if bracket else None,
        "above_urp": _text(bracket.above_urp) if bracket else None,
        "up_to_urp": _text(bracket.up_to_urp) if bracket else None,
        "amount": str(tier.figure.amount),
        "fraction": _text(tier.figure.fraction),
        "status": tier.figure.status.value,
        "source": tier.figure.source,
    }


def schedule_as_dict(schedule: Schedule) -> dict:
    """The whole year as JSON-ready values (the kiosk caches it)."""
    concepts = [
        {
            "code": concept.code,
            "name": concept.name,
            "section": concept.section,
            "unit": concept.unit,
            "tiers": [_tier_dict(tier) for tier in concept.tiers],
        }
        for concept in schedule.concepts
    ]
    return {
        "year": schedule.year,
        "urp": str(schedule.urp),
        "uit": str(schedule.uit),
        "rounding": schedule.rounding.label,
        "referential": schedule.referential,
        "concepts": concepts,
    }
