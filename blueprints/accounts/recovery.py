"""Password recovery: by a one-time e-mailed code, or by personal data (seed 003, b)."""

from blueprints.accounts import bp  # noqa: F401
