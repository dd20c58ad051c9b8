"""Templates' url_for, with the links every page repeats built once per worker.

The layout links the home page, the sign-in and the help desk on every page, and each step
its back link: 244 calls in the templates name an endpoint and nothing else, and Werkzeug
builds such a URL again each time (about 8 µs each on the slot page, bench/page_cpu.py).
Without arguments the URL depends only on the endpoint and the mount point (no URL defaults
are registered and no host or subdomain matching is used: tests/test_links.py checks both),
so it is kept for that pair; anything else (arguments, a blueprint-relative endpoint, an
external URL, a template rendered outside a request) goes to Flask's url_for as before.
"""

from functools import lru_cache

from flask import has_request_context, request
from flask import url_for as flask_url_for


def init_app(app):
    @lru_cache(maxsize=1024)
    def built(script_root: str, endpoint: str) -> str:
        return flask_url_for(endpoint)

    def url_for(endpoint: str, **values) -> str:
        if values or endpoint.startswith(".") or not has_request_context():
            return flask_url_for(endpoint, **values)
        return built(request.script_root, endpoint)

    app.jinja_env.globals["url_for"] = url_for
