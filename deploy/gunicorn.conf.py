"""gunicorn's settings for Ventanilla on one VM (the Procfile's `web` line reads this file).

Why gevent workers: a sync worker serves one connection from its first byte to its last, so a
handful of clients that send their headers or an upload slowly (a bad 3G link, or a slowloris
attack on purpose) held every worker and the site stopped answering. A gevent worker waits
for each connection's bytes in a greenlet of its own and spends CPU only on requests that have
fully arrived. bench/slow_clients.py measures it; tests/test_serving.py proves it.

Environment: HOST (default 127.0.0.1: only nginx or another local proxy should reach it),
PORT (8000), WEB_CONCURRENCY (workers, 3). GUNICORN_CMD_ARGS adds or overrides settings.
"""

import os

bind = f"{os.environ.get('HOST') or '127.0.0.1'}:{os.environ.get('PORT') or '8000'}"
workers = int(os.environ.get("WEB_CONCURRENCY") or 3)
worker_class = "gevent"
# Open connections per worker, slow or not; each costs a few KB, not a process. More than
# this wait in the listen backlog; nginx in front (deploy/nginx.conf) caps them per address.
worker_connections = 1000
# A browser keeps its connection for the next page instead of paying a new one each time.
keepalive = 5


def post_fork(server, worker):
    """psycopg2 waits for PostgreSQL inside C code, which would stop every greenlet of the
    worker; psycogreen makes it wait through gevent instead. SQLite needs nothing: its calls
    are short and local."""
    from psycogreen.gevent import patch_psycopg

    patch_psycopg()
