"""Use-case tests call the application layer with no request: an app context at most."""

import pytest


@pytest.fixture
def ctx(app, db):
    """The app's context (templates and config for the e-mails), and no request."""
    with app.app_context():
        yield app
