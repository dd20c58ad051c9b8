"""The booking, look-up and rescheduling forms."""

import re

from flask_wtf import FlaskForm
from wtforms import BooleanField, DateField, EmailField, HiddenField, RadioField, StringField
from wtforms.validators import Email, InputRequired, Length, Regexp, ValidationError

from blueprints.human_check import HumanCheckMixin
from domain.identity import DOCUMENT_TYPES, InvalidDocument, check_document

NAME_PATTERN = r"^[A-Za-zÁÉÍÓÚÜÑáéíóúüñ' .\-]+$"


def check_document_number(form, field) -> None:
    """The number, checked offline against the chosen type (a missing type has its own error)."""
    if form.doc_type.errors:
        if not (field.data or "").strip():
            raise ValidationError("Escriba el número de su documento")
        return
    try:
        field.data = check_document(form.doc_type.data, field.data)
    except InvalidDocument as error:
        raise ValidationError(str(error)) from None


def phone_digits(text: str | None) -> str:
    """A Peruvian mobile (9 digits) or landline, without spaces, dashes or +51."""
    digits = re.sub(r"[\s\-()]", "", text or "").removeprefix("+51")
    if not digits:
        raise ValidationError("Escriba su número de celular o teléfono")
    if not digits.isdigit() or not 7 <= len(digits) <= 9:
        raise ValidationError("Escriba un celular de 9 dígitos o un teléfono fijo")
    return digits


class IdentityForm(HumanCheckMixin, FlaskForm):
    doc_type = RadioField(
        "Tipo de documento",
        choices=DOCUMENT_TYPES,
        validators=[InputRequired("Elija el tipo de documento")],
        invalid_choice_message="Elija el tipo de documento de la lista",
    )
    doc_number = StringField("Número de documento")
    names = StringField(
        "Nombres",
        validators=[
            InputRequired("Escriba sus nombres"),
            Length(max=60, message="Escriba sus nombres en 60 caracteres como máximo"),
            Regexp(NAME_PATTERN, message="Escriba sus nombres solo con letras"),
        ],
    )
    surnames = StringField(
        "Apellidos",
        validators=[
            InputRequired("Escriba sus apellidos"),
            Length(max=60, message="Escriba sus apellidos en 60 caracteres como máximo"),
            Regexp(NAME_PATTERN, message="Escriba sus apellidos solo con letras"),
        ],
    )
    birth_date = DateField(
        "Fecha de nacimiento",
        # Typed, not a date picker: scrolling a phone's picker back 60 years is hard, and
        # the picker's own format (mm/dd/yyyy on English phones) would contradict the hint.
        format=["%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%Y-%m-%d"],
        validators=[InputRequired("Escriba su fecha de nacimiento, por ejemplo 31/12/1980")],
        invalid_value_message="Escriba la fecha como día/mes/año, por ejemplo 31/12/1980",
    )
    vulnerable = BooleanField(
        "Soy gestante, persona con discapacidad u otra persona en situación de vulnerabilidad"
    )
    email = EmailField(
        "Correo electrónico",
        validators=[
            InputRequired("Escriba su correo electrónico; ahí le enviaremos el ticket"),
            Email("Escriba un correo válido, por ejemplo nombre@correo.com"),
            Length(max=120, message="El correo es demasiado largo"),
        ],
    )
    phone = StringField("Celular o teléfono")

    def validate_doc_number(self, field):
        check_document_number(self, field)

    def validate_phone(self, field):
        field.data = phone_digits(field.data)

    def validate_birth_date(self, field):
        if field.data and not 1900 <= field.data.year <= 2100:
            raise ValidationError("Revise el año de su fecha de nacimiento")


class ChoiceForm(FlaskForm):
    """One radio question; each step sets its label, choices and messages."""

    choice = RadioField()

    @classmethod
    def asking(cls, label: str, choices: dict, missing: str, **kwargs):
        form = cls(**kwargs)
        form.choice.label.text = label
        form.choice.choices = choices
        form.choice.validators = [InputRequired(missing)]
        form.choice.invalid_choice_message = missing
        return form


class ConfirmForm(FlaskForm):
    request_key = HiddenField()


class LookupForm(FlaskForm):
    code = StringField(
        "Código de la cita", validators=[InputRequired("Escriba el código de su cita")]
    )
    doc_type = RadioField(
        "Tipo de documento",
        choices=DOCUMENT_TYPES,
        validators=[InputRequired("Elija el tipo de documento")],
        invalid_choice_message="Elija el tipo de documento de la lista",
    )
    doc_number = StringField("Número de documento")

    validate_doc_number = IdentityForm.validate_doc_number
