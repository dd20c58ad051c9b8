"""Electronic notifications: notifiers prepare, issue and withdraw them, and follow each
addressee's instants; administrators also set the deemed-notification rule."""

from flask import Blueprint

bp = Blueprint("notifications", __name__)

from blueprints.staff.notifications import views  # noqa: E402,F401
