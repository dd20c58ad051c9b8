"""Static URLs with a content hash, so phones cache CSS and htmx for a year safely."""

import hashlib
import os
from functools import cache

from flask import request, url_for


def init_app(app):
    @cache
    def digest(filename: str) -> str:
        with open(os.path.join(app.static_folder, filename), "rb") as fh:
            return hashlib.sha256(fh.read()).hexdigest()[:10]

    @cache
    def versioned_url(script_root: str, filename: str) -> str:
        # Every page links the same three files: build each URL once per mount point.
        return url_for("static", filename=filename, v=digest(filename))

    def static_url(filename: str) -> str:
        return versioned_url(request.script_root, filename)

    app.jinja_env.globals["static_url"] = static_url
