"""The actor of a request, for the use cases a view calls."""

from flask import request
from flask_login import current_user

from services.actor import Actor


def current_actor() -> Actor:
    user = current_user._get_current_object() if current_user.is_authenticated else None
    return Actor(user, request.remote_addr or "")
