"""Computed rows for a year whose cuadro was not read, from the fractions of a year that was.

Each cell of the base year is re-priced as new URP × its URP fraction with the new year's
rounding. A cell without a known fraction (not a clean multiple of the URP) keeps its soles
amount: no rule links it to the URP, so nothing better than the last read figure exists.
Every such row is tagged `computed` and says how it was made in its `source`.
"""

from collections.abc import Mapping, Sequence
from decimal import Decimal

from domain.fees.schedule import TRUNCATE_TO_10_CENTS, UIT_BY_YEAR, rounding_for, urp_of

COMPUTED = "computed"
BASE_YEAR = 2024  # the last year with a full table read (secondary sources)
DERIVED_YEARS = (2025, 2026)
COPIES_FRACTION = Decimal("0.01")  # of the URP per folio: code 07447 in the 2014 official cuadro

Row = Mapping[str, str]


def _how(year: int) -> str:
    return (
        "truncated to S/ 0.10" if rounding_for(year) is TRUNCATE_TO_10_CENTS else "to the céntimo"
    )


def copies_row(year: int) -> dict[str, str]:
    """Copias certificadas per folio, missing from every table read since 2014."""
    urp = urp_of(UIT_BY_YEAR[year])
    amount = rounding_for(year).apply(urp * COPIES_FRACTION)
    return {
        "year": str(year),
        "urp_pen": str(urp),
        "section": "copias",
        "code": "07447",
        "concept": "Por cada folio de copia certificada",
        "bracket_id": "FLAT",
        "bracket_label": "Monto fijo por folio",
        "min_urp_exclusive": "",
        "max_urp_inclusive": "",
        "amount_pen": f"{amount:.2f}",
        "fraction_of_urp_inferred": str(COPIES_FRACTION),
        "evidence": COMPUTED,
        "source": f"computed: {COPIES_FRACTION} URP × S/ {urp} per folio, the fraction of code "
        f"07447 in the 2014 official cuadro (RA 051-2014-CE-PJ); {_how(year)}",
        "note": "per folio; current code and fraction not verified",
    }


def computed_row(row: Row, year: int, urp: Decimal) -> dict[str, str]:
    """`row` re-priced for `year`, tagged computed, with how in its source."""
    fraction = row["fraction_of_urp_inferred"]
    if fraction:
        amount = rounding_for(year).apply(urp * Decimal(fraction))
        source = (
            f"computed: {fraction} URP × S/ {urp}, {_how(year)}; "
            f"fraction read in the {row['year']} table"
        )
        note = row["note"]
    else:
        amount = Decimal(row["amount_pen"])
        source = f"computed: {row['year']} amount carried over; no URP fraction is known for it"
        note = f"carried over from {row['year']}. {row['note']}".strip()
    return {
        **row,
        "year": str(year),
        "urp_pen": str(urp),
        "amount_pen": f"{amount:.2f}",
        "evidence": COMPUTED,
        "source": source,
        "note": note,
    }


def derive_year(rows: Sequence[Row], from_year: int, to_year: int, urp: Decimal) -> list[Row]:
    """`to_year`'s rows: its own where read, computed from `from_year`'s cells elsewhere."""
    own = {(r["code"], r["bracket_id"]): r for r in rows if r["year"] == str(to_year)}
    derived = [
        own.pop((row["code"], row["bracket_id"]), None) or computed_row(row, to_year, urp)
        for row in rows
        if row["year"] == str(from_year)
    ]
    return derived + list(own.values())


def shipped_rows(read_rows: Sequence[Row]) -> list[Row]:
    """The shipped table: the rows read, copies for 2024, and 2025-2026 filled in from 2024."""
    rows = [*read_rows, copies_row(BASE_YEAR)]
    by_year: dict[int, list[Row]] = {}
    for row in rows:
        by_year.setdefault(int(row["year"]), []).append(row)
    for year in DERIVED_YEARS:
        by_year[year] = derive_year(rows, BASE_YEAR, year, urp_of(UIT_BY_YEAR[year]))
    return [row for year in sorted(by_year) for row in by_year[year]]
