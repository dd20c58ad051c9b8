"""Public pages read the court's set-up from each worker's short cache, not the database: under
a peak hour the SQL peewee builds for it was a third of the home page's time."""

import logging

import pytest

from db import database
from models import Sede
from tests.helpers import make_app


@pytest.fixture
def cached_client(database_url, tmp_path):
    app = make_app(database_url, tmp_path, SETUP_CACHE_SECONDS=30)
    yield app.test_client()
    database.close()


class Queries(logging.Handler):
    """Counts the statements peewee sends (it logs each one at DEBUG)."""

    def __init__(self):
        super().__init__(logging.DEBUG)
        self.statements = []

    def emit(self, record):
        self.statements.append(record.getMessage())


@pytest.fixture
def queries():
    logger = logging.getLogger("peewee")
    handler, level = Queries(), logger.level
    logger.addHandler(handler)
    logger.setLevel(logging.DEBUG)
    yield handler.statements
    logger.removeHandler(handler)
    logger.setLevel(level)


@pytest.mark.parametrize("path", ["/", "/citas/"])
def test_a_warm_worker_lists_the_sedes_without_a_query(cached_client, queries, path):
    first = cached_client.get(path)
    assert first.status_code == 200
    queries.clear()
    second = cached_client.get(path)
    assert second.status_code == 200
    assert second.text == first.text
    assert not [q for q in queries if "sede" in q.lower()], queries


def test_with_no_cache_a_closed_sede_leaves_the_list_at_once(client):
    sede = Sede.select().order_by(Sede.name).first()
    assert sede.name in client.get("/").text
    Sede.update(active=False).where(Sede.id == sede.id).execute()
    assert sede.name not in client.get("/").text
