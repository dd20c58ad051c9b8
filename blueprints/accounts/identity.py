"""Identity verification by the citizen: document photo and video, state, resubmission."""

from blueprints.accounts import bp  # noqa: F401
