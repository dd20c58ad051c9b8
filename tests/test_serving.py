"""The README's start command (scripts/start runs the Procfile with honcho) under slow clients.

A sync gunicorn worker belongs to one connection from its first byte to its last: a few
clients that send their headers slowly held every worker and /api/salud stopped answering.
Here the Procfile's real `web` line is started, as honcho would (bash, HOST unset), and must
still answer a normal request while ten such connections are open. bench/slow_clients.py
measures the same with latencies.
"""

import shutil
import socket
import time
import urllib.request

import pytest

from tests import live_server

SLOWLORIS = 10


@pytest.fixture(scope="module")
def procfile_server(tmp_path_factory, sqlite_template):
    """Started once for the module: booting migrate and three workers takes a while."""
    tmp_path = tmp_path_factory.mktemp("procfile")
    shutil.copy(sqlite_template, tmp_path / "court.db")
    env = live_server.app_env(f"sqlite:///{tmp_path / 'court.db'}", tmp_path)
    env.pop("HOST", None)  # the Procfile's own default bind
    env.pop("WEB_CONCURRENCY", None)
    server = live_server.start_procfile(
        live_server.procfile_command(),
        env=env,
        log=tmp_path / "web.log",
        timeout=120,  # migrate and three workers booting on a busy 2-core CI machine
    )
    yield server
    server.stop()


def test_the_procfile_listens_on_loopback_only_by_default(procfile_server):
    log = procfile_server.log.read_text()
    assert f"Listening at: http://127.0.0.1:{procfile_server.port}" in log, log


def test_slow_headers_do_not_hold_the_server(procfile_server):
    attackers = []
    try:
        for _ in range(SLOWLORIS):
            attacker = socket.create_connection(("127.0.0.1", procfile_server.port), timeout=5)
            attacker.sendall(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: a")  # never ends
            attackers.append(attacker)
        time.sleep(0.5)  # every worker has taken its connection by now

        start = time.monotonic()
        opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
        with opener.open(procfile_server.url + "/api/salud", timeout=5) as response:
            assert response.status == 200
        # A generous bound: not a benchmark, only "it answered instead of hanging".
        assert time.monotonic() - start < 5
    finally:
        for attacker in attackers:
            attacker.close()
