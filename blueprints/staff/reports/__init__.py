"""Reports: counts of appointments, identity verifications and receipts, as table, chart, CSV."""

from flask import Blueprint

bp = Blueprint("reports", __name__)

from blueprints.staff.reports import views  # noqa: E402,F401
