"""The form of one published hearing."""

import secrets

from flask_wtf import FlaskForm
from wtforms import DateField, HiddenField, IntegerField, SelectField, StringField, TimeField
from wtforms.validators import InputRequired, Length, NumberRange, ValidationError

from blueprints.query import calendar_day
from domain.case_numbers import EXAMPLE, InvalidCaseNumber, normalize_case_number
from domain.hearings import MAX_MINUTES, HearingKind, InvalidLink, check_virtual_link
from services.clock import court_now


class HearingForm(FlaskForm):
    dependencia = SelectField(
        "Juzgado o sala",
        validators=[InputRequired("Elija el juzgado o la sala")],
        invalid_choice_message="Elija uno de los juzgados o salas de la lista",
    )
    day = DateField(
        "Fecha",
        validators=[InputRequired("Escriba la fecha de la audiencia"), calendar_day],
        invalid_value_message="Escriba la fecha como año-mes-día, por ejemplo 2026-12-15",
    )
    starts = TimeField(
        "Hora de inicio",
        validators=[InputRequired("Escriba la hora de inicio, por ejemplo 09:30")],
        invalid_value_message="Escriba la hora como horas:minutos, por ejemplo 09:30",
    )
    minutes = IntegerField(
        "Duración prevista (minutos)",
        default=60,
        validators=[
            InputRequired("Escriba la duración prevista en minutos, por ejemplo 60"),
            NumberRange(5, MAX_MINUTES, f"Escriba una duración entre 5 y {MAX_MINUTES} minutos"),
        ],
    )
    case_number = StringField(
        "Número de expediente",
        validators=[InputRequired(f"Escriba el número de expediente, como {EXAMPLE}")],
    )
    kind = SelectField(
        "Tipo de audiencia",
        choices=HearingKind.choices(),
        validators=[InputRequired("Elija el tipo de audiencia")],
        invalid_choice_message="Elija uno de los tipos de audiencia de la lista",
    )
    room = StringField(
        "Sala",
        validators=[Length(max=120, message="Escriba la sala en 120 caracteres o menos")],
    )
    virtual_url = StringField("Enlace de la sala virtual")
    request_key = HiddenField(
        default=lambda: secrets.token_urlsafe(16),
        validators=[Length(max=64, message="El formulario no es válido. Vuelva a abrirlo")],
    )

    def validate_case_number(self, field):
        try:
            field.data = normalize_case_number(field.data, court_now().date())
        except InvalidCaseNumber as error:
            raise ValidationError(str(error)) from None

    def validate_virtual_url(self, field):
        try:
            field.data = check_virtual_link(field.data)
        except InvalidLink as error:
            raise ValidationError(str(error)) from None

    def validate_room(self, field):
        if not (field.data or "").strip() and not (self.virtual_url.data or "").strip():
            raise ValidationError("Escriba la sala, el enlace de la sala virtual o ambos")


class WithdrawForm(FlaskForm):
    """Only the CSRF token: the confirmation page's button."""
