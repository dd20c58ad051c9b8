"""The database handle, its per-request lifecycle and the `migrate` command."""

import os

import click
import peewee
from playhouse import migrations
from playhouse.db_url import connect

database = peewee.DatabaseProxy()

MIGRATIONS_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "migrations")


class BaseModel(peewee.Model):
    class Meta:
        database = database
        legacy_table_names = False


def open_database(url: str) -> peewee.Database:
    """A peewee database for DATABASE_URL; SQLite gets a busy timeout and foreign keys.

    WAL mode is a property of the database file, set once by apply_migrations(); asking for
    it on every connection would cost each request a file-system round trip.
    """
    scheme, rest = url.split("://", 1)
    # Pooled: a request still checks a connection out and back in, but does not pay for
    # opening it (SQLite re-reads the schema on every new connection).
    pooled = scheme if scheme.endswith("+pool") else f"{scheme}+pool"
    # A gevent worker (deploy/gunicorn.conf.py) serves many requests at once: should more than
    # 20 hold a connection (one waiting on Redis, say), the next waits up to 10 s, not a 500.
    options = {"max_connections": 20, "stale_timeout": 300, "timeout": 10}
    if scheme.startswith("sqlite"):
        options["check_same_thread"] = False  # a pooled connection may serve another thread
        options["pragmas"] = {
            "busy_timeout": 15000,  # ms a writer waits for the lock, not "database is locked"
            "foreign_keys": 1,
            "synchronous": "normal",
        }
    return connect(f"{pooled}://{rest}", **options)


def database_reachable() -> bool:
    """One trivial query: the health check's answer to "can this server work?"."""
    try:
        database.execute_sql("SELECT 1")
    except peewee.DatabaseError:  # OperationalError too: no file, server down, refused
        return False
    return True


# SQL text of the hottest queries, per kind of database (see select_rows).
_sql_texts: dict = {}


def select_rows(name: str, build, values: tuple) -> list[tuple]:
    """The rows of the query `build()` makes, with `values` in place of its parameters.

    For the queries of the busiest pages (the slot list): peewee takes several times longer
    to write a small SELECT than the database takes to run it, so its text is written once
    per kind of database and then sent with each request's values. `build` must take its
    parameters in the order of `values` (any placeholder values do); rows come back raw,
    as the driver gives them.
    """
    return execute_once_written(name, build, values).fetchall()


def execute_once_written(name: str, build, values: tuple):
    """select_rows() for any statement (an INSERT, an UPDATE): the cursor, nothing fetched."""
    key = (name, type(database.obj))
    sql = _sql_texts.get(key)
    if sql is None:
        sql, params = build().sql()
        if len(params) != len(values):
            raise ValueError(f"{name}: the query takes {len(params)} values, not {len(values)}")
        _sql_texts[key] = sql
    return database.execute_sql(sql, values)


def is_sqlite() -> bool:
    return isinstance(database.obj, peewee.SqliteDatabase)


def write_transaction():
    """A transaction that will write: on SQLite take the write lock at BEGIN.

    A deferred SQLite transaction that reads and then writes fails at once with
    "database is locked" when another worker committed in between; BEGIN IMMEDIATE
    waits for the busy timeout instead. PostgreSQL needs nothing special.
    """
    if is_sqlite():
        return database.atomic("IMMEDIATE")
    return database.atomic()


def apply_migrations() -> list[str]:
    """Put SQLite in WAL mode, apply every pending script in migrations/, return their names."""
    if is_sqlite():
        database.execute_sql("PRAGMA journal_mode=wal")
    runner = migrations.Runner(database.obj, directory=MIGRATIONS_DIR)
    return runner.up()


def init_app(app):
    """Bind the proxy to DATABASE_URL; a request connects at its first query, closes at its end.

    Connecting lazily (peewee's autoconnect) keeps static files and cached pages from paying
    for a connection they do not use.
    """
    if database.obj is not None:
        database.obj.close_all()  # a new app (tests build many) must not strand the old pool
    database.initialize(open_database(app.config["DATABASE_URL"]))

    @app.teardown_request
    def _db_close(exc):
        if not database.is_closed():
            database.close()

    @app.cli.command("migrate")
    def migrate_command():
        """Create or evolve the schema: apply pending migrations/ scripts."""
        with database.connection_context():
            applied = apply_migrations()
        click.echo(f"Migraciones aplicadas: {', '.join(applied) if applied else 'ninguna'}")
