"""The inbox filters: a GET form (no CSRF token), so a filtered list is a link like any other."""

from wtforms import DateField, Form, RadioField, StringField, ValidationError
from wtforms.validators import Length, Optional

from blueprints.query import calendar_day

READ_STATES = {"todas": "Todas", "no-leidas": "No leídas", "leidas": "Leídas"}
DATE_HELP = "Escriba la fecha como día/mes/año, por ejemplo 01/12/2026"


def date_field(label: str) -> DateField:
    return DateField(
        label,
        format=["%Y-%m-%d", "%d/%m/%Y"],
        validators=[Optional(), calendar_day],
        invalid_value_message=DATE_HELP,
    )


class InboxFilterForm(Form):
    estado = RadioField(
        "Mostrar",
        choices=READ_STATES,
        default="todas",
        invalid_choice_message="Elija todas, no leídas o leídas",
    )
    expediente = StringField(
        "Número de expediente",
        validators=[Length(max=40, message="Escriba como máximo 40 caracteres")],
    )
    desde = date_field("Recibidas desde")
    hasta = date_field("Hasta")

    def validate_hasta(self, field):
        if field.data and self.desde.data and field.data < self.desde.data:
            raise ValidationError("La fecha «Hasta» debe ser igual o posterior a «Desde»")
