"""Forms of password recovery and of the profile."""

import re

from flask_wtf import FlaskForm
from wtforms import PasswordField, StringField
from wtforms.validators import EqualTo, InputRequired, Length, ValidationError

from blueprints.accounts.forms import DocumentMixin, birth_date_field, email_field, name_field
from blueprints.fields import phone_digits
from blueprints.human_check import HumanCheckMixin
from domain.identity import InvalidDocument, check_ruc

LEGAL_PERSON_PREFIX = "20"  # SUNAT: RUCs of legal persons begin with 20; 10 is a natural person


def login_field() -> StringField:
    return StringField(
        "Correo electrónico o número de documento",
        validators=[
            InputRequired("Escriba su correo o su número de documento"),
            Length(max=120, message="Escriba su correo o su número de documento"),
        ],
    )


def new_password_field() -> PasswordField:
    return PasswordField(
        "Contraseña nueva", validators=[InputRequired("Escriba una contraseña nueva")]
    )


def confirm_password_field() -> PasswordField:
    return PasswordField(
        "Repita la contraseña nueva",
        validators=[
            InputRequired("Repita la contraseña nueva"),
            EqualTo("password", "Las dos contraseñas no coinciden"),
        ],
    )


def current_password_field() -> PasswordField:
    return PasswordField(
        "Su contraseña actual", validators=[InputRequired("Escriba su contraseña actual")]
    )


class RecoverRequestForm(HumanCheckMixin, FlaskForm):
    login = login_field()


class RecoverCodeForm(FlaskForm):
    login = login_field()
    code = StringField(
        "Código de 8 números", validators=[InputRequired("Escriba el código que le enviamos")]
    )
    password = new_password_field()
    password_confirm = confirm_password_field()

    def validate_code(self, field):
        digits = re.sub(r"[\s\-]", "", field.data or "")
        if not digits.isdigit() or len(digits) != 8:
            raise ValidationError("El código tiene 8 números. Cópielo del correo")
        field.data = digits


class RecoverDataForm(DocumentMixin, HumanCheckMixin, FlaskForm):
    birth_date = birth_date_field()
    names = name_field("Nombres", "Escriba sus nombres")
    surnames = name_field("Apellidos", "Escriba sus apellidos")
    new_email = email_field("Su correo nuevo")


class RecoverPasswordForm(FlaskForm):
    password = new_password_field()
    password_confirm = confirm_password_field()


def phone_field() -> StringField:
    return StringField("Celular o teléfono")


def address_field() -> StringField:
    return StringField(
        "Dirección (opcional)",
        validators=[Length(max=200, message="Escriba la dirección en 200 caracteres como máximo")],
    )


class ContactChecks:
    def validate_phone(self, field):
        field.data = phone_digits(field.data)

    def validate_address(self, field):
        field.data = " ".join((field.data or "").split())


class ContactForm(ContactChecks, FlaskForm):
    """What a person whose identity is verified (or being verified) may still change."""

    phone = phone_field()
    address = address_field()


class ProfileForm(ContactChecks, FlaskForm):
    names = name_field("Nombres", "Escriba sus nombres")
    surnames = name_field("Apellidos", "Escriba sus apellidos")
    phone = phone_field()
    address = address_field()


class EmailChangeForm(FlaskForm):
    email = email_field("Correo nuevo")
    current_password = current_password_field()


class PasswordChangeForm(FlaskForm):
    current_password = current_password_field()
    password = new_password_field()
    password_confirm = confirm_password_field()


class CompanyForm(FlaskForm):
    ruc = StringField("RUC", validators=[InputRequired("Escriba el RUC de la empresa o entidad")])
    company_name = StringField(
        "Razón social",
        validators=[
            InputRequired("Escriba la razón social, como figura en SUNAT"),
            Length(max=200, message="Escriba la razón social en 200 caracteres como máximo"),
        ],
    )

    def validate_ruc(self, field):
        try:
            field.data = check_ruc(field.data)
        except InvalidDocument as error:
            raise ValidationError(str(error)) from None
        if not field.data.startswith(LEGAL_PERSON_PREFIX):
            raise ValidationError(
                "Ese RUC es de una persona natural. Escriba el RUC de la empresa o entidad, "
                "que empieza por 20"
            )
