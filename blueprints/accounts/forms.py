"""Forms of accounts: sign in, register, recover, profile."""

from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, PasswordField, RadioField, StringField
from wtforms.validators import Email, EqualTo, InputRequired, Length

from blueprints import fields
from blueprints.fields import BirthDateField, check_document_number, phone_digits
from blueprints.human_check import HumanCheckMixin


def name_field(label: str, missing: str) -> StringField:
    return fields.name_field(
        label,
        missing,
        too_long=f"{label}: 60 caracteres como máximo",
        wrong=f"{label}: escriba solo letras, apóstrofos, guiones y espacios",
    )


def email_field(label="Correo electrónico") -> EmailField:
    return EmailField(
        label,
        validators=[
            InputRequired("Escriba su correo electrónico"),
            Email("Escriba un correo válido, por ejemplo nombre@correo.com"),
            Length(max=120, message="El correo es demasiado largo"),
        ],
    )


def birth_date_field() -> BirthDateField:
    return BirthDateField()


class DocumentMixin:
    """Document type (choices set per court country) and its offline-checked number."""

    doc_type = RadioField(
        "Tipo de documento",
        validators=[InputRequired("Elija el tipo de documento")],
        invalid_choice_message="Elija el tipo de documento de la lista",
    )
    doc_number = StringField("Número de documento")

    def validate_doc_number(self, field):
        check_document_number(self, field)


class LoginForm(FlaskForm):
    login = StringField(
        "Correo electrónico o número de documento",
        validators=[InputRequired("Escriba su correo o su número de documento")],
    )
    password = PasswordField("Contraseña", validators=[InputRequired("Escriba su contraseña")])
    remember = BooleanField("Mantener la sesión iniciada en este dispositivo (30 días)")


class RegisterForm(DocumentMixin, HumanCheckMixin, FlaskForm):
    birth_date = birth_date_field()
    names = name_field("Nombres", "Escriba sus nombres")
    surnames = name_field("Apellidos", "Escriba sus apellidos")
    email = email_field()
    phone = StringField("Celular o teléfono")
    password = PasswordField("Contraseña", validators=[InputRequired("Escriba una contraseña")])
    password_confirm = PasswordField(
        "Repita la contraseña",
        validators=[
            InputRequired("Repita la contraseña"),
            EqualTo("password", "Las dos contraseñas no coinciden"),
        ],
    )
    privacy = BooleanField(
        "Leí y acepto la política de privacidad y el tratamiento de mis datos personales",
        validators=[InputRequired("Acepte la política de privacidad para crear la cuenta")],
    )

    def validate_phone(self, field):
        field.data = phone_digits(field.data)


class EmailForm(HumanCheckMixin, FlaskForm):
    email = email_field()
