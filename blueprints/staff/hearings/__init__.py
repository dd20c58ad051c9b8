"""The desk publishes the hearings schedule that /audiencias shows to anyone."""

from flask import Blueprint

bp = Blueprint("hearings", __name__)

from blueprints.staff.hearings import views  # noqa: E402,F401
