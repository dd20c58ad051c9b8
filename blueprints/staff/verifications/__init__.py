"""Identity verifications: see the document and the video, approve or reject."""

from flask import Blueprint

bp = Blueprint("verifications", __name__)

from blueprints.staff.verifications import views  # noqa: E402,F401
