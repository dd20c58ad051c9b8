"""A sede's settings and hours, and the closures of every sede (administrador)."""

from flask import Blueprint

bp = Blueprint("sedes", __name__)

from blueprints.staff.sedes import closures, views  # noqa: E402,F401
