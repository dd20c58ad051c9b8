"""Static URLs with a content hash, so phones cache CSS and htmx for a year safely."""

import hashlib
import os
from functools import cache

from flask import url_for


def init_app(app):
    @cache
    def digest(filename: str) -> str:
        with open(os.path.join(app.static_folder, filename), "rb") as fh:
            return hashlib.sha256(fh.read()).hexdigest()[:10]

    def static_url(filename: str) -> str:
        return url_for("static", filename=filename, v=digest(filename))

    app.jinja_env.globals["static_url"] = static_url
