"""The assistance desk's public form (seed 001): open to anyone, no account needed."""

from flask import Blueprint

bp = Blueprint("assistance", __name__, url_prefix="/asistencia")

from blueprints.assistance import views  # noqa: E402,F401
