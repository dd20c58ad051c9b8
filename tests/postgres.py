"""The PostgreSQL plumbing of the tests: reaching the server, throw-away databases, and a
pristine copy of the demo court's tables to put back after each test."""

import os
import re
import uuid

import psycopg2

from tests.helpers import unavailable

# The server to test the PostgreSQL path against; this machine's runs on 127.0.0.1:5432.
ADMIN_URL = os.environ.get(
    "VENTANILLA_TEST_POSTGRES", "postgresql://postgres@127.0.0.1:5432/postgres"
)
HOW_TO_ENABLE = (
    "PostgreSQL is not reachable at {url}: the PostgreSQL tests are skipped. To run them, "
    "start a server with trust auth on 127.0.0.1:5432 or set VENTANILLA_TEST_POSTGRES to an "
    "admin URL (postgresql://user@host:port/postgres)."
)


def admin():
    """A connection to the PostgreSQL server; skip (fail under CI=true) when there is none."""
    try:
        connection = psycopg2.connect(ADMIN_URL, connect_timeout=3)
    except psycopg2.OperationalError as error:
        unavailable(f"{HOW_TO_ENABLE.format(url=ADMIN_URL)} ({error})")
    connection.autocommit = True
    return connection


def database_url(name: str) -> str:
    return re.sub(r"/[^/]*$", f"/{name}", ADMIN_URL)


def create_database(connection, prefix: str) -> str:
    """A new, empty database with a name no other run uses; returns its name."""
    name = f"{prefix}_{uuid.uuid4().hex[:10]}"
    with connection.cursor() as cursor:
        cursor.execute(f'CREATE DATABASE "{name}"')
    return name


def drop_database(connection, name: str) -> None:
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def reset(url: str) -> None:
    """Empty a database: no tables, no sequences."""
    connection = psycopg2.connect(url)
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public;")
    connection.close()


def keep_pristine(connection) -> list[str]:
    """Copy every table into the schema `pristine`; returns the tables' names."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename"
        )
        tables = [row[0] for row in cursor.fetchall()]
        cursor.execute("CREATE SCHEMA pristine")
        for table in tables:
            cursor.execute(f'CREATE TABLE pristine."{table}" AS TABLE public."{table}"')
    return tables


def restore_pristine(connection, tables: list[str]) -> None:
    """Every table back to its pristine copy, ids and sequences included."""
    listed = ", ".join(f'public."{t}"' for t in tables)
    with connection.cursor() as cursor:
        # replica mode skips foreign-key and audit triggers while the rows go back in
        cursor.execute("SET session_replication_role = replica")
        cursor.execute(f"TRUNCATE {listed} RESTART IDENTITY CASCADE")
        for table in tables:
            cursor.execute(f'INSERT INTO public."{table}" SELECT * FROM pristine."{table}"')
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence('public.\"{table}\"', 'id'), "
                f'COALESCE(MAX(id), 1), MAX(id) IS NOT NULL) FROM public."{table}"'
            )
        cursor.execute("SET session_replication_role = DEFAULT")
