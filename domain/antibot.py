"""The human check's question for browsers without JavaScript: signed, bound to one session,
single use. No Flask.

With JavaScript on, people solve a proof-of-work puzzle without noticing (blueprints/
human_check.py); this question is what everyone else answers. It is asked in words and needs
a little understanding ("Si hoy es martes, ¿qué día será mañana?"), so the answer is nowhere
on the page for a regular expression to lift, unlike the old "¿Cuánto es tres más cuatro?".
The expected answer never leaves the server: the token carries only its signature.
"""

import hashlib
import hmac
import re
import secrets
import unicodedata
from dataclasses import dataclass

from domain.clock import MONTHS
from domain.clock import WEEKDAYS as DAYS

MIN_SECONDS = 3  # faster than any person fills a form
MAX_SECONDS = 2 * 3600  # a challenge older than this is stale

# Numbers may be answered in digits or in words.
NUMBER_WORDS = (
    "cero uno dos tres cuatro cinco seis siete ocho nueve diez once doce trece catorce quince "
    "dieciseis diecisiete dieciocho diecinueve veinte veintiuno veintidos veintitres "
    "veinticuatro"
).split()
SYNONYMS = {"un": "1", "una": "1", "blanca": "blanco", "setiembre": "septiembre"}

# Facts anyone knows, each asked in several ways; the first answer is the one that is signed.
FACTS = [
    (("¿Cuántos días tiene una semana?", "Una semana, ¿cuántos días tiene?"), "7"),
    (("¿Cuántos meses tiene un año?", "Un año, ¿cuántos meses tiene?"), "12"),
    (("¿Cuántas patas tiene un perro?", "Un perro, ¿cuántas patas tiene?"), "4"),
    (("¿Cuántas ruedas tiene una bicicleta?", "Una bicicleta, ¿cuántas ruedas tiene?"), "2"),
    (("¿Cuántos dedos tiene una mano?", "Una mano, ¿cuántos dedos tiene?"), "5"),
    (("¿Cuántas horas tiene un día?", "Un día completo, ¿cuántas horas tiene?"), "24"),
    (("¿De qué color es la leche?", "La leche, ¿de qué color es?"), "blanco"),
    (
        ("¿Cuál es la capital del Perú?", "¿En qué ciudad está el Palacio de Gobierno del Perú?"),
        "lima",
    ),
]


class NotHuman(ValueError):
    """The check failed; the message says what to do."""


@dataclass(frozen=True)
class Challenge:
    question: str  # "Si hoy es martes, ¿qué día será mañana?"
    token: str  # issued-at, nonce and signature of session and answer, in a hidden field


def _questions() -> list[tuple[str, str]]:
    """Every (question, answer) the check can ask: a few hundred, in several forms."""
    table = []
    for i, day in enumerate(DAYS):
        after, before = DAYS[(i + 1) % 7], DAYS[i - 1]
        table += [
            (f"¿Qué día de la semana viene después del {day}?", after),
            (f"Si hoy es {day}, ¿qué día será mañana?", after),
            (f"Si ayer fue {before}, ¿qué día es hoy?", day),
            (f"¿Qué día de la semana viene antes del {day}?", before),
            (f"Si mañana es {after}, ¿qué día es hoy?", day),
            (f"Si hoy es {before}, ¿qué día será pasado mañana?", after),
        ]
    for i, month in enumerate(MONTHS):
        after, before = MONTHS[(i + 1) % 12], MONTHS[i - 1]
        table += [
            (f"¿Qué mes viene después de {month}?", after),
            (f"¿Qué mes viene antes de {month}?", before),
            (f"Si este mes es {before}, ¿qué mes será el próximo?", month),
            (f"Si el mes pasado fue {before}, ¿qué mes es este?", month),
        ]
    for forms, answer in FACTS:
        table += [(form, answer) for form in forms]
    return table


QUESTIONS = _questions()


def canonical(answer: str) -> str:
    """The answer as it is signed: no case, accents, punctuation or article; numbers as digits."""
    text = unicodedata.normalize("NFKD", answer.casefold())
    text = "".join(c for c in text if not unicodedata.combining(c))
    words = re.sub(r"[^\w\s]", " ", text).split()
    words = [w for w in words if w not in ("el", "la", "es", "de", "color")] or words
    text = " ".join(words)
    if text in NUMBER_WORDS:
        return str(NUMBER_WORDS.index(text))
    return SYNONYMS.get(text, text)


def _sign(secret: str, issued: int, nonce: str, session_id: str, answer: str) -> str:
    message = f"{issued}:{nonce}:{session_id}:{canonical(answer)}".encode()
    return hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()[:32]


def new_challenge(secret: str, session_id: str, now: int) -> Challenge:
    question, answer = QUESTIONS[secrets.randbelow(len(QUESTIONS))]
    nonce = secrets.token_urlsafe(12)
    token = f"{now}.{nonce}.{_sign(secret, now, nonce, session_id, answer)}"
    return Challenge(question, token)


def verify(
    secret: str,
    token: str,
    answer: str,
    session_id: str,
    now: int,
    min_seconds: int = MIN_SECONDS,
) -> str:
    """Return the challenge's nonce (to be used only once), or raise NotHuman. A token issued
    to another session fails like a wrong answer: the signature covers the session."""
    try:
        issued_text, nonce, signature = token.split(".")
        issued = int(issued_text)
    except ValueError:
        raise NotHuman("La comprobación venció. Responda la nueva pregunta") from None
    if now - issued < min_seconds:
        raise NotHuman("Envió el formulario demasiado rápido. Revise los datos y envíelo otra vez")
    if now - issued > MAX_SECONDS:
        raise NotHuman("La comprobación venció. Responda la nueva pregunta")
    if not hmac.compare_digest(_sign(secret, issued, nonce, session_id, answer), signature):
        raise NotHuman(
            "La respuesta de la comprobación no es correcta. Lea la pregunta otra vez y "
            "responda con una palabra o un número"
        )
    return nonce
