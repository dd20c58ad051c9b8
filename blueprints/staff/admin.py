"""Administration: staff users and their roles, the audit log, the password policy."""

from blueprints.staff import bp, roles_required  # noqa: F401
