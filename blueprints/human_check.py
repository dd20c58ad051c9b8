"""The self-hosted human check on public forms: a cost for bots, none for people.

With JavaScript on, the browser solves a proof-of-work puzzle (ALTCHA: the widget is
static/vendor/altcha, the `altcha` library signs and verifies) while the person fills the form.
Without JavaScript, or where the widget cannot run, the person answers a question in words
(domain/antibot.py). Either is signed, bound to this session, expires and is accepted once:
each successful form costs a fresh solution, so a bot pays for every booking.

A form sent back for another mistake does not ask again: the passed check leaves a one-use
pass in the session, spent by the next submission (and useless to a copy of the cookie once
spent, since its use is recorded on the server). Signed-in people are never asked.
"""

import json
import secrets
from datetime import timedelta

import altcha
from flask import current_app, session
from flask_login import current_user
from wtforms import HiddenField, StringField
from wtforms.validators import ValidationError

from domain import antibot
from models.security import UsedToken
from services.clock import timestamp, utc_now

PASS_SECONDS = 30 * 60  # a form sent back keeps its passed check this long
POW_SECONDS = 2 * 3600  # a puzzle older than this is stale
POW_ALGORITHM = "PBKDF2/SHA-256"
SESSION_KEY = "human_session"
PASS_KEY = "human_pass"

NOT_HUMAN = "No pudimos comprobar que es una persona. Vuelva a intentarlo"
STALE = "La comprobación venció o no es de esta sesión. Vuelva a intentarlo"
USED = "La comprobación ya se usó. Vuelva a intentarlo"


def human_check_needed() -> bool:
    return not current_user.is_authenticated


def session_id() -> str:
    """What binds a challenge to this browser's session: a random value kept in it."""
    if SESSION_KEY not in session:
        session[SESSION_KEY] = secrets.token_urlsafe(16)
    return session[SESSION_KEY]


def _keys() -> tuple[str, str]:
    secret = current_app.secret_key
    return f"altcha:{secret}", f"altcha-key:{secret}"


def new_puzzle() -> str:
    """A proof-of-work challenge for the widget, as JSON: solving it takes a browser about a
    second (HUMAN_CHECK_POW_COST iterations times a counter it must find by trying)."""
    config = current_app.config
    top = config["HUMAN_CHECK_POW_COUNTER"]
    challenge_key, derived_key = _keys()
    challenge = altcha.create_challenge(
        POW_ALGORITHM,
        config["HUMAN_CHECK_POW_COST"],
        counter=top // 2 + secrets.randbelow(top - top // 2 + 1),
        # Expiry is ours (the app's clock), not the library's expiresAt (the wall clock).
        data={"session": session_id(), "until": int(timestamp()) + POW_SECONDS},
        hmac_secret=challenge_key,
        hmac_key_secret=derived_key,
    )
    return json.dumps(challenge.to_dict(), separators=(",", ":"))


def verify_puzzle(payload: str) -> None:
    """Accept a solved puzzle once, in the session it was issued to; else ValidationError."""
    challenge_key, derived_key = _keys()
    try:
        parsed = altcha.Payload.from_base64(payload)
        result = altcha.verify_solution(parsed, challenge_key, hmac_key_secret=derived_key)
    except (ValueError, KeyError, TypeError, AttributeError, RecursionError):
        raise ValidationError(NOT_HUMAN) from None
    if not result.verified:
        raise ValidationError(NOT_HUMAN)
    data = parsed.challenge.parameters.data or {}
    if data.get("session") != session_id() or not timestamp() <= data.get("until", 0):
        raise ValidationError(STALE)
    if not UsedToken.use(f"pow:{parsed.challenge.signature}", utc_now() + timedelta(hours=3)):
        raise ValidationError(USED)


def _spend_pass() -> bool:
    """True when the session holds an unspent, unexpired pass; it is spent either way."""
    held = session.pop(PASS_KEY, None)
    if not held or held.get("until", 0) < timestamp():
        return False
    return UsedToken.use(f"pass:{held['id']}", utc_now() + timedelta(seconds=PASS_SECONDS))


class HumanCheckMixin:
    """Form fields of the check: the puzzle's solution, the question's answer and its signed
    token, a honeypot."""

    altcha = HiddenField()
    human_token = HiddenField()
    human_answer = StringField("Pregunta de comprobación")
    website = StringField("Deje este campo vacío")  # honeypot: hidden from people by CSS
    human_question = ""  # set by prepare_human_check when the check must be shown
    human_puzzle = ""
    human_passed = False  # this submission passed the check (the form may still fail)

    def prepare_human_check(self) -> None:
        """What to show for the check in this rendering: nothing when it is not needed or this
        submission passed it (then a pass keeps it for the next), else a fresh puzzle and
        question."""
        self.human_question = self.human_puzzle = ""
        if not human_check_needed():
            return
        if self.human_passed:
            session[PASS_KEY] = {
                "id": secrets.token_urlsafe(16),
                "until": timestamp() + PASS_SECONDS,
            }
            return
        if PASS_KEY in session and session[PASS_KEY].get("until", 0) >= timestamp():
            return
        challenge = antibot.new_challenge(current_app.secret_key, session_id(), int(timestamp()))
        self.human_question = challenge.question
        self.human_token.data = challenge.token
        self.human_answer.data = ""
        self.human_puzzle = new_puzzle()

    def validate_human_answer(self, field) -> None:
        if self.website.data:
            raise ValidationError(NOT_HUMAN)
        if not human_check_needed():
            return
        if _spend_pass():
            self.human_passed = True
            return
        if self.altcha.data:
            verify_puzzle(self.altcha.data)
            self.human_passed = True
            return
        if not (field.data or "").strip():
            raise ValidationError("Responda la pregunta de comprobación")
        try:
            nonce = antibot.verify(
                current_app.secret_key,
                self.human_token.data or "",
                field.data or "",
                session_id(),
                int(timestamp()),
                min_seconds=current_app.config["HUMAN_CHECK_MIN_SECONDS"],
            )
        except antibot.NotHuman as refusal:
            raise ValidationError(str(refusal)) from None
        if not UsedToken.use(f"human:{nonce}", utc_now() + timedelta(hours=3)):
            raise ValidationError("La comprobación ya se usó. Responda la nueva pregunta")
        self.human_passed = True
