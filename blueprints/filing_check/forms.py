"""The public check's form: a GET, so it needs no session and no CSRF token."""

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
