"""Assistance tickets: the desk reads them, answers by e-mail and closes them."""

from flask import Blueprint

bp = Blueprint("assistance", __name__)

from blueprints.staff.assistance import views  # noqa: E402,F401
