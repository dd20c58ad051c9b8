"""The desk: the day's appointments of a sede, marked attended or no-show."""

from flask import Blueprint

bp = Blueprint("desk", __name__)

from blueprints.staff.desk import views  # noqa: E402,F401
