"""Password policies: seed 001's composition rule or ASVS's length-only rule. No Flask."""

import re
from functools import cache

from zxcvbn.frequency_lists import FREQUENCY_LISTS

POLICIES = {
    "seed001": "Al menos 8 caracteres, con una mayúscula, un número y un carácter especial",
    "asvs": "Al menos 12 caracteres; puede usar una frase de varias palabras",
}
MAX_LENGTH = 128
LEET = str.maketrans("@4310$5!7", "aaeiosslt")


class WeakPassword(ValueError):
    """The password breaks the policy; the message says what to change."""


@cache
def well_known() -> frozenset[str]:
    """The 30,000 most used passwords from leaks (as shipped with zxcvbn)."""
    return frozenset(FREQUENCY_LISTS["passwords"])


def _variants(password: str) -> set[str]:
    """The forms people dress a common password in: case, leetspeak, digits and signs added."""
    lower = password.lower()
    stripped = re.sub(r"^[\W\d_]+|[\W\d_]+$", "", lower)
    forms = {lower, lower.translate(LEET)}
    if len(stripped) >= 5:  # shorter cores ("xy" of "Xy#1234567") are not a known password
        forms |= {stripped, stripped.translate(LEET)}
    return forms


def check_password(password: str, policy: str, context: tuple[str, ...] = ()) -> None:
    """Raise WeakPassword unless `password` passes `policy` and avoids `context` words."""
    if len(password) > MAX_LENGTH:
        raise WeakPassword(f"La contraseña puede tener hasta {MAX_LENGTH} caracteres")
    if policy == "asvs":
        if len(password) < 12:
            raise WeakPassword("La contraseña debe tener al menos 12 caracteres")
    else:
        if len(password) < 8:
            raise WeakPassword("La contraseña debe tener al menos 8 caracteres")
        if not re.search(r"[A-ZÁÉÍÓÚÑ]", password):
            raise WeakPassword("La contraseña debe tener al menos una letra mayúscula")
        if not re.search(r"\d", password):
            raise WeakPassword("La contraseña debe tener al menos un número")
        if not re.search(r"[^\w\s]|_", password):
            raise WeakPassword("La contraseña debe tener al menos un carácter especial, como - o #")
    if _variants(password) & well_known():
        raise WeakPassword("Esa contraseña es de las más usadas y fáciles de adivinar. Elija otra")
    lower = password.lower()
    for word in context:
        if word and len(word) >= 4 and word.lower() in lower:
            raise WeakPassword(
                "La contraseña no puede contener su número de documento ni su correo"
            )
