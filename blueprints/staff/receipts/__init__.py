"""Payment receipts: the bank's file, registering a receipt, habilitación and devolución."""

from flask import Blueprint

bp = Blueprint("receipts", __name__)

from blueprints.staff.receipts import habilitation, views  # noqa: E402,F401
