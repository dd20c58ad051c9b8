from flask import Blueprint

bp = Blueprint("filings", __name__, url_prefix="/tramites")
# A line of its own (I001): the filer's constancia PDF, kept apart from the steps' views.
from blueprints.filings import constancia  # noqa: E402,F401,I001

from blueprints.filings import fees, resumable, views  # noqa: E402,F401
