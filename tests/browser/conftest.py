"""Browser-test plumbing: the real app under gunicorn, and Debian's Chromium driven by Playwright.

Nothing here downloads a browser: Playwright only drives /usr/bin/chromium, and every
request goes to the gunicorn server on 127.0.0.1.
"""

import os
from dataclasses import dataclass
from pathlib import Path

import pytest
from playwright.sync_api import ConsoleMessage, Page, expect, sync_playwright

from tests import live_server as gunicorn_server
from tests.browser.phone import assert_fits_phone_width
from tests.helpers import unavailable

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
# The suite runs on every core at once: a page that answers in 50 ms alone may take seconds
# then. expect() waits this long before it fails (a passing check returns at once).
expect.set_options(timeout=15_000)
HOW_TO_ENABLE = (
    "install Debian's chromium package (apt-get install chromium) to run the browser tests"
)


def pytest_configure(config):
    config.addinivalue_line(
        "markers", "browser: drives Debian's Chromium against the app running under gunicorn"
    )


# A cheap Android phone: small screen, touch, device pixel ratio 2.
PHONE = {
    "viewport": {"width": 360, "height": 740},
    "device_scale_factor": 2,
    "is_mobile": True,
    "has_touch": True,
    "locale": "es-PE",
    "timezone_id": "America/Lima",
}


@dataclass(frozen=True)
class LiveServer:
    url: str
    outbox: Path  # where the app writes e-mails as .eml files (no MAIL_SERVER)
    database_url: str  # for tests that prepare data the way an administrator would


@pytest.fixture(scope="session")
def chromium():
    """One headless Chromium for the whole run; skipped (failed under CI=true) if absent."""
    if not os.path.exists(CHROMIUM):
        unavailable(f"{CHROMIUM} is missing: {HOW_TO_ENABLE}.")
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


@pytest.fixture
def empty_live_server(tmp_path):
    """The app under gunicorn on a database with the schema and no court: a first start
    without the demo. The test writes its first administrator as the CLI would."""
    database_url = f"sqlite:///{tmp_path / 'empty.db'}"
    gunicorn_server.prepare_database(database_url, demo=False)
    server = gunicorn_server.start(
        env=gunicorn_server.app_env(database_url, tmp_path),
        log=tmp_path / "gunicorn.log",
        workers=1,
        extra_args=("--graceful-timeout", "1"),  # a server per test: stop it without waiting
    )
    try:
        yield LiveServer(url=server.url, outbox=tmp_path / "outbox", database_url=database_url)
    finally:
        server.stop()


@pytest.fixture(scope="session")
def screenshot_dir(tmp_path_factory) -> Path:
    """VENTANILLA_SCREENSHOTS=/some/dir to keep the phone screenshots for a look; else a tmp dir."""
    chosen = os.environ.get("VENTANILLA_SCREENSHOTS")
    folder = Path(chosen) if chosen else tmp_path_factory.mktemp("screenshots")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def phones(chromium, base_url: str):
    """Open fresh phones (own cookies) on `base_url` with JavaScript on or off, as open_phone
    does; a generator that yields the opener and checks the browser's errors at the end."""
    contexts, errors = [], []

    def open_phone(javascript: bool = True) -> Page:
        context = chromium.new_context(base_url=base_url, java_script_enabled=javascript, **PHONE)
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(10_000)
        page.on("pageerror", lambda error: errors.append(f"script error: {error}"))
        page.on("console", lambda message: record_console_error(message, errors))
        return page

    yield open_phone
    for context in contexts:
        context.close()
    assert not errors, "the browser reported errors:\n" + "\n".join(errors)


@pytest.fixture
def open_phone(chromium, live_server):
    """Open a fresh phone (own cookies) with JavaScript on or off.

    Any script error or console error (a Content-Security-Policy violation shows up as one)
    fails the test at teardown: the app must not break silently for JavaScript users.
    """
    yield from phones(chromium, live_server.url)


@pytest.fixture
def open_empty_court_phone(chromium, empty_live_server):
    """open_phone on the empty court's server."""
    yield from phones(chromium, empty_live_server.url)


@pytest.fixture
def snap(screenshot_dir):
    """Save a full-page phone screenshot, numbered in flow order, after checking the page
    is not wider than the phone (sideways scrolling hides buttons and text)."""
    taken = []

    def snap(page: Page, name: str) -> None:
        assert_fits_phone_width(page, name)
        path = screenshot_dir / f"{len(taken) + 1:02d}-{name}.png"
        # caret="initial": hiding the caret makes Playwright inject a <style>, which the
        # app's Content-Security-Policy rightly blocks and reports as a console error.
        page.screenshot(path=path, full_page=True, caret="initial")
        taken.append(path)

    return snap


def record_console_error(message: ConsoleMessage, errors: list[str]) -> None:
    # Chromium asks for /favicon.ico by itself, whatever the page says; the app has none yet,
    # and that 404 says nothing about the page under test.
    if message.type == "error" and not message.location["url"].endswith("/favicon.ico"):
        errors.append(f"console: {message.text} ({message.location['url']})")
