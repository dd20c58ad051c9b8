"""Fee tables: import the court's Cuadro de Valores from a CSV."""

from flask import Blueprint

bp = Blueprint("fees", __name__)

from blueprints.staff.fees import views  # noqa: E402,F401
