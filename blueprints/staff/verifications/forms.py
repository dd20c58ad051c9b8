"""The verifier's form: the reason for a rejection, which the person reads."""

from flask_wtf import FlaskForm
from wtforms import TextAreaField
from wtforms.validators import DataRequired, Length


class RejectForm(FlaskForm):
    reason = TextAreaField(
        "Motivo del rechazo",
        validators=[
            DataRequired("Escriba el motivo del rechazo, para que la persona sepa qué corregir"),
            Length(max=500, message="Escriba el motivo en 500 caracteres como máximo"),
        ],
    )
