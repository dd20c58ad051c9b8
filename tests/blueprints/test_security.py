"""CSRF and the headers every response carries."""

import re

import pytest

from tests.helpers import PERSON, human_answer, make_app


@pytest.fixture
def csrf_client(database_url, tmp_path):
    return make_app(database_url, tmp_path, WTF_CSRF_ENABLED=True).test_client()


def test_a_form_without_its_csrf_token_is_refused_and_explained(csrf_client):
    response = csrf_client.post("/citas/datos", data=PERSON)
    assert response.status_code == 400
    assert "El formulario venció" in response.text


def test_a_form_with_its_token_goes_through(csrf_client):
    page = csrf_client.get("/citas/datos")
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
    data = PERSON | human_answer(page.text) | {"csrf_token": token}
    response = csrf_client.post("/citas/datos", data=data)
    assert response.status_code == 303


def test_a_token_from_another_session_is_refused(csrf_client, database_url, tmp_path):
    page = csrf_client.get("/citas/datos")
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
    stranger = csrf_client.application.test_client()
    assert stranger.post("/citas/datos", data=PERSON | {"csrf_token": token}).status_code == 400


def test_pages_carry_security_headers_and_are_not_cached(client):
    response = client.get("/citas/datos")
    assert "default-src 'self'" in response.headers["Content-Security-Policy"]
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["Cache-Control"] == "no-store"


def test_static_files_are_cached_for_a_year_under_a_content_hash(client):
    page = client.get("/").text
    css = re.search(r'href="(/static/site.css\?v=[0-9a-f]{10})"', page).group(1)
    response = client.get(css)
    assert "max-age=31536000" in response.headers["Cache-Control"]
    response.close()
