"""Electronic filing's rules (PRODUCT.md §4, seed 003): what a filing holds, which files it
takes, its tracking number, and when it counts as received. No Flask, no database."""

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from domain.case_numbers import InvalidCaseNumber, normalize_case_number
from domain.enums import LabelledEnum

MB = 1024 * 1024


class DocumentType(LabelledEnum):
    ESCRITO = "escrito", "Escrito"
    DEMANDA = "demanda", "Demanda"
    CARTA = "carta", "Carta"
    OFICIO = "oficio", "Oficio"
    SOLICITUD = "solicitud", "Solicitud"
    OTROS = "otros", "Otros"


# An escrito is filed in a case that exists: without its number the clerk cannot place it.
NEEDS_CASE_NUMBER = frozenset({DocumentType.ESCRITO})
NO_DOCUMENT_NUMBER = "SN"  # "sin número", as the seed writes it


class FilerKind(LabelledEnum):
    NATURAL = "natural", "Persona natural"
    JURIDICA = "juridica", "Persona jurídica"


class FileRole(LabelledEnum):
    PRINCIPAL = "principal", "Documento principal"
    ANEXO = "anexo", "Anexo"
    RECIBO = "recibo", "Comprobante de pago"


@dataclass(frozen=True)
class FileLimits:
    """Seed 003's limits; a court may change them (configurable, not hard-coded in views)."""

    main_bytes: int = 20 * MB
    annexes: int = 5
    first_annex_bytes: int = 30 * MB
    other_annex_bytes: int = 5 * MB
    annex_types: tuple[str, ...] = (
        "pdf",
        "png",
        "jpeg",
        "jpg",
        "docx",
        "doc",
        "xls",
        "xlsx",
        "zip",
        "rar",
    )

    def annex_bytes(self, position: int) -> int:
        """The size limit of the annex at `position` (1 for the first)."""
        return self.first_annex_bytes if position == 1 else self.other_annex_bytes


class FileRefused(Exception):
    """A file the filing cannot take; the message names the file and says why."""


def check_annex(limits: FileLimits, position: int, name: str, size: int) -> None:
    """Refuse the annex at `position` by count, extension or size (its content is checked
    where it is stored)."""
    if position > limits.annexes:
        raise FileRefused(f"«{name}»: se admiten como máximo {limits.annexes} anexos.")
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if extension not in limits.annex_types:
        allowed = ", ".join(limits.annex_types)
        raise FileRefused(f"«{name}»: el tipo de archivo no se admite (solo {allowed}).")
    ceiling = limits.annex_bytes(position)
    if size > ceiling:
        raise FileRefused(
            f"«{name}» pesa {megabytes(size)}; el anexo {position} admite hasta "
            f"{megabytes(ceiling)}."
        )


def check_main(limits: FileLimits, name: str, size: int) -> None:
    if size > limits.main_bytes:
        raise FileRefused(
            f"«{name}» pesa {megabytes(size)}; el documento principal admite hasta "
            f"{megabytes(limits.main_bytes)}."
        )


def megabytes(size: int) -> str:
    return f"{size / MB:.1f} MB".replace(".", ",")


def file_size(size: int) -> str:
    """'830 KB', '2,4 MB': how a file's size reads on a page."""
    if size < MB:
        return f"{max(1, round(size / 1024))} KB"
    return megabytes(size)


# --- the filing's data ------------------------------------------------------------------------


@dataclass(frozen=True)
class FilingData:
    """What the filer typed; checked as a whole before a filing is made of it."""

    filer_kind: str
    contact_email: str
    contact_phone: str
    dependencia_id: int
    document_type: str
    document_number: str
    case_number: str
    subject: str
    folios: int


SUBJECT_MAX = 500
FOLIOS_MAX = 10_000
DOCUMENT_NUMBER = re.compile(r"^[0-9A-Za-zÁÉÍÓÚÑáéíóúñ\-/. ]{1,40}$")


def data_errors(data: FilingData, today: date | None = None) -> dict[str, str]:
    """{field: Spanish message} for every rule the data breaks; empty when it can be filed.
    With `today` (the court's date) a case number is also checked in the Peruvian format."""
    errors: dict[str, str] = {}
    if data.filer_kind not in FilerKind.choices():
        errors["filer_kind"] = "Elija si presenta como persona natural o jurídica."
    if data.document_type not in DocumentType.choices():
        errors["document_type"] = "Elija el tipo de documento."
    number = data.document_number.strip()
    if not number:
        errors["document_number"] = f"Escriba el número del documento o «{NO_DOCUMENT_NUMBER}»."
    elif not DOCUMENT_NUMBER.match(number):
        errors["document_number"] = "El número de documento tiene caracteres no válidos."
    if data.document_type in NEEDS_CASE_NUMBER and not data.case_number.strip():
        errors["case_number"] = "Un escrito necesita el número de expediente."
    elif data.case_number.strip() and today is not None:
        try:
            normalize_case_number(data.case_number, today)
        except InvalidCaseNumber as wrong:
            errors["case_number"] = f"{wrong}."
    subject = data.subject.strip()
    if not subject:
        errors["subject"] = "Escriba el asunto."
    elif len(subject) > SUBJECT_MAX:
        errors["subject"] = f"El asunto admite hasta {SUBJECT_MAX} caracteres."
    if not 1 <= data.folios <= FOLIOS_MAX:
        errors["folios"] = f"El número de folios va de 1 a {FOLIOS_MAX}."
    return errors


# --- tracking numbers -------------------------------------------------------------------------

TRACKING = re.compile(r"^\s*(\d{4})\s*-\s*0*(\d{1,9})\s*$")


def tracking_number(year: int, number: int) -> str:
    """'2026-000123': sequential per year and court."""
    return f"{year}-{number:06d}"


def parse_tracking_number(typed: str) -> tuple[int, int] | None:
    """(year, number) of a typed tracking number, forgiving spaces and missing zeros."""
    match = TRACKING.match(typed or "")
    if not match:
        return None
    year, number = int(match[1]), int(match[2])
    if not 2000 <= year <= 2999 or number < 1:
        return None
    return year, number


# --- business hours and the legal reception instant --------------------------------------------

Hours = dict[int, list[tuple[time, time]]]  # weekday (0 = Monday) -> [(opens, closes)]
# A dependencia without hours of its own receives Monday to Friday, 08:00 to 16:45.
DEFAULT_RECEPTION_HOURS: Hours = {day: [(time(8, 0), time(16, 45))] for day in range(5)}
DEFAULT_RECEPTION_WORDS = "de lunes a viernes, de 08:00 a 16:45"  # the line above, as read
SEARCH_DAYS = 400  # a year of closures can't hide every working day


def reception_time(submitted: datetime, hours: Hours, closed_days: frozenset[date]) -> datetime:
    """When a filing sent at `submitted` (court's local time) counts as received.

    Within business hours, at once; otherwise at the next opening on a working day: the same
    morning if sent before opening, else the next working day (seed 003: «fuera del horario
    hábil» it counts from the next working day)."""
    day = submitted.date()
    for offset in range(SEARCH_DAYS):
        current = day + timedelta(days=offset)
        if current in closed_days:
            continue
        for opens, closes in sorted(hours.get(current.weekday(), [])):
            start = datetime.combine(current, opens)
            end = datetime.combine(current, closes)
            if offset == 0 and start <= submitted < end:
                return submitted
            if start >= submitted:
                return start
    raise ValueError("No hay un día hábil en el próximo año: revise el horario y los cierres.")


def outside_hours(submitted: datetime, received: datetime) -> bool:
    """Whether the filer must be warned that it counts as received later."""
    return received != submitted
