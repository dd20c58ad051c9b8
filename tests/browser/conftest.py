"""Browser-test plumbing: the real app under gunicorn, and Debian's Chromium driven by Playwright.

Nothing here downloads a browser: Playwright only drives /usr/bin/chromium, and every
request goes to the gunicorn server on 127.0.0.1.
"""

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import pytest
from playwright.sync_api import sync_playwright

REPO = Path(__file__).resolve().parents[2]
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
SERVER_START_SECONDS = 20


def pytest_configure(config):
    config.addinivalue_line(
        "markers", "browser: drives Debian's Chromium against the app running under gunicorn"
    )


@dataclass(frozen=True)
class LiveServer:
    url: str
    outbox: Path  # where the app writes e-mails as .eml files (no MAIL_SERVER)


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
    _prepare_database(database_url)
    port = _free_port()
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "SECRET_KEY": "x",
        "OUTBOX_FOLDER": str(folder / "outbox"),
        "UPLOAD_FOLDER": str(folder / "uploads"),  # keep the repo's instance/ untouched
        "MAIL_SERVER": "",  # a developer's .env must not make the tests send real mail
    }
    command = [
        sys.executable, "-m", "gunicorn", "--workers", "2",
        "--bind", f"127.0.0.1:{port}", "app:create_app()",
    ]  # fmt: skip
    log_path = folder / "gunicorn.log"
    with open(log_path, "wb") as log:
        server = subprocess.Popen(command, cwd=REPO, env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        url = f"http://127.0.0.1:{port}"
        _wait_until_it_answers(url, server, log_path)
        yield LiveServer(url=url, outbox=folder / "outbox")
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


def _prepare_database(url: str) -> None:
    """Schema and demo court, in-process, before any gunicorn worker opens the file."""
    from app import create_app
    from cli import create_demo_court
    from db import apply_migrations, database

    create_app({"DATABASE_URL": url, "SECRET_KEY": "x"})
    with database.connection_context():
        apply_migrations()
        create_demo_court()


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _wait_until_it_answers(url: str, server: subprocess.Popen, log_path: Path) -> None:
    # No proxy: a developer's http_proxy must not swallow requests to 127.0.0.1.
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    deadline = time.monotonic() + SERVER_START_SECONDS
    while time.monotonic() < deadline:
        if server.poll() is not None:
            pytest.fail(f"gunicorn exited with {server.returncode}:\n{log_path.read_text()}")
        try:
            with opener.open(url + "/", timeout=2) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.1)
    pytest.fail(f"gunicorn did not answer within {SERVER_START_SECONDS} s:\n{log_path.read_text()}")


@pytest.fixture(scope="session")
def screenshot_dir(tmp_path_factory) -> Path:
    """VENTANILLA_SCREENSHOTS=/some/dir to keep the phone screenshots for a look; else a tmp dir."""
    chosen = os.environ.get("VENTANILLA_SCREENSHOTS")
    folder = Path(chosen) if chosen else tmp_path_factory.mktemp("screenshots")
    folder.mkdir(parents=True, exist_ok=True)
    return folder
