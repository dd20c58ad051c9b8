from flask import Blueprint, abort
from flask_login import current_user

from blueprints.accounts import login_manager

bp = Blueprint("staff", __name__, url_prefix="/personal")

DESK_ROLES = ("administrador", "mesa_de_partes")


@bp.before_request
def require_desk_staff():
    """Every staff page: signed in, with a desk role; guessing URLs gets nothing."""
    if not current_user.is_authenticated:
        return login_manager.unauthorized()
    if not current_user.has_role(*DESK_ROLES):  # has_role is False for citizens
        abort(403)


from blueprints.staff import views  # noqa: E402,F401
