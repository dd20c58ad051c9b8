"""Correos no enviados: mail kept after its last failed try; administrators send it again."""

from flask import Blueprint

bp = Blueprint("outbox", __name__)

from blueprints.staff.outbox import views  # noqa: E402,F401
