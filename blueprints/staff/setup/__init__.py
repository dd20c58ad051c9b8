"""The court's set-up (/personal/configuracion/...): the first-start steps, the court's
profile, sedes, services, windows and dependencias. Administrators only."""

from flask import Blueprint

bp = Blueprint("setup", __name__, url_prefix="/configuracion")

from blueprints.staff.setup import catalog, queue, views  # noqa: E402,F401
