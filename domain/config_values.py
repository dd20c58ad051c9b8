"""The values of the configuration file: each kind of field, checked and written one way.

convert() gives a value in canonical form (times "HH:MM", dates "YYYY-MM-DD") or the Spanish
message saying what is wrong with it. No Flask, no database.
"""

import re
from dataclasses import dataclass
from datetime import date, datetime

MAX_INT = 2**31 - 1  # what every database's INTEGER holds
TIME = re.compile(r"^([01]?\d|2[0-3]):([0-5]\d)(?::([0-5]\d))?$")
DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")  # PostgreSQL refuses NUL, too
KINDS = ("text", "int", "number", "bool", "time", "date", "choice", "ref", "refs")


@dataclass(frozen=True)
class Field:
    """One key of a row: its kind, whether it must be given, and what it may hold."""

    name: str
    kind: str  # one of KINDS
    required: bool = False  # no default: the row must give it
    nullable: bool = False
    default: object = None  # in document form, filled in when the key is missing
    choices: tuple = ()  # kind "choice": the values the document may hold
    ref: str = ""  # kind "ref" / "refs": the section whose key this names (a list: refs)
    max_length: int | None = None
    minimum: int = 0
    maximum: int = MAX_INT


def convert(value, spec: Field) -> tuple[object, str]:
    """The value in canonical form, or the message saying what is wrong with it."""
    if value is None:
        if spec.nullable:
            return None, ""
        return None, "no puede quedar vacío"
    return CONVERTERS[spec.kind](value, spec)


def _text(value, spec: Field):
    if not isinstance(value, str):
        return None, "debe ser un texto"
    if spec.required and not value.strip():
        return None, "no puede quedar vacío"
    if CONTROL.search(value):
        return None, "tiene caracteres de control; escríbalo como texto simple"
    if spec.max_length and len(value) > spec.max_length:
        return None, f"debe tener como máximo {spec.max_length} caracteres"
    return value, ""


def _int(value, spec: Field):
    if isinstance(value, bool) or not isinstance(value, int):
        return None, "debe ser un número entero"
    if not spec.minimum <= value <= spec.maximum:
        return None, f"debe estar entre {spec.minimum} y {spec.maximum}"
    return value, ""


def _number(value, spec: Field):
    """A decimal number (a sede's latitude), within the field's bounds."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None, "debe ser un número, como -12.0464"
    if not spec.minimum <= value <= spec.maximum:
        return None, f"debe estar entre {spec.minimum} y {spec.maximum}"
    return float(value), ""


def _bool(value, spec: Field):
    if not isinstance(value, bool):
        return None, "debe ser true o false"
    return value, ""


def _time(value, spec: Field):
    if isinstance(value, int) and not isinstance(value, bool):
        # YAML 1.1 reads an unquoted 12:00 as the number 720 (minutes in base 60).
        return None, 'escriba la hora entre comillas, como "12:00"'
    match = TIME.match(value) if isinstance(value, str) else None
    if not match:
        return None, 'debe ser una hora como "08:30"'
    hours, minutes, seconds = match.groups()
    text = f"{int(hours):02d}:{minutes}"
    return (f"{text}:{seconds}" if seconds and seconds != "00" else text), ""


def _date(value, spec: Field):
    if isinstance(value, date) and not isinstance(value, datetime):
        return value.isoformat(), ""
    if isinstance(value, str) and DATE.match(value):
        try:
            return date.fromisoformat(value).isoformat(), ""
        except ValueError:
            pass
    return None, 'debe ser una fecha como "2027-01-01"'


def _choice(value, spec: Field):
    if value not in spec.choices or isinstance(value, bool):
        return None, f"debe ser uno de: {', '.join(map(str, spec.choices))}"
    return value, ""


def _ref(value, spec: Field):
    if not isinstance(value, str) or not value:
        return None, f"debe ser el código de un elemento de {spec.ref}"
    return value, ""


def _refs(value, spec: Field):
    if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
        return None, f"debe ser una lista de códigos de {spec.ref}"
    repeated = sorted({v for v in value if value.count(v) > 1})
    if repeated:
        return None, f"«{', '.join(repeated)}» se repite en la lista"
    return list(value), ""


CONVERTERS = {
    "refs": _refs,
    "text": _text,
    "int": _int,
    "number": _number,
    "bool": _bool,
    "time": _time,
    "date": _date,
    "choice": _choice,
    "ref": _ref,
}
