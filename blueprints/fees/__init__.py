from flask import Blueprint

bp = Blueprint("fees", __name__, url_prefix="/aranceles")

from blueprints.fees import views  # noqa: E402,F401
