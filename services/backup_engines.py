"""The database half of a backup: SQLite's online backup API, or PostgreSQL's pg_dump/pg_restore.

dump() copies a running database as one snapshot and says what that snapshot holds (the last
schema migration, every table's row count); check_empty() refuses a database that has any table;
load() puts a copy into an empty database and counts its rows again.
"""

import glob
import os
import shutil
import sqlite3
import subprocess
from urllib.parse import urlsplit, urlunsplit

import psycopg2

DUMP_NAMES = {"sqlite": "database.sqlite3", "postgresql": "database.pgdump"}


class BackupError(Exception):
    """A backup or restore was refused or failed; the Spanish message says why and what to do."""


def engine(database_url: str) -> str:
    scheme = database_url.split("://", 1)[0]
    if scheme.startswith("sqlite"):
        return "sqlite"
    if scheme.startswith("postgres"):
        return "postgresql"
    raise BackupError(f"No se pueden copiar bases {scheme}: solo SQLite y PostgreSQL")


def dump(engine: str, url: str, target: str) -> tuple[str | None, dict[str, int]]:
    return (_sqlite_dump if engine == "sqlite" else _pg_dump)(url, target)


def check_empty(engine: str, url: str) -> None:
    (_sqlite_check_empty if engine == "sqlite" else _pg_check_empty)(url)


def load(engine: str, url: str, source: str) -> dict[str, int]:
    return (_sqlite_load if engine == "sqlite" else _pg_load)(url, source)


def _summary(cursor, tables: list[str]) -> tuple[str | None, dict[str, int]]:
    """(the last applied migration, the row count of each table), read through `cursor`."""
    counts = {}
    for table in tables:
        cursor.execute(f'SELECT count(*) FROM "{table}"')
        counts[table] = cursor.fetchone()[0]
    level = None
    if "schema_migration" in counts:
        cursor.execute("SELECT max(name) FROM schema_migration")  # 0001_..., 0002_...
        level = cursor.fetchone()[0]
    return level, counts


# SQLite ------------------------------------------------------------------------------------


def sqlite_path(url: str) -> str:
    path = urlsplit(url).path[1:]  # as peewee reads it: sqlite:///relative, sqlite:////absolute
    if not path or path == ":memory:":
        raise BackupError("DATABASE_URL no indica un archivo SQLite")
    return path


def _sqlite_tables(connection) -> list[str]:
    rows = connection.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
        "ORDER BY name"
    )
    return [name for (name,) in rows]


def _sqlite_dump(url: str, target: str):
    path = sqlite_path(url)
    if not os.path.isfile(path):
        raise BackupError(f"No existe la base de datos {path}")
    source, copy = sqlite3.connect(path, timeout=15), sqlite3.connect(target)
    try:
        source.backup(copy)  # every page in one step: one read snapshot; writers go on (WAL)
        copy.execute("PRAGMA journal_mode=DELETE")  # one self-contained file, no -wal beside it
        return _summary(copy.cursor(), _sqlite_tables(copy))
    finally:
        source.close()
        copy.close()


def _sqlite_check_empty(url: str) -> None:
    path = sqlite_path(url)
    if not os.path.exists(path):
        if os.path.exists(f"{path}-wal"):  # SQLite would replay it into the restored file
            raise BackupError(f"Queda {path}-wal de una base anterior: muévalo con su -shm")
        return
    connection = sqlite3.connect(path, timeout=15)
    try:
        tables = _sqlite_tables(connection)
        rows = sum(_summary(connection.cursor(), tables)[1].values())
    finally:
        connection.close()
    if tables:
        raise BackupError(
            f"La base de datos {path} no está vacía ({len(tables)} tablas, {rows} filas). "
            "Restaure en un archivo nuevo: cambie DATABASE_URL o mueva el archivo actual"
        )


def _sqlite_load(url: str, source: str) -> dict[str, int]:
    path = sqlite_path(url)
    os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
    copy = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    target = sqlite3.connect(path, timeout=15)
    try:
        copy.backup(target)
        target.execute("PRAGMA journal_mode=wal")  # as `migrate` leaves the app's database
        return _summary(target.cursor(), _sqlite_tables(target))[1]
    finally:
        copy.close()
        target.close()


# PostgreSQL --------------------------------------------------------------------------------


def _libpq(url: str) -> tuple[str, dict]:
    """The URL without its password, and an environment carrying it (not on a command line)."""
    parts = urlsplit(url)
    host = parts.netloc.rsplit("@", 1)[-1]
    netloc = f"{parts.username}@{host}" if parts.username else host
    env = dict(os.environ)
    if parts.password is not None:
        env["PGPASSWORD"] = parts.password  # taken as written, as peewee takes it
    return urlunsplit(("postgresql", netloc, parts.path, parts.query, "")), env


def _connect(url: str):
    bare, env = _libpq(url)
    try:
        return psycopg2.connect(bare, password=env.get("PGPASSWORD"), connect_timeout=10)
    except psycopg2.OperationalError as error:
        raise BackupError(
            f"No se pudo conectar a la base de datos ({str(error).strip()}). "
            "Para restaurar, créela antes vacía (createdb)"
        ) from None


def _tool(name: str) -> str:
    """pg_dump or pg_restore: on PATH, or the newest /usr/lib/postgresql/<version>/bin one."""
    found = shutil.which(name)
    if found:
        return found
    candidates = glob.glob(f"/usr/lib/postgresql/*/bin/{name}")
    if not candidates:
        raise BackupError(f"No se encontró {name}: instale postgresql-client")
    return max(candidates, key=lambda p: [int(n) for n in p.split("/")[4].split(".")])


def _run(command: list[str], env: dict) -> None:
    result = subprocess.run(command, env=env, capture_output=True, text=True)
    if result.returncode:
        name = os.path.basename(command[0])
        raise BackupError(f"{name} falló: {result.stderr.strip()[-2000:]}")


def _pg_tables(cursor) -> list[str]:
    cursor.execute(
        "SELECT table_name FROM information_schema.tables WHERE table_type = 'BASE TABLE' "
        "AND table_schema = current_schema() ORDER BY table_name"
    )
    return [name for (name,) in cursor.fetchall()]


def _pg_dump(url: str, target: str):
    bare, env = _libpq(url)
    connection = _connect(url)
    try:
        connection.set_session(isolation_level="REPEATABLE READ", readonly=True)
        with connection.cursor() as cursor:
            # pg_dump reads this very snapshot, so the counts and the dump agree row for row.
            cursor.execute("SELECT pg_export_snapshot()")
            snapshot = cursor.fetchone()[0]
            summary = _summary(cursor, _pg_tables(cursor))
            dump_command = [_tool("pg_dump"), "--format=custom", f"--snapshot={snapshot}"]
            _run([*dump_command, f"--file={target}", f"--dbname={bare}"], env)
        return summary
    finally:
        connection.close()


def _pg_check_empty(url: str) -> None:
    connection = _connect(url)
    try:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(*) FROM information_schema.tables "
                "WHERE table_schema NOT IN ('pg_catalog', 'information_schema')"
            )
            tables = cursor.fetchone()[0]
    finally:
        connection.close()
    if tables:
        database = urlsplit(url).path.lstrip("/")
        raise BackupError(
            f"La base de datos {database} no está vacía ({tables} tablas). "
            "Restaure en una base nueva, creada vacía con createdb"
        )


def _pg_load(url: str, source: str) -> dict[str, int]:
    bare, env = _libpq(url)
    restore = [_tool("pg_restore"), "--no-owner", "--no-privileges", "--exit-on-error"]
    _run([*restore, "--single-transaction", f"--dbname={bare}", source], env)
    connection = _connect(url)
    try:
        with connection.cursor() as cursor:
            return _summary(cursor, _pg_tables(cursor))[1]
    finally:
        connection.close()
