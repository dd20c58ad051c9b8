"""Administration: staff users and their roles, the password policy, the audit log."""

from flask import Blueprint

bp = Blueprint("admin", __name__)

from blueprints.staff.admin import views  # noqa: E402,F401
