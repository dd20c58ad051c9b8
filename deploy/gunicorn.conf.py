"""gunicorn's settings for Ventanilla on one VM (the Procfile's `web` line reads this file).

Why gevent workers: a sync worker serves one connection from its first byte to its last, so a
handful of clients that send their headers or an upload slowly (a bad 3G link, or a slowloris
attack on purpose) held every worker and the site stopped answering. A gevent worker waits
for each connection's bytes in a greenlet of its own and spends CPU only on requests that have
fully arrived. bench/slow_clients.py measures it; tests/test_serving.py proves it.

psycopg2 is left to wait for PostgreSQL in C, blocking its worker for that moment, on purpose:
a query on the same VM or network takes a fraction of a millisecond, and a request that never
yields while it holds a database connection keeps each worker to one connection at a time.
With psycogreen, a saturated worker held a connection for every request in flight and ran out
of its pool of 20 (bench/peak_hour.py on PostgreSQL at 200 citizens: MaxConnectionsExceeded).

Environment: HOST (default 127.0.0.1: only nginx or another local proxy should reach it),
PORT (8000), WEB_CONCURRENCY (workers, 3). GUNICORN_CMD_ARGS adds or overrides settings.
"""

import os

bind = f"{os.environ.get('HOST') or '127.0.0.1'}:{os.environ.get('PORT') or '8000'}"
workers = int(os.environ.get("WEB_CONCURRENCY") or 3)
worker_class = "gevent"
# Open connections per worker, slow or not; each costs a few KB, not a process. More than
# this wait in the listen backlog; a proxy in front (nginx: limit_conn) can cap them per address.
worker_connections = 1000
# A browser keeps its connection for the next page instead of paying a new one each time: long
# enough for a person reading a page (nginx keeps 75 s). Under load, 5 s (gunicorn's default)
# closed them mid-journey, and a worker busy with open connections accepts new ones slowly.
keepalive = 20
