"""Which roles open a staff screen: each view declares them (groups in domain/roles.py).

Whether someone is staff at all is checked once, by the parent blueprint (blueprints/staff).
"""

from functools import wraps

from flask import abort
from flask_login import current_user


def roles_required(*roles):
    """A view for staff holding one of `roles` (every staff view names its roles)."""

    def decorate(view):
        @wraps(view)
        def guarded(*args, **kwargs):
            if not current_user.has_role(*roles):
                abort(403)
            return view(*args, **kwargs)

        guarded.required_roles = roles
        return guarded

    return decorate
