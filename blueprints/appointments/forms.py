"""The booking, look-up and rescheduling forms."""

from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, HiddenField, RadioField, StringField
from wtforms.validators import Email, InputRequired, Length

from blueprints.fields import BirthDateField, check_document_number, name_field, phone_digits
from blueprints.human_check import HumanCheckMixin
from blueprints.widgets import CheckboxInput, EmailInput, TextInput
from domain.identity import DOCUMENT_TYPES


class IdentityForm(HumanCheckMixin, FlaskForm):
    doc_type = RadioField(
        "Tipo de documento",
        choices=DOCUMENT_TYPES,
        validators=[InputRequired("Elija el tipo de documento")],
        invalid_choice_message="Elija el tipo de documento de la lista",
    )
    doc_number = StringField("Número de documento", widget=TextInput())
    names = name_field(
        "Nombres",
        "Escriba sus nombres",
        too_long="Escriba sus nombres en 60 caracteres como máximo",
        wrong="Escriba sus nombres solo con letras, apóstrofos, guiones y espacios",
    )
    surnames = name_field(
        "Apellidos",
        "Escriba sus apellidos",
        too_long="Escriba sus apellidos en 60 caracteres como máximo",
        wrong="Escriba sus apellidos solo con letras, apóstrofos, guiones y espacios",
    )
    birth_date = BirthDateField()
    vulnerable = BooleanField(
        "Soy gestante, persona con discapacidad u otra persona en situación de vulnerabilidad",
        widget=CheckboxInput(),
    )
    email = EmailField(
        "Correo electrónico",
        validators=[
            InputRequired("Escriba su correo electrónico; ahí le enviaremos el ticket"),
            Email("Escriba un correo válido, por ejemplo nombre@correo.com"),
            Length(max=120, message="El correo es demasiado largo"),
        ],
        widget=EmailInput(),
    )
    phone = StringField("Celular o teléfono", widget=TextInput())

    def validate_doc_number(self, field):
        check_document_number(self, field)

    def validate_phone(self, field):
        field.data = phone_digits(field.data)


class ChoiceForm(FlaskForm):
    """One radio question; each step sets its label, choices and messages."""

    choice = RadioField()

    class Meta:
        # CSRFProtect (app.py) checks every POST's token before any view runs, and the step
        # form prints csrf_token() itself: a field of its own would only sign a second one
        # on every step (the time list is the journey's busiest page).
        csrf = False

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
