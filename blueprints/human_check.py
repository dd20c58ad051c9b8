"""The self-hosted anti-bot check on public forms (domain/antibot.py), bound to the app."""

import time
from datetime import timedelta

from flask import current_app
from wtforms import HiddenField, StringField

from domain import antibot
from domain.clock import utc_now
from models.security import UsedToken


class HumanCheckMixin:
    """Form fields of the check: the question's answer, its signed token, a honeypot."""

    human_token = HiddenField()
    human_answer = StringField("Pregunta de comprobación")
    website = StringField("Deje este campo vacío")  # honeypot: hidden from people by CSS

    def prepare_human_check(self) -> None:
        """A fresh question for this rendering (the old one is spent or wrong)."""
        challenge = antibot.new_challenge(current_app.secret_key, int(time.time()))
        self.human_question = challenge.question
        self.human_token.data = challenge.token
        self.human_answer.data = ""

    def validate_human_answer(self, field) -> None:
        from wtforms.validators import ValidationError

        try:
            nonce = antibot.verify(
                current_app.secret_key, self.human_token.data or "", field.data or "",
                self.website.data or "", int(time.time()),
                min_seconds=current_app.config["HUMAN_CHECK_MIN_SECONDS"],
            )  # fmt: skip
        except antibot.NotHuman as refusal:
            raise ValidationError(str(refusal)) from None
        if not UsedToken.use(f"human:{nonce}", utc_now() + timedelta(hours=3)):
            raise ValidationError("La comprobación ya se usó. Responda la nueva pregunta")
