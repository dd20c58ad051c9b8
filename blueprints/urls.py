"""Absolute links for e-mails, shared by every blueprint that sends one."""

from flask import current_app, url_for


def external_url(endpoint: str, **values) -> str:
    """An absolute link for e-mails: PUBLIC_URL when set (behind a proxy), else this host."""
    base = current_app.config["PUBLIC_URL"].rstrip("/")
    if base:
        return base + url_for(endpoint, **values)
    return url_for(endpoint, _external=True, **values)
