"""Browser-test plumbing: the real app under gunicorn, and Debian's Chromium driven by Playwright.

Nothing here downloads a browser: Playwright only drives /usr/bin/chromium, and every
request goes to the gunicorn server on 127.0.0.1.
"""

import os
from dataclasses import dataclass
from pathlib import Path

import pytest
from playwright.sync_api import sync_playwright

from tests import live_server as gunicorn_server

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
HOW_TO_ENABLE = (
    "install Debian's chromium package (apt-get install chromium) to run the browser tests"
)
IN_CI = os.environ.get("CI", "").lower() == "true"


def pytest_configure(config):
    config.addinivalue_line(
        "markers", "browser: drives Debian's Chromium against the app running under gunicorn"
    )


@dataclass(frozen=True)
class LiveServer:
    url: str
    outbox: Path  # where the app writes e-mails as .eml files (no MAIL_SERVER)
    database_url: str  # for tests that prepare data the way an administrator would


@pytest.fixture(scope="session")
def chromium():
    """One headless Chromium for the whole run; skipped (failed under CI=true) if absent."""
    if not os.path.exists(CHROMIUM):
        if IN_CI:
            pytest.fail(f"{CHROMIUM} is missing: {HOW_TO_ENABLE}. Under CI=true that is a failure.")
        pytest.skip(HOW_TO_ENABLE)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def live_server(tmp_path_factory):
    """The app as production runs it (gunicorn, 2 workers) on a fresh SQLite demo court."""
    folder = tmp_path_factory.mktemp("live_server")
    database_url = f"sqlite:///{folder / 'court.db'}"
    gunicorn_server.prepare_database(database_url)
    server = gunicorn_server.start(
        env=gunicorn_server.app_env(database_url, folder), log=folder / "gunicorn.log", workers=2
    )
    try:
        yield LiveServer(url=server.url, outbox=folder / "outbox", database_url=database_url)
    finally:
        server.stop()


@pytest.fixture(scope="session")
def screenshot_dir(tmp_path_factory) -> Path:
    """VENTANILLA_SCREENSHOTS=/some/dir to keep the phone screenshots for a look; else a tmp dir."""
    chosen = os.environ.get("VENTANILLA_SCREENSHOTS")
    folder = Path(chosen) if chosen else tmp_path_factory.mktemp("screenshots")
    folder.mkdir(parents=True, exist_ok=True)
    return folder
