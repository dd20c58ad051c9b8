"""The OpenAPI document the kiosk's developers read: every route, English snake_case names,
and every response exactly as it describes (no key missing, none extra)."""

import json
import re

from blueprints.api.openapi import OPENAPI
from tests.blueprints.api_helpers import CIVIL, conforms, schema
from tests.blueprints.fee_steps import url
from tests.helpers import make_app

QUEUE = ("/api/sedes/", "/api/turnos/")


def test_the_openapi_document_describes_every_api_route(client, app):
    document = client.get("/api/openapi.json").get_json()
    assert document["openapi"] == "3.1.0"
    routes = {
        re.sub(r"<(?:int|string):(\w+)>", r"{\1}", rule.rule)
        for rule in app.url_map.iter_rules()
        if rule.rule.startswith("/api/") and rule.rule != "/api/openapi.json"
    }
    assert set(document["paths"]) == routes
    json.dumps(document)  # plain JSON all the way down


# Every word of a key or parameter name. A new name needs its words here: English ones only.
# urp and uit are the legal units' own names (Unidad de Referencia Procesal, Unidad Impositiva
# Tributaria), printed so on every Cuadro de Valores; the kiosk shows them as they are. sede is
# the court's own word for its venues (the model is Sede too), like urp it has no translation.
ENGLISH_WORDS = set(
    "above act acts amount bracket citation code concept concepts database day errors fraction "
    "group groups hint instance instances key kind label name note notes notice parties pay "
    "payments person persons process processes quantity query referential required role roles "
    "request rounding section situations source status tiers to total trail uit unit until up urp "
    "valid where year years monthly filers address ahead appointment at call called calls court "
    "description device doc estimated follow id issued minutes names number preference "
    "preferences prefix qr recall sede service services starts svg ticket token url wait "
    "window".split()
)
SPANISH_NAMES_BEFORE = {"errores", "estado", "cuantia", "cuantia_label", "cuantia_required"}
SNAKE_CASE = re.compile(r"[a-z]+(_[a-z]+)*")


def documented_names(node) -> set[str]:
    """Every property, required key, error key and parameter name in the document."""
    names = set()
    if isinstance(node, dict):
        names |= set(node.get("properties", {}))
        if node.get("in") in ("query", "path"):
            names.add(node["name"])
        if isinstance(node.get("required"), list):
            names |= set(node["required"])
        names |= set(node.get("propertyNames", {}).get("enum", []))
        for value in node.values():
            names |= documented_names(value)
    elif isinstance(node, list):
        for value in node:
            names |= documented_names(value)
    return names


def test_every_documented_name_is_english_snake_case():
    names = documented_names(OPENAPI)
    assert {"errors", "status", "amount", "day", "year"} <= names  # the walk finds them
    for name in names:
        assert name.isascii() and SNAKE_CASE.fullmatch(name), name
        assert set(name.split("_")) <= ENGLISH_WORDS, name
    assert not names & SPANISH_NAMES_BEFORE


RESPONSES = [  # (address, documented path, status): every JSON response the document describes
    (url("/api/aranceles/calcular", **CIVIL | {"parties": "3"}), "/api/aranceles/calcular", 200),
    (
        url("/api/aranceles/calcular", **CIVIL | {"act": "copias_certificadas", "quantity": "4"}),
        "/api/aranceles/calcular",
        200,
    ),
    (
        url(
            "/api/aranceles/calcular",
            **CIVIL
            | {"act": "derecho_notificacion", "filers": "2", "process": "alimentos"}
            | {"monthly_amount": "900"},
        ),
        "/api/aranceles/calcular",
        200,
    ),
    (url("/api/aranceles/calcular", **CIVIL | {"amount": "x"}), "/api/aranceles/calcular", 400),
    (url("/api/aranceles/calcular", **CIVIL | {"cuantia": "1"}), "/api/aranceles/calcular", 400),
    ("/api/aranceles/tabla/2026", "/api/aranceles/tabla/{year}", 200),
    ("/api/aranceles/tabla/2031", "/api/aranceles/tabla/{year}", 404),
    ("/api/aranceles/opciones", "/api/aranceles/opciones", 200),
    ("/api/salud", "/api/salud", 200),
]
UNHEALTHY = ("/api/salud", 503)
# Every other error (no such method, no such address) answers the "default" shape, in Spanish.
OTHER_ERRORS = [  # (method, address, documented path, status)
    ("POST", "/api/aranceles/calcular", "/api/aranceles/calcular", 405),
    ("POST", "/api/aranceles/tabla/2026", "/api/aranceles/tabla/{year}", 405),
    ("DELETE", "/api/aranceles/opciones", "/api/aranceles/opciones", 405),
    ("PUT", "/api/salud", "/api/salud", 405),
]


def test_each_api_response_has_exactly_the_keys_its_schema_documents(client):
    for address, path, status in RESPONSES:
        response = client.get(address)
        assert response.status_code == status, address
        assert conforms(response.get_json(), schema(path, status)) == [], address


def test_the_health_check_without_database_has_the_documented_keys(tmp_path):
    missing = f"sqlite:///{tmp_path / 'no-such-folder' / 'court.db'}"
    response = make_app(missing, tmp_path).test_client().get("/api/salud")
    assert response.status_code == 503
    assert conforms(response.get_json(), schema(*UNHEALTHY)) == []


def test_other_errors_answer_the_default_shape_in_spanish(client):
    for method, address, path, status in OTHER_ERRORS:
        response = client.open(address, method=method)
        assert response.status_code == status and response.mimetype == "application/json"
        assert "GET" in response.headers["Allow"], address
        assert conforms(response.get_json(), schema(path, "default")) == [], address
        [message] = response.get_json()["errors"]["request"]
        assert message.startswith("Esta dirección solo responde a GET"), message
    response = client.get(url("/api/aranceles/calcular", **CIVIL | {"amount": "1\x00"}))
    assert response.status_code == 400  # NUL: refused before any parameter is read
    assert conforms(response.get_json(), schema("/api/aranceles/calcular", 400)) == []
    assert list(response.get_json()["errors"]) == ["request"]
    response = client.get("/api/aranceles/tabla/dos-mil")  # not a year: no such address
    assert response.status_code == 404
    assert conforms(response.get_json(), schema("/api/aranceles/tabla/{year}", 404)) == []
    assert "No existe esa dirección en la API" in response.get_json()["errors"]["request"][0]


def test_every_documented_json_response_is_checked_against_a_real_one():
    documented = {
        (path, status)
        for path, item in OPENAPI["paths"].items()
        if "get" in item and not path.startswith(QUEUE)  # test_api_queue.py checks those
        for status, response in item["get"]["responses"].items()
        if "content" in response
    }
    checked = {(path, str(status)) for _, path, status in RESPONSES}
    checked |= {(UNHEALTHY[0], str(UNHEALTHY[1]))}
    checked |= {(path, "default") for _, _, path, _ in OTHER_ERRORS}
    assert documented == checked


def test_the_schema_check_notices_a_stray_or_missing_key():
    assert conforms({"status": "ok", "estado": "ok"}, schema("/api/salud", 200))
    assert conforms({}, schema("/api/salud", 200))
    assert conforms({"errors": {"cuantia": ["…"]}}, schema("/api/aranceles/calcular", 400))
