"""The public check's forms: the search is a GET (no session, no CSRF token); the upload box
that checks a PDF against the constancia's hashes is a POST."""

from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import Form, StringField
from wtforms.validators import InputRequired, Length


class CheckForm(Form):
    numero = StringField(
        "Número de trámite",
        validators=[
            InputRequired("Escriba el número de trámite, por ejemplo 2026-000123"),
            Length(max=20, message="Escriba el número como figura en la constancia"),
        ],
    )
    codigo = StringField(
        "Código de verificación",
        validators=[
            InputRequired("Escriba el código de verificación de la constancia"),
            Length(max=40, message="Escriba el código como figura en la constancia"),
        ],
    )


class CheckFileForm(FlaskForm):
    archivo = FileField(
        "El PDF que usted tiene", validators=[InputRequired("Elija el PDF que quiere comprobar")]
    )
