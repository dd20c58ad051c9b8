"""Background jobs: one huey queue for mail and the periodic work, chosen by the app's config.

- `TESTING` or `JOBS_IMMEDIATE`: every job runs inline, at once, where it is enqueued (tests,
  a quick demo with no worker); nothing is stored.
- `REDIS_URL`: the queue lives in Redis (huey's RedisHuey storage), under `REDIS_PREFIX`, so
  several app servers share one queue and one worker pool.
- otherwise: SQLite (huey's SqliteHuey storage) in `JOBS_DATABASE`, by default
  `instance/jobs.db`: the embedded queue for one VM, no server to run.

Tasks are declared at import time on the module-level `huey` (like every extension here,
unbound); `init_app` picks its storage, which is opened at its first use. A job runs inside
the Flask app: inline, in the caller's app context; in the worker (`flask --app app worker`,
which builds the app with create_app()), in an app context and a database connection of its
own.
"""

import functools
import threading

import click
from flask import has_app_context
from huey import Huey
from huey.storage import MemoryStorage, RedisStorage, SqliteStorage

from db import database

NAME = "ventanilla"


class AppHuey(Huey):
    """A huey whose storage init_app chooses, opened lazily: building an app for a test or a
    CLI command never creates a queue file it does not use."""

    def __init__(self, name: str):
        self._lock = threading.Lock()
        self._opener = functools.partial(MemoryStorage, name)
        self._storage = None
        # No result store: jobs return nothing anyone waits for, and a failed mail is kept
        # in the app's own failed_mail table instead.
        super().__init__(name, results=False, immediate_use_memory=False)

    def create_storage(self):
        return None  # opened at first use, see `storage`

    @property
    def storage(self):
        if self._storage is None:
            with self._lock:
                if self._storage is None:
                    self._storage = self._opener()
        return self._storage

    @storage.setter
    def storage(self, value):
        self._storage = value

    def configure(self, opener, immediate: bool) -> None:
        old, self._storage = self._storage, None
        if old is not None and hasattr(old, "close"):
            old.close()
        self._opener = opener
        self.immediate = immediate


huey = AppHuey(NAME)
_app = None  # the app jobs run in when no app context is active (the worker)


def storage_opener(config: dict):
    """How to open the queue the config asks for (a function, called at first use)."""
    if config.get("TESTING") or config["JOBS_IMMEDIATE"]:
        return functools.partial(MemoryStorage, NAME)
    if config["REDIS_URL"]:
        # huey names its keys huey.redis.<name>: the prefix keeps two deployments apart.
        name = f"{config['REDIS_PREFIX']}jobs"
        return functools.partial(RedisStorage, name, url=config["REDIS_URL"], clean_name=False)
    return functools.partial(SqliteStorage, NAME, filename=config["JOBS_DATABASE"])


def init_app(app) -> None:
    global _app
    _app = app
    huey.configure(
        storage_opener(app.config), bool(app.config.get("TESTING") or app.config["JOBS_IMMEDIATE"])
    )
    from services import notify, periodic, recovery  # noqa: F401  (their tasks: the worker)

    @app.cli.command("worker")
    @click.option("--workers", default=2, show_default=True, help="Hilos que ejecutan trabajos")
    def worker_command(workers):
        """Run the background jobs: e-mail, reminders, clean-up (the Procfile's worker line)."""
        if huey.immediate:
            # Every job already runs where it is asked for; only the periodic ones (reminders,
            # clean-up) need this process. It keeps them in a queue of its own, in memory.
            click.echo(
                "JOBS_IMMEDIATE está activo: el worker solo ejecuta los trabajos periódicos."
            )
            huey.configure(functools.partial(MemoryStorage, NAME), immediate=False)
        # max_delay: an idle SQLite queue is polled at least every 2 s (Redis blocks instead).
        huey.create_consumer(
            workers=workers, worker_type="thread", periodic=True, max_delay=2.0
        ).run()


def _in_app(func):
    @functools.wraps(func)
    def run(*args, **kwargs):
        if has_app_context():  # inline: the caller's request, CLI command or test
            return func(*args, **kwargs)
        if _app is None:
            raise RuntimeError("Build the app with create_app() before running jobs")
        with _app.app_context(), database.connection_context():
            return func(*args, **kwargs)

    return run


def task(**options):
    """`@huey.task(...)` for a function that needs the app (config, templates, database)."""
    return lambda func: huey.task(**options)(_in_app(func))


def periodic_task(validate_datetime, **options):
    """`@huey.periodic_task(...)` for a function that needs the app."""
    return lambda func: huey.periodic_task(validate_datetime, **options)(_in_app(func))
