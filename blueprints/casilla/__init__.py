"""The casilla electrónica, the addressee's side (/casilla), and the public page a proof's QR
code opens (/verificar/notificacion/<code>). Each casilla view requires a sign-in."""

from flask import Blueprint

bp = Blueprint("casilla", __name__)

from blueprints.casilla import views  # noqa: E402,F401
