"""The booking, look-up and rescheduling forms."""

from flask_wtf import FlaskForm
from wtforms import BooleanField, DateField, EmailField, HiddenField, RadioField, StringField
from wtforms.validators import Email, InputRequired, Length, Regexp, ValidationError

from blueprints.fields import NAME_PATTERN, check_document_number, phone_digits
from blueprints.human_check import HumanCheckMixin
from domain.identity import DOCUMENT_TYPES


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
