"""The kiosk's JSON API: the calculator, the year's fee table and the choices, GET only."""

import re

from domain.fees import ACTS, INSTANCES, PERSONS, PROCESSES, ROLES, SITUATIONS
from tests.blueprints.api_helpers import CIVIL
from tests.blueprints.fee_steps import url
from tests.helpers import make_app

API_URLS = [
    url("/api/aranceles/calcular", **CIVIL),
    "/api/aranceles/tabla/2026",
    "/api/aranceles/opciones",
    "/api/openapi.json",
    "/api/salud",
]


def test_the_calculator_answers_the_result_as_json(client):
    response = client.get(url("/api/aranceles/calcular", **CIVIL | {"parties": "3"}))
    assert response.status_code == 200
    assert response.mimetype == "application/json"
    body = response.get_json()
    assert set(body) == {
        "year",
        "urp",
        "total",
        "referential",
        "valid_until",
        "where_to_pay",
        "notes",
        "payments",
    }
    assert (body["year"], body["urp"], body["total"]) == (2026, "550.00", "98.40")
    assert body["referential"] is True and body["valid_until"] == "2027-03-02"
    arancel, derecho = body["payments"]
    assert arancel == {
        "code": "07900",
        "concept": "Ofrecimiento de pruebas",
        "kind": "arancel",
        "bracket": "B2",
        "unit_amount": "82.50",
        "quantity": 1,
        "amount": "82.50",
        "status": "computed",
        "trail": arancel["trail"],
    }
    assert arancel["trail"][1] == "sin exoneración ni reducción aplicable"
    assert (derecho["code"], derecho["quantity"], derecho["amount"]) == ("09970", 3, "15.90")
    assert "Ofrecimiento" in response.get_data(as_text=True)  # UTF-8, not \\u escapes: shorter


def test_the_calculator_cites_the_exemption_that_applied(client):
    cautelar = CIVIL | {"act": "medida_cautelar", "amount": "5499.99"}
    body = client.get(url("/api/aranceles/calcular", **cautelar)).get_json()
    assert body["payments"][0]["amount"] == "0.00"
    assert body["payments"][0]["trail"][1] == (
        "exonerado: art. 23 c, persona natural, cuantía < 10 URP"
    )


BAD_INPUT = [
    ({"act": "vuelo"}, "act", "Elija el acto."),
    ({"role": ""}, "role", "Elija su rol en el proceso."),
    ({"situations": "suerte"}, "situations", "Situación desconocida: suerte."),
    ({"amount": "1.234,50"}, "amount", "con punto para los céntimos"),
    ({"act": "adjudicacion_remate", "amount": ""}, "amount", "Indique valor de la tasación."),
    ({"parties": "²"}, "parties", "Escriba el número de partes con números."),
    ({"quantity": "0"}, "quantity", "Indique cuántos folios"),
    ({"day": "02/03/2026"}, "day", "AAAA-MM-DD"),
    ({"day": "2031-01-01"}, "day", "No hay Cuadro de Valores cargado para 2031."),
    ({"act": "adjudicacion_remate", "amount": "9" * 40}, "amount", "demasiadas cifras"),
    ({"cuantia": "60000"}, "query", "Parámetro desconocido: cuantia. Use solo estos: act,"),
]


def test_bad_input_gets_400_with_what_to_fix_under_the_parameter(client):
    for changes, field, message in BAD_INPUT:
        response = client.get(url("/api/aranceles/calcular", **CIVIL | changes))
        assert response.status_code == 400, changes
        errors = response.get_json()["errors"]
        assert list(errors) == [field] and len(errors[field]) == 1, (changes, errors)
        assert message in errors[field][0], (changes, errors)


def test_a_years_table_is_whole_small_and_cacheable(client):
    response = client.get("/api/aranceles/tabla/2026")
    assert response.status_code == 200 and response.mimetype == "application/json"
    table = response.get_json()
    assert (table["year"], table["urp"], table["uit"]) == (2026, "550.00", "5500.00")
    assert table["referential"] is True
    assert len(table["concepts"]) == 19
    assert sum(len(c["tiers"]) for c in table["concepts"]) == 124
    assert len(response.data) < 40_000  # the kiosk downloads it on a shared connection
    assert re.fullmatch(r'"[0-9a-f]{32}"', response.headers["ETag"])
    assert response.headers["Cache-Control"] == "public, max-age=3600"


def test_an_unchanged_table_is_answered_with_304(client):
    etag = client.get("/api/aranceles/tabla/2026").headers["ETag"]
    again = client.get("/api/aranceles/tabla/2026", headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.data == b""
    other = client.get("/api/aranceles/tabla/2025", headers={"If-None-Match": etag})
    assert other.status_code == 200 and other.headers["ETag"] != etag


def test_a_year_without_table_is_404(client):
    response = client.get("/api/aranceles/tabla/2031")
    assert response.status_code == 404
    assert response.get_json() == {
        "errors": {"year": ["No hay Cuadro de Valores cargado para 2031."]}
    }


def test_the_choices_list_every_key_the_calculator_accepts(client):
    response = client.get("/api/aranceles/opciones")
    body = response.get_json()
    assert [a["key"] for a in body["acts"]] == list(ACTS)
    grouped = [key for group in body["act_groups"] for key in group["acts"]]
    assert sorted(grouped) == sorted(ACTS) and len(grouped) == len(set(grouped))
    for name, catalogue in [
        ("processes", PROCESSES),
        ("roles", ROLES),
        ("persons", PERSONS),
        ("situations", SITUATIONS),
        ("instances", INSTANCES),
    ]:
        assert {c["key"]: c["label"] for c in body[name]} == catalogue
    copies = next(a for a in body["acts"] if a["key"] == "copias_certificadas")
    assert (copies["unit"], copies["code"], copies["amount_required"]) == ("folio", "07447", False)
    remate = next(a for a in body["acts"] if a["key"] == "adjudicacion_remate")
    assert (remate["amount_label"], remate["amount_required"]) == ("Valor de la tasación", True)
    assert set(body["years"]) >= {2024, 2025, 2026}
    assert "ETag" in response.headers
    assert "Valores referenciales" in body["referential_notice"]


def test_api_responses_are_json_and_set_no_cookie(client):
    for address in [*API_URLS, "/api/aranceles/tabla/2031"]:
        response = client.get(address)
        assert response.status_code in (200, 404), address
        assert "Set-Cookie" not in response.headers, address
        assert response.mimetype == "application/json", address


def test_the_health_check_says_ok_when_the_database_answers(client):
    response = client.get("/api/salud")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok"}
    assert "no-store" in response.headers["Cache-Control"]  # a balancer must see it live


def test_the_health_check_says_503_when_the_database_is_gone(tmp_path):
    missing = f"sqlite:///{tmp_path / 'no-such-folder' / 'court.db'}"
    response = make_app(missing, tmp_path).test_client().get("/api/salud")
    assert response.status_code == 503
    assert response.get_json() == {
        "status": "error",
        "errors": {"database": ["Este servidor no llega a su base de datos."]},
    }


def test_alimentos_is_measured_on_the_monthly_amount_art_10_a(client):
    food = CIVIL | {"process": "alimentos", "amount": "300000"}
    missing = client.get(url("/api/aranceles/calcular", **food))
    assert missing.status_code == 400
    assert "pensión mensual" in missing.get_json()["errors"]["monthly_amount"][0]
    body = client.get(url("/api/aranceles/calcular", **food | {"monthly_amount": "1500"}))
    arancel = body.get_json()["payments"][0]
    assert arancel["amount"] == "0.00" and "art. 9.1 a y 10 a" in arancel["trail"][1]
    over = client.get(url("/api/aranceles/calcular", **food | {"monthly_amount": "11000.01"}))
    assert "reducido 50 %: art. 10 a" in over.get_json()["payments"][0]["trail"][1]
    digits = client.get(url("/api/aranceles/calcular", **food | {"monthly_amount": "١٥٠٠"}))
    assert "cifras de 0 a 9" in digits.get_json()["errors"]["monthly_amount"][0]


def test_derechos_alone_and_several_filers_art_35_and_7_2(client):
    alone = CIVIL | {"act": "derecho_notificacion", "parties": "2", "filers": "3"}
    body = client.get(url("/api/aranceles/calcular", **alone)).get_json()
    (derechos,) = body["payments"]
    assert (derechos["code"], derechos["kind"], derechos["quantity"]) == (
        "09970",
        "notificacion",
        6,
    )
    assert body["total"] == "31.80"
    assert derechos["trail"][-1].startswith("art. 7.2: se paga por cada titular: 3 titulares")
    none = client.get(url("/api/aranceles/calcular", **alone | {"parties": "0"}))
    assert "1 o más" in none.get_json()["errors"]["parties"][0]
    zero = client.get(url("/api/aranceles/calcular", **CIVIL | {"filers": "0"}))
    assert "cuántas personas" in zero.get_json()["errors"]["filers"][0]
