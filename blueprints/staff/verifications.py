"""Identity verifications: verifiers see the document and the video, approve or reject."""

from blueprints.staff import bp, roles_required  # noqa: F401
