"""The clerk's forms: where a validated filing goes, what the filer must correct."""

from flask_wtf import FlaskForm
from wtforms import SelectField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, Optional

NOTE_MAX = 2000


class DeriveForm(FlaskForm):
    dependencia_id = SelectField(
        "Dependencia a la que se deriva",
        validators=[InputRequired("Elija la dependencia a la que se deriva")],
        validate_choice=True,
        invalid_choice_message="Elija una dependencia de la lista",
    )


class ObserveForm(FlaskForm):
    note = TextAreaField(
        "Qué debe corregir el remitente",
        validators=[
            DataRequired("Escriba qué debe corregir el remitente"),  # spaces are not a reason
            Length(max=NOTE_MAX, message=f"Escriba hasta {NOTE_MAX} caracteres"),
        ],
    )


class AttendForm(FlaskForm):
    note = TextAreaField(
        "Comentario (opcional)",
        validators=[
            Optional(),
            Length(max=NOTE_MAX, message=f"Escriba hasta {NOTE_MAX} caracteres"),
        ],
    )
