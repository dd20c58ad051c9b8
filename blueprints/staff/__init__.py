"""The staff area (/personal): the one access check, the home page, a child blueprint per feature.

Every URL of a child is under this blueprint, so `require_staff` runs before each of them; the
children's views then name the roles they need (blueprints/staff/access.py).
"""

from flask import Blueprint, abort, current_app
from flask_login import current_user

from blueprints.htmx import redirect_to, render
from blueprints.staff import (
    admin,
    assistance,
    config_file,
    desk,
    fees,
    filings,
    hearings,
    notifications,
    outbox,
    queue_console,
    receipts,
    reports,
    sedes,
    setup,
    verifications,
)
from blueprints.staff.menu import entries_for
from domain.roles import ADMIN
from services import court_settings

bp = Blueprint("staff", __name__, url_prefix="/personal")
for feature in (
    desk,
    queue_console,
    receipts,
    fees,
    verifications,
    notifications,
    filings,
    admin,
    outbox,
    assistance,
    setup,
    sedes,
    config_file,
    reports,
    hearings,
):
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
    """The tools this person's roles open; an administrator of a court not set up yet (an
    empty database) is led through its first steps instead."""
    if current_user.has_role(*ADMIN) and not court_settings.progress().done:
        return redirect_to("staff.setup.first_start")
    return render("staff/index.html", "tools", tools=entries_for(current_user))
