"""The notifier's form, and the administrator's deemed-notification rule."""

from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from werkzeug.datastructures import FileStorage
from wtforms import (
    DateField,
    MultipleFileField,
    RadioField,
    SelectField,
    StringField,
    TextAreaField,
    TimeField,
    ValidationError,
)
from wtforms.validators import InputRequired, Length, Optional

from blueprints.query import calendar_day
from domain import casilla
from domain.case_numbers import InvalidCaseNumber, normalize_case_number
from services.clock import court_now

DATE_HELP = "Escriba la fecha como día/mes/año, por ejemplo 01/12/2026"
MAX_ADDRESSEES = 50
MAX_ANNEXES = 10
WHEN = {"ahora": "En cuanto se emita", "programada": "En una fecha y hora hábil"}


def _date(label: str, missing: str) -> DateField:
    return DateField(
        label,
        format=["%d/%m/%Y", "%Y-%m-%d"],
        validators=[InputRequired(missing), calendar_day],
        invalid_value_message=DATE_HELP,
    )


class NotificationForm(FlaskForm):
    addressees = TextAreaField(
        "Destinatarios",
        validators=[
            InputRequired("Escriba el documento o el casillero de al menos un destinatario")
        ],
    )
    dependencia = SelectField(
        "Órgano o dependencia", invalid_choice_message="Elija el órgano que notifica"
    )
    case_number = StringField(
        "Número de expediente", validators=[InputRequired("Escriba el número de expediente")]
    )
    act_kind = SelectField(
        "Tipo de acto",
        choices=casilla.ActKind.choices(),
        invalid_choice_message="Elija el tipo de acto que notifica",
    )
    resolution_number = StringField(
        "Número de la resolución o del acto",
        validators=[
            InputRequired("Escriba el número de la resolución, por ejemplo 5"),
            Length(max=30, message="Escriba el número en 30 caracteres como máximo"),
        ],
    )
    resolution_date = _date("Fecha de la resolución", "Escriba la fecha de la resolución")
    summary = TextAreaField(
        "Sumilla",
        validators=[
            InputRequired("Escriba una sumilla breve de lo que se notifica"),
            Length(max=500, message="Escriba la sumilla en 500 caracteres como máximo"),
        ],
    )
    document = FileField(
        "Documento (PDF, hasta 20 MB)",
        validators=[FileRequired("Elija el PDF del documento que notifica")],
    )
    annexes = MultipleFileField("Anexos (opcional, PDF, hasta 20 MB cada uno)")
    when = RadioField(
        "Puesta a disposición",
        choices=WHEN,
        default="ahora",
        invalid_choice_message="Elija cuándo se pone a disposición",
    )
    scheduled_day = DateField(
        "Día", format=["%d/%m/%Y", "%Y-%m-%d"], validators=[Optional(), calendar_day],
        invalid_value_message=DATE_HELP,
    )  # fmt: skip
    scheduled_time = TimeField(
        "Hora", validators=[Optional()], invalid_value_message="Escriba la hora como 09:30"
    )

    def validate_case_number(self, field):
        try:
            field.data = normalize_case_number(field.data, court_now().date())
        except InvalidCaseNumber as error:
            raise ValidationError(str(error)) from None

    def validate_resolution_date(self, field):
        if field.data and field.data > court_now().date():
            raise ValidationError("La fecha de la resolución no puede ser posterior a hoy")

    def validate_addressees(self, field):
        lines = list(
            dict.fromkeys(line.strip() for line in field.data.splitlines() if line.strip())
        )
        if len(lines) > MAX_ADDRESSEES:
            raise ValidationError(f"Escriba como máximo {MAX_ADDRESSEES} destinatarios")
        field.data = "\n".join(lines)

    def validate_annexes(self, field):
        # Only files count: a text field of that name (a forged form) is no annex.
        files = [f for f in field.data or [] if isinstance(f, FileStorage) and f.filename]
        if len(files) > MAX_ANNEXES:
            raise ValidationError(f"Adjunte como máximo {MAX_ANNEXES} anexos")
        field.data = files

    def validate_when(self, field):
        if field.data == "programada" and not (
            self.scheduled_day.data and self.scheduled_time.data
        ):
            raise ValidationError("Escriba el día y la hora en que se pondrá a disposición")


class DeemedRuleForm(FlaskForm):
    count = RadioField(
        "Cómo se cuentan los días",
        choices=casilla.DayCount.choices(),
        invalid_choice_message="Elija días calendario o días hábiles",
    )
    days = StringField("Número de días", validators=[InputRequired("Escriba el número de días")])

    def validate_days(self, field):
        text = field.data.strip()
        if not (text.isascii() and text.isdigit() and 1 <= int(text[:4]) <= casilla.MAX_DAYS):
            raise ValidationError(f"Escriba un número de 1 a {casilla.MAX_DAYS}")
        field.data = str(int(text))
