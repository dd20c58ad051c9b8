"""What a court's profile decides, and the shape of the codes its administrator types.

No Flask, no database: the set-up screens and the configuration file ask these tables.
"""

import re
from dataclasses import dataclass

from domain.identity import ACCOUNT_DOCUMENTS


@dataclass(frozen=True)
class Country:
    name: str
    of_name: str  # "del Perú"
    timezone: str  # offered first
    currency: str
    fees: str  # the fee regime, as the administrator reads it


COUNTRIES = {
    "PE": Country(
        "Perú",
        "del Perú",
        "America/Lima",
        "soles (S/)",
        "aranceles judiciales del Poder Judicial (Cuadro de Valores)",
    ),
    "GT": Country(
        "Guatemala",
        "de Guatemala",
        "America/Guatemala",
        "quetzales (Q)",
        "sin aranceles: las tablas que trae Ventanilla son las del Perú",
    ),
}

# The court's clock: Latin American zones, the two countries' first.
TIMEZONES = (
    "America/Lima",
    "America/Guatemala",
    "America/Bogota",
    "America/Guayaquil",
    "America/La_Paz",
    "America/Santiago",
    "America/Argentina/Buenos_Aires",
    "America/Asuncion",
    "America/Montevideo",
    "America/Caracas",
    "America/Panama",
    "America/Costa_Rica",
    "America/El_Salvador",
    "America/Tegucigalpa",
    "America/Managua",
    "America/Mexico_City",
    "America/Santo_Domingo",
)

# Sede and service codes appear in URLs and files: lower case, digits and hyphens.
SLUG = re.compile(r"^[a-z0-9](?:[a-z0-9-]{0,28}[a-z0-9])?$")
# A dependencia's code is the court's own abbreviation, e.g. 1JCL or 2-SALA-CIVIL.
DEPENDENCIA_CODE = re.compile(r"^[A-Z0-9](?:[A-Z0-9.-]{0,18}[A-Z0-9.])?$")
WINDOW_NUMBERS = range(1, 100)


def decides(country: str) -> str:
    """One sentence: what choosing `country` sets for the whole court."""
    facts = COUNTRIES[country]
    documents = ", ".join(ACCOUNT_DOCUMENTS[country].values())
    return (
        f"Cuentas con {documents}; feriados nacionales {facts.of_name}; "
        f"moneda: {facts.currency}; {facts.fees}."
    )


def slug_problem(text: str) -> str | None:
    """Why `text` cannot be a sede or service code, or None when it can."""
    if SLUG.match(text):
        return None
    return (
        "Escriba de 1 a 30 letras minúsculas sin tildes, números o guiones, sin espacios, "
        "por ejemplo sede-centro"
    )


def dependencia_code_problem(text: str) -> str | None:
    """Why `text` cannot be a dependencia's code, or None when it can."""
    if DEPENDENCIA_CODE.match(text):
        return None
    return (
        "Escriba de 1 a 20 letras mayúsculas sin tildes, números, puntos o guiones, "
        "por ejemplo 1JCL"
    )
