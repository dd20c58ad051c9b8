"""What a production server refuses to start without, and what it trusts from a request."""

import pytest

from app import ConfigurationError, _stored_secret_key, create_app
from tests.helpers import NEW_CITIZEN, human_answer, mails, make_app

GOOD_KEY = "c0ffee" * 8
PRODUCTION = {"SECRET_KEY": GOOD_KEY, "PUBLIC_URL": "https://citas.corte.pe"}


@pytest.fixture
def production(tmp_path):
    """create_app as gunicorn calls it, with only `settings`: nothing from this shell, .env or
    an instance/secret_key that scripts/start left in this checkout."""

    def build(**settings):
        base = {
            "DATABASE_URL": f"sqlite:///{tmp_path / 'court.db'}",
            "JOBS_DATABASE": str(tmp_path / "jobs.db"),
            "SECRET_KEY": "",
            "PUBLIC_URL": "",
            "DEBUG": False,
            "TESTING": False,
        }
        return create_app(base | settings)

    return build


@pytest.mark.parametrize(
    ("settings", "message"),
    [
        ({"PUBLIC_URL": "https://citas.corte.pe"}, "falta SECRET_KEY"),
        (PRODUCTION | {"SECRET_KEY": "dev"}, "SECRET_KEY es conocida"),
        (PRODUCTION | {"SECRET_KEY": "test-secret"}, "SECRET_KEY es conocida"),
        (PRODUCTION | {"SECRET_KEY": "corta-pero-no-conocida"}, "menos de 32 caracteres"),
        ({"SECRET_KEY": GOOD_KEY}, "falta PUBLIC_URL"),
        (PRODUCTION | {"PUBLIC_URL": "citas.corte.pe"}, "no es una dirección web"),
    ],
)
def test_production_refuses_to_start_with_a_known_key_or_no_public_url(
    production, settings, message
):
    with pytest.raises(ConfigurationError, match=message) as refusal:
        production(**settings)
    assert "Ventanilla no arranca" in str(refusal.value)


def test_production_starts_with_its_own_key_and_public_url(production):
    app = production(**PRODUCTION)
    assert app.config["TRUSTED_HOSTS"] == ["citas.corte.pe", "localhost", "127.0.0.1"]


def test_development_may_run_without_them(production):
    app = production(DEBUG=True)
    assert app.config["SECRET_KEY"] == "dev"
    assert app.config["PUBLIC_URL"] == "http://127.0.0.1:5000"


def test_the_key_scripts_start_keeps_is_read_when_none_is_set(tmp_path):
    assert _stored_secret_key(str(tmp_path)) == ""
    (tmp_path / "secret_key").write_text(GOOD_KEY + "\n")
    assert _stored_secret_key(str(tmp_path)) == GOOD_KEY


def test_a_forged_host_is_refused_in_spanish_and_never_reaches_an_email(database_url, tmp_path):
    """Before: with PUBLIC_URL empty, `Host: evil.example` put http://evil.example/... with a
    live token in the confirmation e-mail."""
    client = make_app(database_url, tmp_path, PUBLIC_URL="").test_client()
    page = client.get("/cuenta/registro", base_url="http://evil.example")
    answer = human_answer(page.text) if page.status_code == 200 else {}
    response = client.post(
        "/cuenta/registro", data=NEW_CITIZEN | answer, base_url="http://evil.example"
    )
    assert page.status_code == response.status_code == 400
    assert 'lang="es"' in response.text and "Dirección no reconocida" in response.text
    assert mails(tmp_path) == []


def test_links_in_emails_come_from_public_url_whatever_host_was_asked(database_url, tmp_path):
    app = make_app(database_url, tmp_path, PUBLIC_URL="https://citas.corte.pe")
    client = app.test_client()
    page = client.get("/cuenta/registro", base_url="http://127.0.0.1:8000")
    data = NEW_CITIZEN | human_answer(page.text)
    response = client.post("/cuenta/registro", data=data, base_url="http://127.0.0.1:8000")
    assert response.status_code == 303
    body = mails(tmp_path)[-1].get_body(("plain",)).get_content()
    assert "https://citas.corte.pe/cuenta/confirmar/" in body and "127.0.0.1" not in body


@pytest.mark.parametrize(
    ("settings", "headers", "hsts"),
    [
        ({"PUBLIC_URL": "https://citas.corte.pe"}, {}, True),
        ({}, {}, False),  # plain HTTP (PUBLIC_URL http://localhost): HSTS would mean nothing
        ({"PROXY_COUNT": 1}, {"X-Forwarded-Proto": "https"}, True),  # nginx says it was HTTPS
        ({}, {"X-Forwarded-Proto": "https"}, False),  # no proxy is trusted: a forged header
    ],
)
def test_hsts_is_sent_behind_https(database_url, tmp_path, settings, headers, hsts):
    client = make_app(database_url, tmp_path, **settings).test_client()
    response = client.get("/", headers=headers)
    assert response.status_code == 200
    assert (response.headers.get("Strict-Transport-Security") == "max-age=31536000") is hsts
