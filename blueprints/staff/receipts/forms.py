"""Forms of the receipt screens: registration, habilitación and devolución."""

from flask_wtf import FlaskForm
from wtforms import BooleanField, DateField, HiddenField, RadioField, SelectField, StringField
from wtforms.validators import (
    InputRequired,
    Length,
    Optional,
    Regexp,
    StopValidation,
    ValidationError,
)

from blueprints.query import calendar_day
from domain.fees import CLAUSES, CODES, InvalidFeeRequest, parse_soles
from domain.identity import normalize

DATE_FORMATS = ["%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y"]
DATE_HELP = "Escriba la fecha como día/mes/año, por ejemplo 15/12/2025"
CODE_CHOICES = {"": "No indicar"} | {code: f"{code} · {c.name}" for code, c in CODES.items()}
CLAUSE_CHOICES = {letter: f"{letter}) {clause.title}" for letter, clause in CLAUSES.items()}
CLAUSE_HINTS = {
    letter: " ".join(
        filter(None, ["Presenta: " + "; ".join(c.requires) + "." if c.requires else "", c.note])
    )
    for letter, c in CLAUSES.items()
}
DISTRICT_CHOICES = {"este": "En este distrito judicial", "otro": "En otro distrito judicial"}


class SolesField(StringField):
    """An amount in soles as people type it ('S/ 1,287.50'); `.value` is the Decimal. With
    `missing` the amount is required, and spaces (or a bare "S/") are no amount."""

    value = None

    def __init__(self, label=None, validators=(), missing: str = "", **kwargs):
        super().__init__(
            label, [InputRequired(missing), *validators] if missing else validators, **kwargs
        )
        self.missing = missing

    def pre_validate(self, form):
        try:
            self.value = parse_soles(self.data)
        except InvalidFeeRequest:
            raise ValidationError(
                f"{self.label.text}: escriba el monto en soles, con punto para los céntimos, "
                "por ejemplo 53.50"
            ) from None
        if self.value is None and self.missing:
            raise StopValidation(self.missing)
        if self.value is not None and self.value <= 0:
            raise ValidationError(f"{self.label.text}: escriba un monto mayor que cero")


def date_field(label: str, missing: str = "") -> DateField:
    return DateField(
        label,
        format=DATE_FORMATS,
        validators=[InputRequired(missing) if missing else Optional(), calendar_day],
        invalid_value_message=DATE_HELP,
    )


class ReceiptMixin:
    """Sequence and date: how the bank and the court know a receipt (art. 14.1.1)."""

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
    paid_on = date_field("Fecha de pago", "Escriba la fecha de pago del comprobante")


class ReceiptForm(ReceiptMixin, FlaskForm):
    amount = SolesField("Monto pagado", missing="Escriba el monto pagado")
    payer_document = StringField(
        "Documento del pagador (DNI o RUC)",
        validators=[
            InputRequired("Escriba el número de documento que figura en el comprobante"),
            Length(max=20, message="El documento tiene 20 caracteres como máximo"),
        ],
    )
    used_for = StringField(
        "Acto o escrito para el que se usa",
        validators=[
            InputRequired("Escriba para qué escrito o acto se usa el comprobante"),
            Length(max=200, message="Describa el acto en 200 caracteres como máximo"),
        ],
    )
    expected_code = SelectField(
        "Concepto que pide el acto (opcional)",
        choices=CODE_CHOICES,
        invalid_choice_message="Elija un concepto de la lista",
    )
    expected_amount = SolesField("Monto que pide el acto, según la calculadora (opcional)")
    accept_typo = BooleanField("Acepto el error de digitación en el documento (art. 37 b)")

    def validate_payer_document(self, field):
        if not normalize(field.data).isdigit():
            raise ValidationError("Escriba el documento del pagador solo con números")


class HabilitationForm(ReceiptMixin, FlaskForm):
    clause = RadioField(
        "Causal de habilitación (art. 37)",
        choices=CLAUSE_CHOICES,
        validators=[InputRequired("Elija la causal que invoca la persona")],
        invalid_choice_message="Elija una causal de la lista",
    )
    district = RadioField(
        "¿Dónde se usará el comprobante?",
        choices=DISTRICT_CHOICES,
        default="este",
        validators=[InputRequired("Elija dónde se usará el comprobante")],
        invalid_choice_message="Elija una de las dos opciones",
    )
    target_amount = SolesField("Monto del nuevo concepto (opcional)")
    returned_on = date_field("Fecha de entrega del comprobante o de notificación de la resolución")
    supporting_document = StringField(
        "Número del documento de sustento (art. 37 b)",
        validators=[
            Optional(),
            Length(max=20, message="El documento tiene 20 caracteres como máximo"),
        ],
    )
    sealed_on = date_field("Fecha del sello puesto por error (art. 37 d)")
    certified_on = date_field("Fecha de la constancia del área receptora (art. 37 d)")
    bank_certificate = BooleanField("Presenta la certificación bancaria del pago (art. 37 h)")
    action = HiddenField()


class RefundForm(ReceiptMixin, FlaskForm):
    court_order = BooleanField("Hay un mandato judicial que autoriza la devolución")
    demand_improcedente = BooleanField("La demanda fue declarada improcedente")
