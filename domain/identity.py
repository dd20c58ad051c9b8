"""Offline checks of identity document numbers. No Flask, no database."""

import re

# What each appointment form offers, in the order people expect it.
DOCUMENT_TYPES = {
    "DNI": "DNI",
    "CE": "Carné de Extranjería",
    "PTP": "Permiso Temporal de Permanencia (PTP)",
}

# Digits each document number has (Reniec's DNI; Migraciones' CE and PTP cards).
DOCUMENT_LENGTHS = {"DNI": 8, "CE": 9, "PTP": 9}

RUC_PREFIXES = ("10", "15", "16", "17", "20")
RUC_WEIGHTS = (5, 4, 3, 2, 7, 6, 5, 4, 3, 2)


class InvalidDocument(ValueError):
    """The number cannot be a real document of that type; the message says why."""


def normalize(number: str) -> str:
    """Drop the spaces, dots and dashes people type inside document numbers."""
    return re.sub(r"[\s.\-]", "", number or "")


def check_document(doc_type: str, number: str) -> str:
    """Return the normalized number, or raise InvalidDocument with a precise message."""
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
