"""The fees step's forms: the act the document asks for (the fee calculator's questions on one
page), and a payment receipt typed in by sequence, date and time with its PDF."""

from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import (
    BooleanField,
    DateField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    TimeField,
)
from wtforms.validators import InputRequired, Length, Regexp, ValidationError

from blueprints.query import calendar_day
from domain.fees import ACTS, INSTANCES, PERSONS, PROCESSES, ROLES, SITUATIONS, act_groups
from services.filing_fees import NONE

ACT_CHOICES = {
    "": {"": "Elija una opción"},
    "Sin tasa": {NONE: "Mi documento no pide un acto con tasa"},
}
ACT_CHOICES |= {heading: {key: ACTS[key].label for key in keys} for heading, keys in act_groups()}
# Which form field holds each answer the calculator may complain about (its error's `field`).
FIELD_OF = {"process": "kind", "situations": "situations", "filers": "act"}


class FeesForm(FlaskForm):
    act = SelectField(
        "¿Qué pide su documento?",
        choices=ACT_CHOICES,
        validators=[InputRequired("Elija qué pide su documento, o que no pide un acto con tasa")],
        invalid_choice_message="Elija qué pide su documento de la lista",
    )
    # `process` is a method of every WTForms form; the field keeps the calculator's name.
    kind = SelectField(
        "Tipo de proceso",
        choices={"": "Elija el tipo de proceso"} | PROCESSES,
        name="process",
        invalid_choice_message="Elija el tipo de proceso de la lista",
    )
    role = RadioField(
        "¿Quién lo presenta en el proceso?",
        choices=ROLES,
        invalid_choice_message="Elija si es demandante, demandado o tercero",
        validate_choice=False,
    )
    person = RadioField(
        "Tipo de persona",
        choices=PERSONS,
        invalid_choice_message="Elija el tipo de persona",
        validate_choice=False,
    )
    cuantia = StringField("Cuantía del petitorio, en soles")
    unquantified = BooleanField("No se puede expresar en soles (cuantía indeterminable)")
    quantity = StringField("Folios, si el acto se paga por folio (copias)", default="1")
    parties = StringField("¿A cuántas partes hay que notificar?", default="0")
    instance = SelectField(
        "Instancia",
        choices=INSTANCES,
        default="especializado",
        invalid_choice_message="Elija la instancia de la lista",
    )
    situations = SelectMultipleField(
        "Situaciones que eximen o reducen la tasa",
        choices=SITUATIONS,
        invalid_choice_message="Elija situaciones de la lista",
    )
    monthly = StringField("Pensión mensual que se reclama (solo alimentos)")

    def validate_cuantia(self, field):
        if self.act.data in ("", NONE) or self.unquantified.data:
            return
        if not (field.data or "").strip():
            raise ValidationError(
                "Escriba la cuantía en soles o marque «No se puede expresar en soles»"
            )

    def answers(self) -> dict[str, str]:
        """The calculator's answers (keys of domain.fees.request_params), as strings."""
        if self.act.data == NONE:
            return {"act": NONE}
        return {
            "act": self.act.data,
            "process": self.kind.data or "",
            "role": self.role.data or "",
            "person": self.person.data or "",
            "cuantia": "" if self.unquantified.data else (self.cuantia.data or "").strip(),
            "situations": ",".join(sorted(self.situations.data or [])),
            "parties": (self.parties.data or "").strip() or "0",
            "instance": self.instance.data or "especializado",
            "quantity": (self.quantity.data or "").strip() or "1",
            "monthly": (self.monthly.data or "").strip(),
        }

    def fill(self, answers: dict[str, str]) -> None:
        """Show the answers kept in the draft again."""
        self.act.data = answers.get("act", "")
        self.kind.data = answers.get("process", "")
        self.role.data = answers.get("role")
        self.person.data = answers.get("person")
        self.cuantia.data = answers.get("cuantia", "")
        self.unquantified.data = answers.get("act") not in (None, NONE) and not self.cuantia.data
        self.situations.data = [s for s in answers.get("situations", "").split(",") if s]
        self.parties.data = answers.get("parties", "0")
        self.instance.data = answers.get("instance", "especializado")
        self.quantity.data = answers.get("quantity", "1")
        self.monthly.data = answers.get("monthly", "")

    def field_for(self, answer: str | None):
        """The field that shows the calculator's complaint about `answer`."""
        name = FIELD_OF.get(answer or "", answer or "act")
        return self[name] if name in self._fields else self.act


class ReceiptForm(FlaskForm):
    code = SelectField("Concepto que paga", invalid_choice_message="Elija el concepto que paga")
    sequence = StringField(
        "Número de secuencia",
        validators=[
            InputRequired("Escriba el número de secuencia del comprobante"),
            Length(max=30, message="La secuencia tiene 30 caracteres como máximo"),
            Regexp(
                r"^\s*[0-9A-Za-z-]+\s*$",
                message="Escriba la secuencia tal como figura, solo con números y letras",
            ),
        ],
    )
    paid_on = DateField(
        "Fecha de pago",
        format=["%Y-%m-%d", "%d/%m/%Y"],
        validators=[InputRequired("Escriba la fecha de pago del comprobante"), calendar_day],
        invalid_value_message="Escriba la fecha como día/mes/año, por ejemplo 15/11/2026",
    )
    paid_time = TimeField(
        "Hora de pago",
        validators=[InputRequired("Escriba la hora de pago, por ejemplo 10:30")],
        invalid_value_message="Escriba la hora como horas:minutos, por ejemplo 10:30",
    )
    image = FileField("El comprobante en PDF")
