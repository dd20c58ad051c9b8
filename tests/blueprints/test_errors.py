"""Every HTTP error the app answers is Spanish: the site's layout for pages, the API's JSON
error shape under /api/. Werkzeug's English pages reach nobody."""

import pytest
from flask import abort
from werkzeug.exceptions import TooManyRequests

from tests.helpers import citizen, make_app, sign_in, staff

ENGLISH = ("<html lang=en>", "Forbidden", "Not Found", "Method Not Allowed", "Bad Request")
# Error pages touch no table: one engine is enough, except for NUL (PostgreSQL refuses it).
ON_SQLITE = pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
CODES = [400, 401, 403, 404, 405, 408, 409, 413, 414, 415, 429, 431, 500, 503]


@pytest.fixture
def aborting(database_url, tmp_path):
    """The app with two extra addresses that answer any error code, as a page and in the API."""
    app = make_app(database_url, tmp_path, PROPAGATE_EXCEPTIONS=False)
    app.add_url_rule("/prueba/<int:code>", "abort_page", lambda code: abort(code))
    app.add_url_rule("/api/prueba/<int:code>", "abort_api", lambda code: abort(code))
    app.add_url_rule("/prueba/falla", "fault", lambda: 1 / 0)
    return app.test_client()


def assert_spanish_page(response, status):
    text = response.get_data(as_text=True)
    assert response.status_code == status and response.mimetype == "text/html", text[:200]
    assert '<html lang="es">' in text and "<h1>" in text
    assert not [phrase for phrase in ENGLISH if phrase in text], text


@ON_SQLITE
def test_every_error_code_is_a_short_spanish_page(aborting):
    for code in CODES:
        assert_spanish_page(aborting.get(f"/prueba/{code}"), code)


@ON_SQLITE
def test_every_error_code_in_the_api_is_its_json_error_shape(aborting):
    for code in CODES:
        response = aborting.get(f"/api/prueba/{code}")
        assert response.status_code == code and response.mimetype == "application/json"
        [message] = response.get_json()["errors"]["request"]
        assert message.endswith(".") and not any(phrase in message for phrase in ENGLISH)


@ON_SQLITE
def test_a_fault_is_the_spanish_500_page_and_a_refused_one_still_spanish(aborting, monkeypatch):
    assert "Algo falló de nuestro lado" in aborting.get("/prueba/falla").text

    def broken(*args, **kwargs):
        raise RuntimeError("the layout needs the database, and it is gone")

    monkeypatch.setattr("blueprints.errors.render_template", broken)
    response = aborting.get("/prueba/falla")
    assert response.status_code == 500 and '<html lang="es">' in response.text
    assert "Algo falló de nuestro lado" in response.text


@ON_SQLITE
def test_an_error_keeps_the_headers_http_asks_for(database_url, tmp_path):
    app = make_app(database_url, tmp_path)

    def limited():
        raise TooManyRequests(retry_after=60)

    app.add_url_rule("/prueba/limite", "limited", limited)
    response = app.test_client().get("/prueba/limite")
    assert response.status_code == 429 and response.headers["Retry-After"] == "60"
    assert "Demasiados intentos seguidos" in response.text


def test_citizens_and_wrong_roles_meet_a_spanish_403_on_staff_pages(client, db):
    citizen()
    sign_in(client)
    assert_spanish_page(client.get("/personal/auditoria"), 403)
    assert "No puede abrir esta página" in client.get("/personal/").text
    clerk = client.application.test_client()
    staff("mesa@corte.pe", "mesa_de_partes")
    sign_in(clerk, "mesa@corte.pe")
    assert_spanish_page(clerk.get("/personal/usuarios"), 403)


@ON_SQLITE
def test_the_api_answers_unknown_addresses_and_methods_in_json(client):
    response = client.get("/api/no-existe")
    assert response.status_code == 404 and "request" in response.get_json()["errors"]
    response = client.post("/api/salud")
    assert response.status_code == 405 and response.mimetype == "application/json"
    assert "GET" in response.headers["Allow"]


def test_a_text_with_nul_is_a_spanish_400_not_a_database_error(client, db):
    """PostgreSQL refuses NUL in text: it was a 500 on the sign-in form and the staff forms."""
    response = client.post(
        "/cuenta/ingresar", data={"login": "ana\x00@example.pe", "password": "x"}
    )
    assert_spanish_page(response, 400)
    assert_spanish_page(client.get("/citas/ticket/AB%00CD"), 400)
    assert_spanish_page(client.get("/aranceles/resultado?act=a%00"), 400)
