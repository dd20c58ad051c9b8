"""Offline checks of identity document numbers. No Flask, no database."""

import re

# What each appointment form offers, in the order people expect it.
DOCUMENT_TYPES = {
    "DNI": "DNI",
    "CE": "Carné de Extranjería",
    "PTP": "Permiso Temporal de Permanencia (PTP)",
}
DOCUMENT_NAMES = DOCUMENT_TYPES | {"PASAPORTE": "Pasaporte", "CUI": "CUI del DPI"}

# Documents an account can be opened with, by the court's country.
ACCOUNT_DOCUMENTS = {
    "PE": {k: DOCUMENT_NAMES[k] for k in ("DNI", "CE", "PTP", "PASAPORTE")},
    "GT": {k: DOCUMENT_NAMES[k] for k in ("CUI", "PASAPORTE")},
}

# Digits each document number has (Reniec's DNI; Migraciones' CE and PTP cards).
DOCUMENT_LENGTHS = {"DNI": 8, "CE": 9, "PTP": 9}

# Guatemala's CUI: 8-digit serial, check digit, department (01-22), municipality within it.
# Municipalities per department, in department order (Escuintla and Huehuetenango gained
# Sipacate and Petatán in 2015, so their highest codes are 14 and 33).
GT_MUNICIPALITIES = (
    17,
    8,
    16,
    16,
    14,
    14,
    19,
    8,
    24,
    21,
    9,
    30,
    33,
    21,
    8,
    17,
    14,
    5,
    11,
    11,
    7,
    17,
)
PASSPORT_PATTERN = re.compile(r"^[A-Z0-9]{6,12}$")

RUC_PREFIXES = ("10", "15", "16", "17", "20")
RUC_WEIGHTS = (5, 4, 3, 2, 7, 6, 5, 4, 3, 2)


class InvalidDocument(ValueError):
    """The number cannot be a real document of that type; the message says why."""


def normalize(number: str) -> str:
    """Drop the spaces, dots and dashes people type inside document numbers."""
    return re.sub(r"[\s.\-]", "", number or "")


def check_document(doc_type: str, number: str) -> str:
    """Return the normalized number, or raise InvalidDocument with a precise message."""
    if doc_type == "CUI":
        return check_cui(number)
    if doc_type == "PASAPORTE":
        return check_passport(number)
    if doc_type not in DOCUMENT_LENGTHS:
        raise InvalidDocument("Elija el tipo de documento")
    label = DOCUMENT_TYPES[doc_type]
    digits = normalize(number)
    if not digits:
        raise InvalidDocument(f"Escriba el número de su {label}")
    if not digits.isdigit():
        raise InvalidDocument(f"El número de {label} solo tiene números, sin letras")
    length = DOCUMENT_LENGTHS[doc_type]
    if len(digits) != length:
        raise InvalidDocument(
            f"El número de {label} tiene {length} dígitos; usted escribió {len(digits)}"
        )
    if set(digits) == {"0"}:
        raise InvalidDocument(f"Escriba un número de {label} válido")
    return digits


def check_cui(number: str) -> str:
    """Return the normalized CUI of a Guatemalan DPI, or raise InvalidDocument saying why."""
    digits = normalize(number)
    if not digits:
        raise InvalidDocument("Escriba el CUI de su DPI")
    if not digits.isdigit() or len(digits) != 13:
        raise InvalidDocument(f"El CUI tiene 13 dígitos; usted escribió {len(digits)}")
    department, municipality = int(digits[9:11]), int(digits[11:13])
    if not 1 <= department <= len(GT_MUNICIPALITIES):
        raise InvalidDocument("El CUI no es válido: el código de departamento no existe")
    if not 1 <= municipality <= GT_MUNICIPALITIES[department - 1]:
        raise InvalidDocument("El CUI no es válido: el código de municipio no existe")
    total = sum(int(d) * (i + 2) for i, d in enumerate(digits[:8]))
    if total % 11 != int(digits[8]):
        raise InvalidDocument(
            "El CUI no es válido: revise los números, el de verificación no cuadra"
        )
    return digits


def check_passport(number: str) -> str:
    """Return the normalized passport number: 6 to 12 letters and digits."""
    value = normalize(number).upper()
    if not value:
        raise InvalidDocument("Escriba el número de su pasaporte")
    if not PASSPORT_PATTERN.match(value):
        raise InvalidDocument("El número de pasaporte tiene de 6 a 12 letras y números")
    return value


def check_ruc(number: str) -> str:
    """Return the normalized RUC, or raise InvalidDocument (11 digits, prefix, mod-11 digit)."""
    digits = normalize(number)
    if not digits.isdigit() or len(digits) != 11:
        raise InvalidDocument("El RUC tiene 11 dígitos")
    if not digits.startswith(RUC_PREFIXES):
        raise InvalidDocument("El RUC empieza por 10, 15, 16, 17 o 20")
    total = sum(int(d) * w for d, w in zip(digits[:10], RUC_WEIGHTS, strict=True))
    check = 11 - total % 11
    if check >= 10:
        check -= 10
    if check != int(digits[10]):
        raise InvalidDocument("El RUC no es válido: revise el último dígito")
    return digits


def mask(number: str) -> str:
    """Show only the last four digits, for tickets that may be seen by others."""
    return "•" * max(0, len(number) - 4) + number[-4:]


def short_name(names: str, surnames: str) -> str:
    """'Ana Q. M.' for Ana María Quispe Mamani: enough for staff to tell people apart on a
    list that is not about them, without spelling out who they are."""
    first = (names or "").split()[:1]
    initials = [f"{word[0]}." for word in (surnames or "").split() if word]
    return " ".join(first + initials) or "—"


def mask_email(address: str) -> str:
    """'a***@e***.pe' for 'ana@example.pe': enough for its owner to recognise the address on a
    ticket page anyone with the code may open, not enough to write to it."""
    local, at, domain = (address or "").strip().rpartition("@")
    if not at or not local or not domain:
        return "***"
    name, dot, ending = domain.rpartition(".")
    shown_domain = f"{name[:1]}***.{ending}" if dot and name else f"{domain[:1]}***"
    return f"{local[:1]}***@{shown_domain}"
