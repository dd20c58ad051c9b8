"""Fee tables from CSV text: every row checked, schedules built only when every row is clean.

The columns are those of data/aranceles/cuadro-valores.csv. The result keeps each row with
its errors so that a preview screen can show the whole file with the problems marked.
"""

import csv
import io
import re
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

from domain.fees.catalogue import CODES
from domain.fees.schedule import (
    UIT_BY_YEAR,
    Bracket,
    Concept,
    Figure,
    Schedule,
    Status,
    Tier,
    money,
    rounding_for,
    urp_of,
)

COLUMNS = (
    "year",
    "urp_pen",
    "section",
    "code",
    "concept",
    "bracket_id",
    "bracket_label",
    "min_urp_exclusive",
    "max_urp_inclusive",
    "amount_pen",
    "fraction_of_urp_inferred",
    "evidence",
    "source",
    "note",
)
FLAT = "FLAT"
EVIDENCE = {
    "read:official": Status.OFFICIAL,
    "read:official-reproduction": Status.OFFICIAL,
    "read:press": Status.SECONDARY,
    "read:secondary-code": Status.SECONDARY,
    "computed": Status.COMPUTED,
}
NUMBER = re.compile(r"-?\d+(\.\d+)?")


@dataclass(frozen=True)
class RowReport:
    """One CSV row as read, with what is wrong with it (nothing when clean)."""

    line: int
    values: dict[str, str]
    errors: tuple[str, ...] = ()


@dataclass(frozen=True)
class ImportResult:
    """Every row with its errors, and the schedules by year when there is no error at all."""

    rows: tuple[RowReport, ...]
    schedules: dict[int, Schedule]
    file_errors: tuple[str, ...] = ()

    @property
    def ok(self) -> bool:
        return not self.file_errors and not any(row.errors for row in self.rows)

    @property
    def error_count(self) -> int:
        return len(self.file_errors) + sum(len(row.errors) for row in self.rows)


class BadCell(ValueError):
    """A cell cannot be read; the message says which and why, in Spanish."""


def read_csv(text: str, columns: Sequence[str]) -> tuple[list[RowReport], list[str]]:
    """The rows with their line numbers, or the file-level errors (empty, missing columns)."""
    text = text.lstrip("\ufeff")
    if not text.strip():
        return [], ["El archivo está vacío."]
    reader = csv.DictReader(io.StringIO(text))
    missing = [column for column in columns if column not in (reader.fieldnames or [])]
    if missing:
        return [], [f"Faltan columnas en la cabecera: {', '.join(missing)}."]
    rows = []
    for raw in reader:
        values = {column: (raw.get(column) or "").strip() for column in columns}
        errors = ("La fila tiene más celdas que la cabecera.",) if raw.get(None) else ()
        rows.append(RowReport(reader.line_num, values, errors))
    return rows, []


def number(text: str, what: str, *, required: bool = True, places: int | None = None):
    """The cell as a non-negative Decimal (None when blank and optional), or BadCell."""
    if not text:
        if required:
            raise BadCell(f"Falta {what}.")
        return None
    if not NUMBER.fullmatch(text):
        raise BadCell(f"{what.capitalize()} no es un número: «{text}».")
    value = Decimal(text)
    if value < 0:
        raise BadCell(f"{what.capitalize()} no puede ser negativo: «{text}».")
    if places is not None and -value.as_tuple().exponent > places:
        raise BadCell(f"{what.capitalize()} tiene más de {places} decimales: «{text}».")
    return value


@dataclass(frozen=True)
class _Cell:
    index: int
    year: int
    urp: Decimal
    code: str
    bracket: Bracket | None
    figure: Figure


def _bracket(values: Mapping[str, str]) -> Bracket | None:
    low, high = values["min_urp_exclusive"], values["max_urp_inclusive"]
    if values["bracket_id"] == FLAT:
        if low or high:
            raise BadCell("Un monto fijo (FLAT) no lleva límites de tramo.")
        return None
    above = number(low, "el límite inferior del tramo")
    up_to = number(high, "el límite superior del tramo", required=False)
    if up_to is not None and up_to <= above:
        raise BadCell("El límite superior del tramo debe ser mayor que el inferior.")
    return Bracket(values["bracket_id"], values["bracket_label"], above, up_to)


def _figure(values: Mapping[str, str], year: int, urp: Decimal) -> Figure:
    if values["evidence"] not in EVIDENCE:
        raise BadCell(f"Evidencia desconocida «{values['evidence']}»: use {', '.join(EVIDENCE)}.")
    if not values["source"]:
        raise BadCell("Falta la fuente del monto.")
    amount = number(values["amount_pen"], "el monto", required=False, places=2)
    fraction = number(values["fraction_of_urp_inferred"], "la fracción de URP", required=False)
    status = EVIDENCE[values["evidence"]]
    if fraction is not None:
        expected = rounding_for(year).apply(urp * fraction)
        if amount is None:
            amount, status = expected, Status.COMPUTED
        elif amount != expected:
            raise BadCell(
                f"El monto {money(amount)} no corresponde a {fraction} URP "
                f"({money(expected)} con el redondeo de {year})."
            )
    if amount is None:
        raise BadCell("Falta el monto o la fracción de URP.")
    return Figure(amount, status, values["source"], fraction, values["note"])


def _year_and_urp(values: Mapping[str, str], uit_by_year: Mapping) -> tuple[int, Decimal]:
    year = int(values["year"]) if values["year"].isdigit() else 0
    if not 2000 <= year <= 2100:
        raise BadCell(f"Año no válido: «{values['year']}».")
    urp = number(values["urp_pen"], "la URP")
    if year in uit_by_year and urp != urp_of(uit_by_year[year]):
        uit = uit_by_year[year]
        raise BadCell(
            f"La URP de {year} es {money(urp_of(uit))} (10 % de la UIT de {money(uit)}), "
            f"no {money(urp)}."
        )
    if urp == 0:
        raise BadCell("La URP no puede ser cero.")
    return year, urp


def _cell(index: int, values: Mapping[str, str], errors: list[str], uit_by_year) -> _Cell | None:
    try:
        year, urp = _year_and_urp(values, uit_by_year)
    except BadCell as error:
        errors.append(str(error))
        return None
    if values["code"] not in CODES:
        errors.append(f"Código desconocido: «{values['code']}».")
    for what, column in (("el nombre del concepto", "concept"), ("el tramo", "bracket_id")):
        if not values[column]:
            errors.append(f"Falta {what} ({column}).")
    parts = []
    for build in (lambda: _bracket(values), lambda: _figure(values, year, urp)):
        try:
            parts.append(build())
        except BadCell as error:
            errors.append(str(error))
    if errors:
        return None
    return _Cell(index, year, urp, values["code"], parts[0], parts[1])


def _check_urp(cells: list[_Cell], errors: list[list[str]]) -> None:
    first: dict[int, Decimal] = {}
    for cell in cells:
        if first.setdefault(cell.year, cell.urp) != cell.urp:
            errors[cell.index].append(
                f"La URP no coincide con la de las otras filas de {cell.year} "
                f"({money(first[cell.year])})."
            )


def _unique(cells: list[_Cell], errors: list[list[str]], lines: list[int]) -> list[_Cell]:
    seen: dict[tuple, _Cell] = {}
    for cell in cells:
        key = (cell.year, cell.code, cell.bracket.id if cell.bracket else FLAT)
        if key in seen:
            errors[cell.index].append(
                f"Fila repetida: {cell.code} {key[2]} de {cell.year} ya está en la línea "
                f"{lines[seen[key].index]}."
            )
        else:
            seen[key] = cell
    return list(seen.values())


def _check_ladder(group: list[_Cell], errors: list[list[str]]) -> None:
    if len(group) > 1 and any(cell.bracket is None for cell in group):
        for cell in group:
            errors[cell.index].append(f"El concepto {cell.code} mezcla un monto fijo con tramos.")
        return
    if group[0].bracket is None:
        return
    ladder = sorted(group, key=lambda cell: cell.bracket.above_urp)
    if ladder[0].bracket.above_urp != 0:
        errors[ladder[0].index].append("El primer tramo debe empezar en 0 URP.")
    for before, cell in zip(ladder, ladder[1:], strict=False):
        low, previous = cell.bracket.above_urp, before.bracket.up_to_urp
        if previous is None or low < previous:
            errors[cell.index].append(f"El tramo se superpone con {before.bracket.id}.")
        elif low > previous:
            errors[cell.index].append(f"Falta un tramo entre {previous} y {low} URP.")
        if cell.figure.amount < before.figure.amount:
            errors[cell.index].append(
                f"El monto baja respecto del tramo {before.bracket.id} "
                f"({money(before.figure.amount)})."
            )
    if ladder[-1].bracket.up_to_urp is not None:
        errors[ladder[-1].index].append(
            "El último tramo debe quedar abierto (sin límite superior)."
        )


def _schedules(cells: list[_Cell], rows: list[RowReport]) -> dict[int, Schedule]:
    by_year: dict[int, dict[str, list[_Cell]]] = defaultdict(lambda: defaultdict(list))
    for cell in cells:
        by_year[cell.year][cell.code].append(cell)
    schedules = {}
    for year, groups in sorted(by_year.items()):
        urp = next(iter(groups.values()))[0].urp
        concepts = []
        for code, group in groups.items():
            group.sort(key=lambda c: c.bracket.above_urp if c.bracket else Decimal(0))
            values = rows[group[0].index].values
            tiers = tuple(Tier(cell.bracket, cell.figure) for cell in group)
            concepts.append(
                Concept(code, values["concept"], values["section"], tiers, CODES[code].unit)
            )
        schedules[year] = Schedule(year, urp, urp * 10, rounding_for(year), tuple(concepts))
    return schedules


def build_schedules(
    rows: Sequence[RowReport], uit_by_year: Mapping[int, Decimal] = UIT_BY_YEAR
) -> ImportResult:
    """Check every row and, when all are clean, build the schedules of every year."""
    errors = [list(row.errors) for row in rows]
    cells = [c for i, row in enumerate(rows) if (c := _cell(i, row.values, errors[i], uit_by_year))]
    _check_urp(cells, errors)
    unique = _unique(cells, errors, [row.line for row in rows])
    # A concept with a bad row is not checked as a whole: its gaps would only echo that row.
    broken = {
        (row.values["year"], row.values["code"]) for row, e in zip(rows, errors, strict=True) if e
    }
    groups: dict[tuple, list[_Cell]] = defaultdict(list)
    for cell in unique:
        groups[cell.year, cell.code].append(cell)
    for (year, code), group in groups.items():
        if (str(year), code) not in broken:
            _check_ladder(group, errors)
    reports = tuple(
        RowReport(row.line, row.values, tuple(errs)) for row, errs in zip(rows, errors, strict=True)
    )
    clean = not any(errors)
    return ImportResult(reports, _schedules(unique, list(rows)) if clean else {})


def parse_schedules(text: str, uit_by_year: Mapping[int, Decimal] = UIT_BY_YEAR) -> ImportResult:
    """Read CSV text with the reference columns into year schedules, or row-level errors."""
    rows, file_errors = read_csv(text, COLUMNS)
    if file_errors:
        return ImportResult((), {}, tuple(file_errors))
    return build_schedules(rows, uit_by_year)


def rows_to_csv(rows: Sequence[Mapping[str, str]]) -> str:
    """CSV text with the reference columns, for export and for the shipped data file."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows({column: row.get(column, "") for column in COLUMNS} for row in rows)
    return out.getvalue()
