from flask import Blueprint

bp = Blueprint("filings", __name__, url_prefix="/tramites")

from blueprints.filings import fees, resumable, views  # noqa: E402,F401
