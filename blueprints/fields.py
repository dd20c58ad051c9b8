"""Form field checks that the booking and the account forms share: names, birth dates,
documents, phones."""

import re

from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import StringField
from wtforms.validators import InputRequired, Length, ValidationError

from blueprints.widgets import TextInput
from domain import birth_dates, names
from domain.identity import InvalidDocument, check_document
from services.clock import court_now


def name_field(label: str, missing: str, too_long: str, wrong: str) -> StringField:
    """A person's names or surnames, in any script (names.clean), stored NFC-normalised."""
    return StringField(
        label,
        validators=[InputRequired(missing), Length(max=60, message=too_long), Name(wrong)],
        widget=TextInput(),
    )


class Name:
    """Letters of any script, combining marks, apostrophes, hyphens, periods and spaces; the
    field's data becomes the cleaned name (NFC, single spaces)."""

    def __init__(self, message: str):
        self.message = message

    def __call__(self, form, field) -> None:
        try:
            field.data = names.clean(field.data)
        except ValueError:
            raise ValidationError(self.message) from None


class BirthDateField(StringField):
    """A birth date typed as day/month/year (a phone's date picker starts decades away and
    speaks its own format): a real day, not in the future. `data` is a date, or None."""

    def __init__(self, label="Fecha de nacimiento", **kwargs):
        missing = "Escriba su fecha de nacimiento, por ejemplo 31/12/1980"
        kwargs.setdefault("widget", TextInput())
        super().__init__(label, validators=[InputRequired(missing)], **kwargs)

    def process_formdata(self, valuelist):
        typed = valuelist[0] if valuelist else ""
        self.data = None
        if typed.strip():  # a ValueError's message becomes the field's error
            self.data = birth_dates.parse(typed, court_now().date())

    def _value(self) -> str:
        if self.data:
            return self.data.strftime("%d/%m/%Y")
        return self.raw_data[0] if self.raw_data else ""


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


def tracking_number_field() -> StringField:
    """A filing's tracking number, as the constancia prints it."""
    return StringField(
        "Número de trámite",
        validators=[
            InputRequired("Escriba el número de trámite, por ejemplo 2026-000123"),
            Length(max=20, message="Escriba el número como figura en la constancia"),
        ],
    )


class CheckFileForm(FlaskForm):
    """The upload box of the public checks: a PDF someone holds, hashed and compared."""

    archivo = FileField(
        "El PDF que usted tiene", validators=[InputRequired("Elija el PDF que quiere comprobar")]
    )
