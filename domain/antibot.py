"""A self-hosted human check: a small sum written in words, signed, single use. No Flask.

It needs no JavaScript, no image and no third party, so it works on a low-end phone, with a
screen reader and on a court network without internet. A hidden honeypot field and a minimum
time to fill the form stop the simplest bots without asking anything.
"""

import hashlib
import hmac
import secrets
from dataclasses import dataclass

NUMBERS = ("cero", "uno", "dos", "tres", "cuatro", "cinco", "seis", "siete", "ocho", "nueve")
MIN_SECONDS = 3  # faster than any person fills a form
MAX_SECONDS = 2 * 3600  # a challenge older than this is stale


class NotHuman(ValueError):
    """The check failed; the message says what to do."""


@dataclass(frozen=True)
class Challenge:
    question: str  # "¿Cuánto es tres más cuatro?"
    token: str  # issued-at, nonce and signature of the answer, carried in a hidden field


def _sign(secret: str, issued: int, nonce: str, answer: str) -> str:
    message = f"{issued}:{nonce}:{answer}".encode()
    return hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()[:32]


def new_challenge(secret: str, now: int) -> Challenge:
    a, b = secrets.randbelow(9) + 1, secrets.randbelow(9) + 1
    nonce = secrets.token_urlsafe(12)
    token = f"{now}.{nonce}.{_sign(secret, now, nonce, str(a + b))}"
    return Challenge(f"¿Cuánto es {NUMBERS[a]} más {NUMBERS[b]}?", token)


def verify(
    secret: str, token: str, answer: str, honeypot: str, now: int, min_seconds: int = MIN_SECONDS
) -> str:
    """Return the challenge's nonce (to be used only once), or raise NotHuman."""
    if honeypot:
        raise NotHuman("No pudimos comprobar que es una persona. Vuelva a intentarlo")
    try:
        issued_text, nonce, signature = token.split(".")
        issued = int(issued_text)
    except ValueError:
        raise NotHuman("La comprobación venció. Responda la nueva pregunta") from None
    if now - issued < min_seconds:
        raise NotHuman("Envió el formulario demasiado rápido. Revise los datos y envíelo otra vez")
    if now - issued > MAX_SECONDS:
        raise NotHuman("La comprobación venció. Responda la nueva pregunta")
    typed = answer.strip().lower()
    typed = str(NUMBERS.index(typed)) if typed in NUMBERS else typed
    if not hmac.compare_digest(_sign(secret, issued, nonce, typed), signature):
        raise NotHuman(
            "La respuesta no es correcta. Escriba el resultado en números, por ejemplo 7"
        )
    return nonce
