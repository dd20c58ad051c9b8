"""The public queries' forms: the code to verify, the PDF to check."""

from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import Form, StringField
from wtforms.validators import InputRequired, Length


class SearchForm(Form):
    """A GET form (no CSRF token): the code on the document, or its QR code's link."""

    codigo = StringField(
        "Código del documento",
        validators=[
            InputRequired("Escriba el código que figura en el documento"),
            Length(max=300, message="Escriba solo el código, de unas 12 letras y números"),
        ],
    )


class CheckFileForm(FlaskForm):
    archivo = FileField(
        "El PDF que usted tiene", validators=[InputRequired("Elija el PDF que quiere comprobar")]
    )


class FilingStatusForm(FlaskForm):
    """A POST form: the document number must not end up in addresses, logs or history."""

    numero = StringField(
        "Número de trámite",
        validators=[
            InputRequired("Escriba el número de trámite, por ejemplo 2026-000123"),
            Length(max=20, message="Escriba el número como figura en la constancia"),
        ],
    )
    documento = StringField(
        "Número de documento de quien lo presentó",
        validators=[
            InputRequired("Escriba el número de documento de quien presentó el trámite"),
            Length(max=20, message="Escriba solo el número del documento"),
        ],
    )
