"""The assistance form: who asks, how to answer them, what they ask."""

from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, HiddenField, RadioField, StringField, TextAreaField
from wtforms.validators import Email, InputRequired, Length, ValidationError

from blueprints.fields import check_document_number, name_field, phone_digits
from blueprints.human_check import HumanCheckMixin
from domain.assistance import MAX_AGE, MAX_TEXT, MIN_AGE, MIN_TEXT, AssistanceKind, Gender


def _name(label: str, missing: str) -> StringField:
    return name_field(
        label,
        missing,
        too_long=f"{label}: 60 caracteres como máximo",
        wrong=f"{label}: escriba solo letras, apóstrofos, guiones y espacios",
    )


def _email(label: str, missing: str) -> EmailField:
    return EmailField(
        label,
        validators=[
            InputRequired(missing),
            Length(max=120, message="El correo es demasiado largo"),
            Email("Escriba un correo válido, por ejemplo nombre@correo.com"),
        ],
    )


class AssistanceForm(HumanCheckMixin, FlaskForm):
    kind = RadioField(
        "¿Qué desea enviar?",
        choices=AssistanceKind.choices(),
        validators=[InputRequired("Elija si es una consulta, una sugerencia o un reclamo")],
        invalid_choice_message="Elija consulta, sugerencia o reclamo",
    )
    names = _name("Nombres", "Escriba sus nombres")
    surnames = _name("Apellidos", "Escriba sus apellidos")
    doc_type = RadioField(
        "Tipo de documento",
        validators=[InputRequired("Elija el tipo de documento")],
        invalid_choice_message="Elija el tipo de documento de la lista",
    )
    doc_number = StringField("Número de documento")
    gender = RadioField(
        "Género",
        choices=Gender.choices(),
        validators=[InputRequired("Elija una opción de género")],
        invalid_choice_message="Elija una opción de género de la lista",
    )
    age = StringField("Edad")
    phone = StringField("Teléfono de contacto")
    email = _email("Correo electrónico de contacto", "Escriba su correo electrónico")
    email_confirm = _email("Repita el correo electrónico", "Repita su correo electrónico")
    text = TextAreaField(
        "Su consulta, sugerencia o reclamo",
        validators=[
            InputRequired("Escriba su consulta, sugerencia o reclamo"),
            Length(
                min=MIN_TEXT,
                max=MAX_TEXT,
                message=f"Escriba entre {MIN_TEXT} y {MAX_TEXT} caracteres",
            ),
        ],
    )
    privacy = BooleanField(
        "Leí y acepto la política de privacidad y el tratamiento de mis datos personales",
        validators=[InputRequired("Acepte la política de privacidad para enviar el pedido")],
    )
    request_key = HiddenField()

    def validate_doc_number(self, field):
        check_document_number(self, field)

    def validate_age(self, field):
        typed = (field.data or "").strip()
        if not typed:
            raise ValidationError("Escriba su edad en años")
        if not (typed.isascii() and typed.isdigit() and len(typed) <= 3):
            raise ValidationError("Escriba su edad en años, solo con números")
        if not MIN_AGE <= int(typed) <= MAX_AGE:
            raise ValidationError(f"Escriba una edad entre {MIN_AGE} y {MAX_AGE} años")
        field.data = typed

    def validate_phone(self, field):
        field.data = phone_digits(field.data)

    def validate_email_confirm(self, field):
        if self.email.errors or not field.data:
            return
        if field.data.strip().lower() != (self.email.data or "").strip().lower():
            raise ValidationError("Los dos correos no coinciden: escríbalo igual en ambos campos")

    def validate_text(self, field):
        field.data = field.data.strip()
        if len(field.data) < MIN_TEXT:
            raise ValidationError(f"Escriba entre {MIN_TEXT} y {MAX_TEXT} caracteres")
