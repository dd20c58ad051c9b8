"""The profile: personal data, e-mail change (confirmed), password change, legal person."""

from blueprints.accounts import bp  # noqa: F401
