from functools import wraps

from flask import Blueprint, abort
from flask_login import current_user

from blueprints.accounts import login_manager

bp = Blueprint("staff", __name__, url_prefix="/personal")

DESK_ROLES = ("administrador", "mesa_de_partes")


@bp.before_request
def require_staff():
    """Every staff page: signed in as staff; guessing URLs gets nothing."""
    if not current_user.is_authenticated:
        return login_manager.unauthorized()
    if not current_user.is_staff:
        abort(403)


def roles_required(*roles):
    """A view for staff holding one of `roles` (every view of this blueprint names its roles)."""

    def decorate(view):
        @wraps(view)
        def guarded(*args, **kwargs):
            if not current_user.has_role(*roles):
                abort(403)
            return view(*args, **kwargs)

        guarded.required_roles = roles
        return guarded

    return decorate


from blueprints.staff import (  # noqa: E402,F401
    admin,
    fees,
    outbox,
    receipts,
    receipts_habilitation,
    verifications,
    views,
)
