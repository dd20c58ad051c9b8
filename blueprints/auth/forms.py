from flask_wtf import FlaskForm
from wtforms import EmailField, PasswordField
from wtforms.validators import InputRequired


class LoginForm(FlaskForm):
    email = EmailField("Correo electrónico", validators=[InputRequired("Escriba su correo")])
    password = PasswordField("Contraseña", validators=[InputRequired("Escriba su contraseña")])
