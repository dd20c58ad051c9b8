"""Password policies: ASVS's length-only rule (the default) or seed 001's composition rule.
No Flask."""

import re
from functools import cache

from zxcvbn.frequency_lists import FREQUENCY_LISTS

# ASVS 4.0.3 V2.1: at least 12 characters once repeated spaces are combined (2.1.1), up to 128
# (2.1.2, at least 64 must be allowed), no composition rules (2.1.9), no common or breached
# password (2.1.7). Seed 001's rule stays for a court that must keep it.
DEFAULT_POLICY = "asvs"
POLICIES = {
    "asvs": "Al menos 12 caracteres; puede usar una frase de varias palabras",
    "seed001": "Al menos 8 caracteres, con una mayúscula, un número y un carácter especial",
}
MIN_LENGTH = {"asvs": 12, "seed001": 8}
MAX_LENGTH = 128
LEET = str.maketrans("@4310$5!7", "aaeiosslt")


class WeakPassword(ValueError):
    """The password breaks the policy; the message says everything to change, at once."""

    def __init__(self, problems: list[str] | str):
        self.problems = [problems] if isinstance(problems, str) else list(problems)
        super().__init__(" ".join(self.problems))


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


def problems(password: str, policy: str, context: tuple[str, ...] = ()) -> list[str]:
    """Every rule of `policy` that `password` breaks, one sentence each (none: it may be used),
    so a person learns them all in one submission; `context`: words it must not contain."""
    needs, found = [], []
    length = len(re.sub(" {2,}", " ", password))  # ASVS: repeated spaces count as one
    minimum = MIN_LENGTH.get(policy, MIN_LENGTH[DEFAULT_POLICY])
    if length < minimum:
        needs.append(f"al menos {minimum} caracteres")
    if policy == "seed001":
        if not re.search(r"[A-ZÁÉÍÓÚÑ]", password):
            needs.append("una letra mayúscula")
        if not re.search(r"\d", password):
            needs.append("un número")
        if not re.search(r"[^\w\s]|_", password):
            needs.append("un carácter especial (como - o #)")
    if needs:
        found.append(f"La contraseña debe tener {_listed(needs)}.")
    if length > MAX_LENGTH:
        found.append(f"La contraseña puede tener hasta {MAX_LENGTH} caracteres.")
    if _variants(password) & well_known():
        found.append("Esa contraseña es de las más usadas y fáciles de adivinar: elija otra.")
    lower = password.lower()
    if any(word and len(word) >= 4 and word.lower() in lower for word in context):
        found.append("La contraseña no puede contener su número de documento ni su correo.")
    return found


def _listed(items: list[str]) -> str:
    """'a', 'a y b', 'a, b y c'."""
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} y {items[-1]}"


def check_password(password: str, policy: str, context: tuple[str, ...] = ()) -> None:
    """Raise WeakPassword, with every problem, unless `password` passes `policy`."""
    if found := problems(password, policy, context):
        raise WeakPassword(found)
