"""Shared fixtures: an app on SQLite and, when reachable, on PostgreSQL; Redis when reachable.

Only fixtures live here; what tests import comes from tests/helpers.py.
"""

import logging
import os
import shutil
import uuid

import psycopg2
import pytest
import redis

from app import create_app
from db import apply_migrations, database
from services import clock
from services.court_setup import create_demo_court
from tests import postgres, speedups
from tests.helpers import TEST_NOW, make_app, unavailable

speedups.install()
clock.set_now(TEST_NOW)  # before any session fixture builds the demo court (its holidays' years)


@pytest.fixture(autouse=True)
def court_clock():
    """Every test starts at TEST_NOW; a test may move the clock on (clock.advance)."""
    clock.set_now(TEST_NOW)
    yield clock
    clock.set_now(TEST_NOW)


def _prepare(url: str) -> None:
    """Migrations and the demo court, then every pooled connection closed."""
    create_app({"DATABASE_URL": url, "TESTING": True})
    with database.connection_context():
        apply_migrations()
        create_demo_court()
    database.obj.close_all()


@pytest.fixture(scope="session")
def postgres_url():
    """A throw-away, empty PostgreSQL database for this test run."""
    admin = postgres.admin()
    name = postgres.create_database(admin, "ventanilla_test")
    yield postgres.database_url(name)
    postgres.drop_database(admin, name)
    admin.close()


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory):
    """A migrated SQLite file with the demo court, built once and copied for each test."""
    path = tmp_path_factory.mktemp("template") / "court.db"
    _prepare(f"sqlite:///{path}")
    return path


@pytest.fixture(scope="session")
def postgres_demo():
    """A migrated PostgreSQL database with the demo court, and a pristine copy of every table.

    Cloning a database per test costs half a second; putting the rows back costs a few
    milliseconds, so every PostgreSQL test gets the same fresh demo court that way.
    """
    admin = postgres.admin()
    name = postgres.create_database(admin, "ventanilla_demo")
    _prepare(postgres.database_url(name))
    connection = psycopg2.connect(postgres.database_url(name))
    connection.autocommit = True
    tables = postgres.keep_pristine(connection)
    yield connection, tables, postgres.database_url(name)
    connection.close()
    postgres.drop_database(admin, name)
    admin.close()


@pytest.fixture(params=["sqlite", "postgres"])
def database_url(request, tmp_path):
    """Each test that needs a database runs once per engine, on a fresh demo court."""
    if request.param == "sqlite":
        path = tmp_path / "court.db"
        shutil.copyfile(request.getfixturevalue("sqlite_template"), path)
        yield f"sqlite:///{path}"
        return
    connection, tables, url = request.getfixturevalue("postgres_demo")
    yield url
    if database.obj is not None:
        database.obj.close_all()  # nothing may hold a lock on the tables being emptied
    postgres.restore_pristine(connection, tables)


@pytest.fixture
def app(database_url, tmp_path):
    app = make_app(database_url, tmp_path)
    yield app
    database.close()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def db(app):
    """The database, for tests that read or write models directly (peewee reconnects itself:
    each request of the test client closes the connection when it ends)."""
    yield database
    if not database.is_closed():
        database.close()


@pytest.fixture
def sql_statements():
    """The SQL statements peewee sends while the test runs (it logs each one at DEBUG), as
    text: "('SELECT …', [parameters])"; a test clears the list before what it counts."""
    sent = []
    handler = logging.Handler(logging.DEBUG)
    handler.emit = lambda record: sent.append(record.getMessage())
    logger = logging.getLogger("peewee")
    level = logger.level
    logger.addHandler(handler)
    logger.setLevel(logging.DEBUG)
    yield sent
    logger.removeHandler(handler)
    logger.setLevel(level)


# The Redis to test the scale-out path against (database 15: tests delete only their own keys).
REDIS_TEST_URL = os.environ.get("VENTANILLA_TEST_REDIS", "redis://127.0.0.1:6379/15")


@pytest.fixture(scope="session")
def redis_url():
    """REDIS_TEST_URL if a Redis answers there; skipped (failed under CI=true) if not."""
    client = redis.Redis.from_url(REDIS_TEST_URL, socket_connect_timeout=2)
    try:
        client.ping()
    except redis.exceptions.RedisError as error:
        unavailable(
            f"Redis is not reachable at {REDIS_TEST_URL}: the Redis tests are skipped. Start "
            f"redis-server on 127.0.0.1:6379 or set VENTANILLA_TEST_REDIS. ({error})"
        )
    finally:
        client.close()
    return REDIS_TEST_URL


@pytest.fixture(scope="session")
def s3_server():
    """moto's S3-compatible server, in this process on a free port: what several app servers'
    shared bucket is tested against, with no AWS account and no network."""
    from moto.server import ThreadedMotoServer

    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    _, port = server.get_host_and_port()
    yield f"http://127.0.0.1:{port}"
    # Not stopped: its thread is a daemon that ends with the test process, and stop() waited
    # some 20 s for boto3's kept-alive connections to close.


@pytest.fixture
def s3_files(s3_server, monkeypatch):
    """A new, empty bucket on s3_server, and the settings that keep filing files in it
    (credentials through boto3's usual variables, as in production)."""
    import boto3

    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "ventanilla-test")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "ventanilla-test")
    for name in ("AWS_PROFILE", "AWS_SESSION_TOKEN", "AWS_CONFIG_FILE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", os.devnull)
    bucket = f"ventanilla-{uuid.uuid4().hex[:12]}"
    client = boto3.client("s3", endpoint_url=s3_server, region_name="us-east-1")
    client.create_bucket(Bucket=bucket)
    return {
        "FILES_STORAGE": f"s3://{bucket}",
        "S3_ENDPOINT_URL": s3_server,
        "S3_REGION": "us-east-1",
    }
