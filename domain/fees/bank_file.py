"""The bank's payment file (CSV) read into payments, every row checked for a preview screen.

Columns: sequence, paid_at (AAAA-MM-DD HH:MM[:SS] or DD/MM/AAAA HH:MM[:SS]), amount,
concept_code, payer_document, case_number, court. A receipt is known by its sequence and
its date (art. 14.1.1), so that pair must be unique; across imports the database keeps it so.
"""

from dataclasses import dataclass
from datetime import datetime

from domain.fees.csv_import import BadCell, RowReport, number, read_csv
from domain.fees.receipts import BankPayment
from domain.identity import normalize

BANK_COLUMNS = (
    "sequence",
    "paid_at",
    "amount",
    "concept_code",
    "payer_document",
    "case_number",
    "court",
)
DATE_FORMATS = ("%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%d/%m/%Y %H:%M:%S", "%d/%m/%Y %H:%M")


@dataclass(frozen=True)
class BankImport:
    """Every row with its errors, and the payments when there is no error at all."""

    rows: tuple[RowReport, ...]
    payments: tuple[BankPayment, ...]
    file_errors: tuple[str, ...] = ()

    @property
    def ok(self) -> bool:
        return not self.file_errors and not any(row.errors for row in self.rows)


def _when(text: str) -> datetime:
    for pattern in DATE_FORMATS:
        try:
            return datetime.strptime(text, pattern)
        except ValueError:
            continue
    raise BadCell(f"Fecha y hora no válidas: «{text}» (use AAAA-MM-DD HH:MM:SS).")


def _payment(values: dict[str, str]) -> BankPayment:
    for column in ("sequence", "concept_code", "payer_document"):
        if not values[column]:
            raise BadCell(f"Falta {column}.")
    document = normalize(values["payer_document"])
    if not document.isdigit():
        raise BadCell(f"El documento del pagador solo lleva números: «{values['payer_document']}».")
    amount = number(values["amount"], "el monto", places=2)
    if amount == 0:
        raise BadCell("El monto no puede ser cero.")
    return BankPayment(
        sequence=values["sequence"],
        paid_at=_when(values["paid_at"]),
        amount=amount,
        concept_code=values["concept_code"],
        payer_document=document,
        case_number=values["case_number"],
        court=values["court"],
    )


def parse_bank_file(text: str) -> BankImport:
    """Read the bank's CSV; payments only when every row is clean."""
    rows, file_errors = read_csv(text, BANK_COLUMNS)
    if file_errors:
        return BankImport((), (), tuple(file_errors))
    reports, payments, seen = [], [], {}
    for row in rows:
        errors = list(row.errors)
        try:
            payment = _payment(row.values)
        except BadCell as error:
            errors.append(str(error))
        else:
            key = (payment.sequence, payment.paid_at.date())
            if key in seen:
                errors.append(f"Pago repetido: la secuencia ya está en la línea {seen[key]}.")
            seen.setdefault(key, row.line)
            payments.append(payment)
        reports.append(RowReport(row.line, row.values, tuple(errors)))
    clean = not any(report.errors for report in reports)
    return BankImport(tuple(reports), tuple(payments) if clean else ())
