"""The self-hosted anti-bot check on public forms (domain/antibot.py), bound to the app.

Once a person answers it, the session is trusted for a while: a form sent back for another
mistake, or the next public form, does not ask again. Signed-in people are never asked.
"""

from datetime import timedelta

from flask import current_app, session
from flask_login import current_user
from wtforms import HiddenField, StringField
from wtforms.validators import ValidationError

from domain import antibot
from models.security import UsedToken
from services.clock import timestamp, utc_now

TRUST_SECONDS = 30 * 60


def human_check_needed() -> bool:
    if current_user.is_authenticated:
        return False
    return session.get("human_ok_until", 0) < timestamp()


class HumanCheckMixin:
    """Form fields of the check: the question's answer, its signed token, a honeypot."""

    human_token = HiddenField()
    human_answer = StringField("Pregunta de comprobación")
    website = StringField("Deje este campo vacío")  # honeypot: hidden from people by CSS
    human_question = ""  # set by prepare_human_check when the question must be asked

    def prepare_human_check(self) -> None:
        """A fresh question for this rendering, if this session still has to answer one."""
        if not human_check_needed():
            self.human_question = ""
            return
        challenge = antibot.new_challenge(current_app.secret_key, int(timestamp()))
        self.human_question = challenge.question
        self.human_token.data = challenge.token
        self.human_answer.data = ""

    def validate_human_answer(self, field) -> None:
        if self.website.data:
            raise ValidationError("No pudimos comprobar que es una persona. Vuelva a intentarlo")
        if not human_check_needed():
            return
        if not (field.data or "").strip():
            raise ValidationError("Responda la pregunta de comprobación, con números")
        try:
            nonce = antibot.verify(
                current_app.secret_key,
                self.human_token.data or "",
                field.data or "",
                "",
                int(timestamp()),
                min_seconds=current_app.config["HUMAN_CHECK_MIN_SECONDS"],
            )
        except antibot.NotHuman as refusal:
            raise ValidationError(str(refusal)) from None
        if not UsedToken.use(f"human:{nonce}", utc_now() + timedelta(hours=3)):
            raise ValidationError("La comprobación ya se usó. Responda la nueva pregunta")
        session["human_ok_until"] = timestamp() + TRUST_SECONDS
