"""The court's configuration as one file: download it, upload one, preview, apply."""

from flask import Blueprint

bp = Blueprint("config_file", __name__)

from blueprints.staff.config_file import views  # noqa: E402,F401
