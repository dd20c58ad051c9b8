"""Mesa de partes electrónica for clerks: the filings inbox, a filing with its files, and
validating (deriving), observing or attending it."""

from flask import Blueprint

bp = Blueprint("filings", __name__)

from blueprints.staff.filings import views  # noqa: E402,F401
