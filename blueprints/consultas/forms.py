"""The public queries' forms: the code to verify, the PDF to check."""

from flask_wtf import FlaskForm
from wtforms import Form, StringField
from wtforms.validators import InputRequired, Length

from blueprints.fields import tracking_number_field


class SearchForm(Form):
    """A GET form (no CSRF token): the code on the document, or its QR code's link."""

    codigo = StringField(
        "Código del documento",
        validators=[
            InputRequired("Escriba el código que figura en el documento"),
            Length(max=300, message="Escriba solo el código, de unas 12 letras y números"),
        ],
    )


class FilingStatusForm(FlaskForm):
    """A POST form: the document number must not end up in addresses, logs or history."""

    numero = tracking_number_field()
    documento = StringField(
        "Número de documento de quien lo presentó",
        validators=[
            InputRequired("Escriba el número de documento de quien presentó el trámite"),
            Length(max=20, message="Escriba solo el número del documento"),
        ],
    )
