"""The staff area (/personal): the one access check, the home page, a child blueprint per feature.

Every URL of a child is under this blueprint, so `require_staff` runs before each of them; the
children's views then name the roles they need (blueprints/staff/access.py).
"""

from flask import Blueprint, abort, current_app
from flask_login import current_user

from blueprints.htmx import render
from blueprints.staff import admin, desk, fees, filings, outbox, receipts, verifications
from blueprints.staff.menu import entries_for

bp = Blueprint("staff", __name__, url_prefix="/personal")
for feature in (desk, filings, receipts, fees, verifications, admin, outbox):
    bp.register_blueprint(feature.bp)


@bp.before_request
def require_staff():
    """Every staff page: signed in as staff; guessing URLs gets nothing."""
    if not current_user.is_authenticated:
        return current_app.login_manager.unauthorized()
    if not current_user.is_staff:
        abort(403)


@bp.route("/")
def index():
    """The tools this person's roles open."""
    return render("staff/index.html", "tools", tools=entries_for(current_user))
