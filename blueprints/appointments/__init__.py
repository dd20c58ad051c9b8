from flask import Blueprint

bp = Blueprint("appointments", __name__, url_prefix="/citas")

from blueprints.appointments import manage, ticket, views  # noqa: E402,F401
