from flask import Blueprint

bp = Blueprint("api", __name__, url_prefix="/api")

from blueprints.api import queue, views  # noqa: E402,F401
