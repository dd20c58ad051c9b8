"""The real app under gunicorn on a fresh database: for race tests, browser tests and bench/."""

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from services import clock

REPO = Path(__file__).resolve().parent.parent
APP = "app:create_app()"


def prepare_database(url: str, demo: bool = True) -> None:
    """Schema and (unless not `demo`) the demo court, in-process, before any gunicorn worker
    opens the database."""
    from app import create_app
    from db import apply_migrations, database
    from services.court_setup import create_demo_court

    create_app({"DATABASE_URL": url, "TESTING": True})
    with database.connection_context():
        apply_migrations()
        if demo:
            create_demo_court()


# The live servers' key: production settings refuse a short or well-known one.
SECRET_KEY = "live-server-0123456789abcdef0123456789abcdef"


def app_env(database_url: str, folder: Path) -> dict:
    """The environment of a server that writes only inside `folder` and sends no real mail."""
    return {
        **os.environ,
        "DATABASE_URL": database_url,
        # The server runs as in production, which refuses a short or well-known key.
        "SECRET_KEY": SECRET_KEY,
        "OUTBOX_FOLDER": str(folder / "outbox"),
        "UPLOAD_FOLDER": str(folder / "uploads"),
        "MAIL_SERVER": "",  # a developer's .env must not make tests send real mail
        "JOBS_IMMEDIATE": "true",  # mail is written as each request sends it; no worker runs
        "HUMAN_CHECK_MIN_SECONDS": "0",  # scripted clients answer faster than people
        "HUMAN_CHECK_POW_COST": "1",  # puzzles solved in milliseconds, verified in full
        "HUMAN_CHECK_POW_COUNTER": "20",
        "CLOCK_OFFSET_SECONDS": str(clock.offset_seconds()),  # the test's instant, every worker
    }


@dataclass
class Gunicorn:
    process: subprocess.Popen
    port: int
    log: Path

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def stop(self) -> None:
        """Stop the master (it stops its workers); kill it if it does not go."""
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def start(
    *,
    env: dict,
    log: Path,
    workers: int,
    app: str = APP,
    cwd: Path = REPO,
    extra_args: tuple = (),
    wait_for_workers: bool = True,
    timeout: float = 30,
    prefix: tuple = (),
    port: int | None = None,
) -> Gunicorn:
    """Start gunicorn and return once it answers HTTP (and, by default, every worker booted).

    No control socket: gunicorn 27 puts it at one path per user, and a second server (another
    test run, a developer's server) would take it over. `prefix` goes before the command
    (bench/peak_hour.py: `taskset -c 0`). `port`: the one a stopped server had (the kiosk's
    offline test starts the app again where the page expects it); by default a free one.
    """
    if port is None:
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
    env = {**env, "PUBLIC_URL": f"http://127.0.0.1:{port}"}  # links in its e-mails lead to it
    command = [
        *prefix,
        sys.executable,
        "-m",
        "gunicorn",
        "--no-control-socket",
        "--workers",
        str(workers),
        "--bind",
        f"127.0.0.1:{port}",
        *extra_args,
        app,
    ]
    with open(log, "ab") as output:
        process = subprocess.Popen(command, cwd=cwd, env=env, stdout=output, stderr=output)
    server = Gunicorn(process, port, log)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and process.poll() is None:
        booted = log.read_text(errors="replace").count("Booting worker") >= workers
        if (booted or not wait_for_workers) and _answers(server.url):
            return server
        time.sleep(0.1)
    server.stop()
    raise RuntimeError(f"gunicorn did not start:\n{log.read_text(errors='replace')}")


def _answers(url: str) -> bool:
    # No proxy: a developer's http_proxy must not swallow requests to 127.0.0.1.
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    try:
        with opener.open(url + "/", timeout=2):
            return True
    except urllib.error.HTTPError:
        return True  # it answered, even if with an error page
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return False


def procfile_command(name: str = "web", procfile: Path = REPO / "Procfile") -> str:
    """The command of one Procfile line, as honcho (scripts/start) would run it."""
    for line in procfile.read_text().splitlines():
        key, _, command = line.partition(":")
        if key.strip() == name:
            return command.strip()
    raise LookupError(f"no '{name}' line in {procfile}")


def start_procfile(
    command: str, *, env: dict, log: Path, timeout: float = 30, port: int | None = None
) -> Gunicorn:
    """Run a Procfile command (migrate, then gunicorn) with bash on a free PORT, as honcho does,
    and return once it answers HTTP. HOST is whatever `env` says (unset: the command's default).

    No control socket (GUNICORN_CMD_ARGS): see start().
    """
    if port is None:
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
    venv_bin = str(Path(sys.executable).parent)  # flask and gunicorn of this interpreter
    env = {
        "PUBLIC_URL": f"http://127.0.0.1:{port}",  # links in its e-mails lead to it
        **env,
        "PORT": str(port),
        "PATH": f"{venv_bin}{os.pathsep}{env.get('PATH', os.defpath)}",
        "GUNICORN_CMD_ARGS": f"--no-control-socket {env.get('GUNICORN_CMD_ARGS', '')}".strip(),
    }
    with open(log, "ab") as output:
        process = subprocess.Popen(
            ["bash", "-c", command], cwd=REPO, env=env, stdout=output, stderr=output
        )
    server = Gunicorn(process, port, log)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and process.poll() is None:
        if _answers(server.url):
            return server
        time.sleep(0.1)
    server.stop()
    raise RuntimeError(f"{command} did not start:\n{log.read_text(errors='replace')}")
