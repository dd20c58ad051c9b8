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
    """A peewee database for DATABASE_URL; SQLite gets WAL, a busy timeout and foreign keys."""
    if url.startswith("sqlite"):
        return connect(
            url,
            timeout=15,  # seconds a writer waits for the lock instead of "database is locked"
            pragmas={"journal_mode": "wal", "foreign_keys": 1, "synchronous": "normal"},
        )
    return connect(url)


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
    """Apply every pending script in migrations/ and return their names."""
    runner = migrations.Runner(database.obj, directory=MIGRATIONS_DIR)
    return runner.up()


def init_app(app):
    """Bind the proxy to DATABASE_URL and open/close a connection per request."""
    database.initialize(open_database(app.config["DATABASE_URL"]))

    @app.before_request
    def _db_connect():
        database.connect(reuse_if_open=True)

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
