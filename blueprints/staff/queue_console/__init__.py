"""The clerk's queue console (/personal/cola): the window they sit at, its called ticket and
who waits; and the sede's figures of the day. Desk staff."""

from flask import Blueprint

bp = Blueprint("queue", __name__, url_prefix="/cola")

from blueprints.staff.queue_console import figures, views  # noqa: E402,F401
