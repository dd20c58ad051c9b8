"""The desk's forms: an answer, and the complaint period an administrator sets."""

from flask_wtf import FlaskForm
from wtforms import HiddenField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, ValidationError

from domain.assistance import MAX_ANSWER, MAX_CLAIM_DAYS


class AnswerForm(FlaskForm):
    body = TextAreaField(
        "Respuesta",
        validators=[
            DataRequired("Escriba la respuesta que recibirá la persona"),
            Length(max=MAX_ANSWER, message=f"Escriba la respuesta en {MAX_ANSWER} caracteres"),
        ],
    )
    seen = HiddenField()  # how many answers the screen showed

    def seen_count(self) -> int:
        typed = self.seen.data or ""
        return int(typed) if typed.isascii() and typed.isdigit() and len(typed) < 6 else -1


class ClaimDaysForm(FlaskForm):
    days = StringField("Días hábiles para responder un reclamo")

    def validate_days(self, field):
        typed = (field.data or "").strip()
        if not (typed.isascii() and typed.isdigit() and len(typed) <= 3):
            raise ValidationError("Escriba un número entero de días, por ejemplo 30")
        if not 1 <= int(typed) <= MAX_CLAIM_DAYS:
            raise ValidationError(f"Escriba un número de días entre 1 y {MAX_CLAIM_DAYS}")
        field.data = typed
