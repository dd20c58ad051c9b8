"""The fee calculator's questions one by one: page or fragment, back links, each error."""

import re
from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup

from domain.fees import ACTS, SITUATIONS
from services.clock import court_now
from tests.blueprints.fee_steps import ANSWERS, CIVIL, submit, total, url, walk
from tests.helpers import HX, HX_BOOSTED


def answered_before(slug: str, answers=CIVIL) -> dict:
    """The query string a step is reached with: every earlier answer."""
    keys = {
        "acto": [],
        "proceso": ["act"],
        "rol": ["act", "process"],
        "persona": ["act", "process", "role"],
        "cuantia": ["act", "process", "role", "person"],
        "folios": ["act", "process", "role", "person", "cuantia"],
        "situaciones": ["act", "process", "role", "person", "cuantia"],
        "pension": ["act", "process", "role", "person", "cuantia", "situations"],
        "notificacion": ["act", "process", "role", "person", "cuantia", "situations"],
        "fecha": [
            "act",
            "process",
            "role",
            "person",
            "cuantia",
            "situations",
            "parties",
            "instance",
        ],
    }[slug]
    return {key: answers[key] for key in keys}


COPIES = CIVIL | {"act": "copias_certificadas", "quantity": "3"}
FOOD = CIVIL | {"process": "alimentos", "monthly": "1500"}
ASKED_WITH = {"folios": COPIES, "pension": FOOD}  # the steps the civil example skips


def step_url(slug: str) -> str:
    return url(f"/aranceles/{slug}", **answered_before(slug, ASKED_WITH.get(slug, CIVIL)))


PAGES = ["/aranceles/", *[step_url(slug) for slug in ANSWERS], url("/aranceles/resultado", **CIVIL)]


@pytest.mark.parametrize("address", PAGES)
def test_each_page_is_whole_without_htmx_and_a_fragment_with_it(client, address):
    page = client.get(address)
    fragment = client.get(address, headers=HX)
    boosted = client.get(address, headers=HX_BOOSTED)
    assert page.status_code == fragment.status_code == 200, page.text
    assert page.text.lstrip().startswith("<!doctype html>")
    assert "<html" not in fragment.text
    assert re.match(r"<title>[^<]+</title>\s*<section id=\"step\"", fragment.text)
    assert "<html" in boosted.text
    assert "HX-Request" in page.headers["Vary"] and "HX-Request" in fragment.headers["Vary"]
    assert "Set-Cookie" not in page.headers  # nothing about the filer is kept


def test_a_step_form_swaps_the_step_and_pushes_the_url_with_htmx(client):
    form = BeautifulSoup(client.get(step_url("rol")).text, "html.parser").select_one("form")
    assert form["hx-target"] == "#step" and form["hx-push-url"] == "true"
    response = submit(client, client.get(step_url("rol")).text, {"role": "tercero"}, HX)
    assert response.status_code == 303  # htmx follows it and swaps in the next fragment
    assert response.location == url(
        "/aranceles/persona", act=CIVIL["act"], process="civil", role="tercero"
    )


def test_the_act_question_groups_every_act_once_with_its_code(client):
    page = BeautifulSoup(client.get("/aranceles/acto").text, "html.parser")
    values = [i["value"] for i in page.select("input[name=act]")]
    assert sorted(values) == sorted(ACTS) and len(values) == len(set(values))
    assert [h.get_text() for h in page.select("#step h2")][:2] == [
        "Demanda, pruebas y conclusión del proceso",
        "Recursos y nulidades",
    ]
    assert "Código 07447 · art. 31, por folio" in page.get_text()


def test_back_links_keep_the_answers(client):
    page = BeautifulSoup(client.get(step_url("cuantia")).text, "html.parser")
    back = page.find("a", string="Volver")["href"]
    assert urlsplit(back).path == "/aranceles/persona"
    earlier = BeautifulSoup(client.get(back).text, "html.parser")
    assert earlier.select_one("input[name=person][checked]")["value"] == "natural"
    assert earlier.find("a", string="Volver")["href"].startswith("/aranceles/rol?")
    first = BeautifulSoup(client.get(step_url("proceso")).text, "html.parser")
    assert first.find("a", string="Volver")["href"].startswith("/aranceles/acto?act=")


def test_change_links_on_the_result_come_back_to_the_result(client):
    result = walk(client, CIVIL)
    page = BeautifulSoup(result.text, "html.parser")
    change = next(a["href"] for a in page.select("a.change") if "/aranceles/cuantia" in a["href"])
    step = client.get(change)
    assert 'value="60000"' in step.text
    response = submit(client, step.text, {"cuantia": "300000"})
    assert urlsplit(response.location).path == "/aranceles/resultado"
    assert total(client.get(response.location)) == "S/\u00a0142.80"  # B4: 137.50 + 5.30


def test_a_later_question_without_the_earlier_answers_sends_to_the_first_missing(client):
    response = client.get(url("/aranceles/cuantia", act="ofrecimiento_pruebas", role="demandado"))
    assert response.status_code == 303
    assert response.location == url(
        "/aranceles/proceso", act="ofrecimiento_pruebas", role="demandado"
    )
    assert client.get("/aranceles/resultado").location == "/aranceles/"


def test_the_folios_question_is_skipped_for_acts_priced_once(client):
    response = client.get(step_url("folios").replace("copias_certificadas", "casacion"))
    assert urlsplit(response.location).path == "/aranceles/situaciones"


def test_only_the_situations_the_rules_can_use_are_offered_with_their_articles(client):
    civil = BeautifulSoup(client.get(step_url("situaciones")).text, "html.parser")
    offered = [i["value"] for i in civil.select("input[name=situations]")]
    assert "auxilio_judicial" in offered and "tenencia_o_visitas" not in offered
    assert "trabajador_o_heredero" not in offered
    assert "Ver art. 9.1 a (TUO LOPJ art. 24)" in civil.get_text()
    family = url(
        "/aranceles/situaciones",
        **answered_before("situaciones", CIVIL | {"act": "medida_cautelar", "process": "familia"}),
    )
    page = BeautifulSoup(client.get(family).text, "html.parser")
    assert "tenencia_o_visitas" in [i["value"] for i in page.select("input[name=situations]")]
    assert all(key in SITUATIONS for key in offered)


def test_an_act_priced_as_a_share_of_the_amount_cannot_be_unquantified(client):
    address = step_url("cuantia").replace("ofrecimiento_pruebas", "adjudicacion_remate")
    page = client.get(address)
    assert "Valor de la tasación" in page.text and 'name="unquantified"' not in page.text
    result = url("/aranceles/resultado", **CIVIL | {"act": "adjudicacion_remate", "cuantia": ""})
    assert urlsplit(client.get(result.replace("resultado", "fecha")).location).path == (
        "/aranceles/cuantia"
    )


def test_the_date_defaults_to_the_courts_today(client):
    today = court_now().date()
    page = BeautifulSoup(client.get(step_url("fecha")).text, "html.parser")
    assert page.select_one("input[name=day]")["value"] == today.isoformat()
    assert page.select_one("input[name=day]")["type"] == "date"


@pytest.mark.parametrize(
    ("slug", "typed", "message"),
    [
        ("acto", {}, "Elija qué va a presentar o pedir"),
        ("proceso", {"process": "marcial"}, "Elija el tipo de proceso"),
        ("rol", {}, "Elija si es demandante, demandado o tercero"),
        ("persona", {}, "Elija el tipo de persona"),
        ("cuantia", {"cuantia": ""}, "Escriba el monto en soles o marque"),
        ("cuantia", {"cuantia": "1.234,50"}, "no 1.234,50"),
        ("cuantia", {"cuantia": "60.000"}, "sin punto para los miles"),
        ("cuantia", {"cuantia": "sesenta mil"}, "con punto para los céntimos"),
        ("cuantia", {"cuantia": "S/"}, "Escriba el monto en soles, por ejemplo 60000"),
        ("cuantia", {"cuantia": "500", "unquantified": "y"}, "Borre el monto o desmarque"),
        ("cuantia", {"cuantia": "9" * 20}, "demasiadas cifras"),
        ("folios", {"quantity": "0"}, "1 o más"),
        ("folios", {"quantity": "doce"}, "con números"),
        ("situaciones", {"situations": ["suerte"]}, "Elija situaciones de la lista"),
        ("notificacion", {"parties": "dos", "instance": "suprema"}, "con números"),
        ("notificacion", {"parties": "1000", "instance": "suprema"}, "cuántas partes"),
        ("notificacion", {"parties": "1"}, "Elija la instancia"),
        ("fecha", {"day": "31/02/2026"}, "día/mes/año"),
        ("fecha", {"day": "2030-01-07"}, "No hay Cuadro de Valores cargado para 2030"),
    ],
)
def test_each_question_says_what_to_fix_and_keeps_the_answers(client, slug, typed, message):
    page = client.get(step_url(slug))
    response = submit(client, page.text, typed)
    assert response.status_code == 200
    assert "<title>Error:" in response.text
    assert message in response.text
    kept = BeautifulSoup(response.text, "html.parser").select("#step input[type=hidden]")
    assert {i["name"] for i in kept} >= set(answered_before(slug)) | {"step"}


def test_a_year_whose_table_lacks_the_concept_is_explained_on_the_date(client):
    address = step_url("fecha").replace("ofrecimiento_pruebas", "medida_cautelar")
    response = submit(client, client.get(address).text, {"day": "2015-06-01"})
    assert "no tiene el concepto 08222" in response.text
    assert "Hay cuadros de estos años: 2014, 2015, 2024, 2025, 2026" in response.text
