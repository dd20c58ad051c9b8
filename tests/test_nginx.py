"""deploy/nginx.conf, the reverse proxy of the one-VM deployment, run in front of the app.

The very file the README tells administrators to install is loaded by Debian's nginx (paths
and ports rewritten to this run's): it must buffer a slow upload so that even a single sync
gunicorn worker keeps answering everyone else, refuse an over-sized body before reading it, and
say both that and "the app is down" in Spanish.
"""

import os
import re
import shutil
import socket
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from blueprints.assets import KIOSK_POLICY
from tests import live_server
from tests.helpers import unavailable

NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
REPO = Path(__file__).resolve().parents[1]
SITE = REPO / "deploy" / "nginx.conf"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def main_config(folder: Path, port: int, upstream: int) -> Path:
    site = SITE.read_text()
    for old, new in (
        ("listen 80;", f"listen 127.0.0.1:{port};"),
        ("127.0.0.1:8000", f"127.0.0.1:{upstream}"),
        ("/srv/ventanilla", str(REPO)),
    ):
        assert old in site, f"deploy/nginx.conf no longer has {old!r}"
        site = site.replace(old, new)
    (folder / "site.conf").write_text(site)
    temp = {name: folder / name for name in ("body", "proxy", "fastcgi", "uwsgi", "scgi")}
    for path in temp.values():
        path.mkdir(exist_ok=True)
    config = folder / "nginx.conf"
    config.write_text(
        ("user root;\n" if os.geteuid() == 0 else "")
        + f"daemon off;\npid {folder / 'nginx.pid'};\nerror_log {folder / 'error.log'};\n"
        + "worker_processes 1;\nevents { worker_connections 256; }\n"
        + "http {\n  access_log off;\n"
        + f"  client_body_temp_path {temp['body']};\n  proxy_temp_path {temp['proxy']};\n"
        + f"  fastcgi_temp_path {temp['fastcgi']};\n  uwsgi_temp_path {temp['uwsgi']};\n"
        + f"  scgi_temp_path {temp['scgi']};\n  include {folder / 'site.conf'};\n}}\n"
    )
    return config


@pytest.fixture(scope="module")
def proxied(tmp_path_factory, sqlite_template):
    """One sync gunicorn worker (the worst case for slow clients) behind deploy/nginx.conf."""
    if not os.path.exists(NGINX):
        unavailable("nginx is missing: apt-get install nginx to test deploy/nginx.conf")
    folder = tmp_path_factory.mktemp("nginx")
    shutil.copy(sqlite_template, folder / "court.db")
    env = live_server.app_env(f"sqlite:///{folder / 'court.db'}", folder)
    app = live_server.start(env=env, log=folder / "gunicorn.log", workers=1)
    port = free_port()
    config = main_config(folder, port, app.port)
    checked = subprocess.run([NGINX, "-t", "-c", str(config)], capture_output=True, text=True)
    assert checked.returncode == 0, checked.stderr
    nginx = subprocess.Popen([NGINX, "-c", str(config)], stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and not answers(url + "/api/salud"):
        time.sleep(0.1)
    yield url, port, app
    nginx.terminate()
    nginx.wait(timeout=10)
    app.stop()


def answers(url: str) -> bool:
    try:
        get(url, timeout=2)
        return True
    except (urllib.error.URLError, OSError):
        return False


def get(url: str, timeout: float = 5) -> tuple[int, str]:
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    try:
        with opener.open(url, timeout=timeout) as reply:
            return reply.status, reply.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def test_pages_pass_through_with_the_client_address_and_host(proxied):
    url, _, _ = proxied
    status, body = get(url + "/")
    assert status == 200 and "Ventanilla judicial" in body


def test_a_slow_upload_waits_in_nginx_and_the_only_worker_keeps_answering(proxied):
    url, port, _ = proxied
    head = (
        f"POST /citas/datos HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n"
        "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 2000000\r\n\r\n"
    ).encode()
    with socket.create_connection(("127.0.0.1", port)) as slow:
        slow.sendall(head + b"a=" + b"x" * 100_000)  # and then nothing for a while
        started = time.monotonic()
        status, _ = get(url + "/api/salud", timeout=5)
        waited = time.monotonic() - started
    assert status == 200
    assert waited < 4, f"the worker was held by the slow upload ({waited:.1f} s)"


def test_a_body_over_the_limit_is_refused_in_spanish_before_it_is_read(proxied):
    _, port, _ = proxied
    head = (
        f"POST /tramites/nuevo HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n"
        f"Content-Type: application/octet-stream\r\nContent-Length: {45 * 1024 * 1024}\r\n\r\n"
    ).encode()
    with socket.create_connection(("127.0.0.1", port), timeout=15) as client:
        client.sendall(head)
        # Read the answer, not until the socket closes: after a 413 nginx keeps the connection
        # open for its lingering close (5 s without data), a race with any timeout here.
        reply = b""
        while b"\r\n\r\n" not in reply or len(reply) < _length(reply):
            chunk = client.recv(65536)
            if not chunk:
                break
            reply += chunk
    text = reply.decode("utf-8", "replace")
    assert text.startswith("HTTP/1.1 413")
    assert "El archivo es demasiado grande" in text


def _length(reply: bytes) -> int:
    """The bytes of a whole HTTP answer whose head is in `reply`: head and Content-Length."""
    head, _, _ = reply.partition(b"\r\n\r\n")
    found = re.search(rb"(?im)^content-length:\s*(\d+)", head)
    return len(head) + 4 + (int(found.group(1)) if found else 0)


def test_when_the_app_is_down_nginx_says_so_in_spanish(proxied):
    url, _, app = proxied
    app.stop()
    status, body = get(url + "/")
    assert status == 502
    assert "La Ventanilla judicial no responde en este momento" in body


def test_the_kiosk_is_served_by_nginx_itself_even_with_the_app_down(proxied):
    url, _, app = proxied
    app.stop()  # stopped already by the test above when run in order; stopping twice is fine
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    with opener.open(url + "/kiosk/?sede=alzamora", timeout=5) as reply:
        assert reply.status == 200
        assert 'src="kiosk.js"' in reply.read().decode()
        assert reply.headers["Content-Security-Policy"] == KIOSK_POLICY
        assert reply.headers["X-Frame-Options"] == "DENY"
    request = urllib.request.Request(url + "/kiosk/kiosk.js", headers={"Accept-Encoding": "gzip"})
    with opener.open(request, timeout=5) as reply:
        assert reply.headers["Content-Encoding"] == "gzip"  # the copy the app wrote at start
