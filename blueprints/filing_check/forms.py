"""The public check's forms: the search is a GET (no session, no CSRF token); the upload box
that checks a PDF against the constancia's hashes is a POST."""

from wtforms import Form, StringField
from wtforms.validators import InputRequired, Length

from blueprints.fields import tracking_number_field


class CheckForm(Form):
    numero = tracking_number_field()
    codigo = StringField(
        "Código de verificación",
        validators=[
            InputRequired("Escriba el código de verificación de la constancia"),
            Length(max=40, message="Escriba el código como figura en la constancia"),
        ],
    )
