"""The fee calculator's pages through HTTP, as browsers with and without JavaScript use them.

Each step is a GET form carrying the earlier answers as hidden inputs; `walk` submits them
the way a browser does (reading the form on the page), so the hidden fields are tested too.
"""

import re
from datetime import date
from urllib.parse import urlencode, urlsplit

import pytest
from bs4 import BeautifulSoup

from domain.clock import long_date
from domain.fees import ACTS, SITUATIONS, valid_until
from models import Court
from tests.conftest import HX, HX_BOOSTED

CIVIL = {"act": "ofrecimiento_pruebas", "process": "civil", "role": "demandante",
         "person": "natural", "cuantia": "60000", "situations": "", "parties": "1",
         "instance": "especializado", "day": "2026-03-02"}  # fmt: skip
# What a person types or ticks at each step (keys: the form's input names).
ANSWERS = {
    "acto": lambda a: {"act": a["act"]},
    "proceso": lambda a: {"process": a["process"]},
    "rol": lambda a: {"role": a["role"]},
    "persona": lambda a: {"person": a["person"]},
    "cuantia": lambda a: {"cuantia": a["cuantia"]} if a["cuantia"] else {"unquantified": "y"},
    "folios": lambda a: {"quantity": a["quantity"]},
    "situaciones": lambda a: {"situations": [s for s in a["situations"].split(",") if s]},
    "notificacion": lambda a: {"parties": a["parties"], "instance": a["instance"]},
    "fecha": lambda a: {"day": a["day"]},
}
STEP_URLS = [f"/aranceles/{slug}" for slug in ANSWERS]


def url(path: str, **params) -> str:
    return f"{path}?{urlencode(params)}" if params else path


def submit(client, page_text: str, typed: dict, headers=None):
    """Send the step's form as a browser does: its hidden inputs plus what was typed."""
    form = BeautifulSoup(page_text, "html.parser").select_one("#step form")
    assert form["method"] == "get" and form["action"] == form["hx-get"]
    fields = [(i["name"], i["value"]) for i in form.select("input[type=hidden]")]
    for name, value in typed.items():
        fields += [(name, v) for v in value] if isinstance(value, list) else [(name, value)]
    return client.get(url(form["action"]) + "?" + urlencode(fields), headers=headers)


def walk(client, answers: dict, until: str | None = None):
    """From the first question to the result (or to the step `until`), without JavaScript."""
    response = client.get("/aranceles/acto")
    while True:
        slug = urlsplit(response.request.url).path.rsplit("/", 1)[-1]
        if slug == until or slug == "resultado":
            return response
        assert response.status_code == 200, response.text
        response = submit(client, response.text, ANSWERS[slug](answers))
        assert response.status_code == 303, (slug, response.text)
        response = client.get(response.headers["Location"])


def visited(client, answers: dict) -> list[str]:
    steps, response = [], client.get("/aranceles/acto")
    while (slug := urlsplit(response.request.url).path.rsplit("/", 1)[-1]) != "resultado":
        steps.append(slug)
        response = client.get(submit(client, response.text, ANSWERS[slug](answers)).location)
    return steps


def total(response) -> str:
    return re.search(r"Total a pagar: (S/ [\d,.]+)", response.text).group(1)


def trail(response) -> list[str]:
    page = BeautifulSoup(response.text, "html.parser")
    return [li.get_text(" ", strip=True) for li in page.select("#step ol li")]


# --- the whole flow ---------------------------------------------------------------------


def test_home_links_to_the_calculator_and_its_start_links_to_the_first_question(client):
    home = BeautifulSoup(client.get("/").text, "html.parser")
    assert home.find("a", string="Calcular aranceles judiciales")["href"] == "/aranceles/"
    start = BeautifulSoup(client.get("/aranceles/").text, "html.parser")
    assert start.find("a", string="Empezar")["href"] == "/aranceles/acto"


def test_a_civil_filing_of_60000_soles_in_2026_pays_bracket_b2_and_one_derecho(client):
    result = walk(client, CIVIL)
    assert result.status_code == 200
    assert total(result) == "S/ 87.80"  # 82.50 (07900, B2) + 5.30 (09970)
    assert "Más de 100 hasta 250 URP" in result.text and "S/ 82.50" in result.text
    assert "Valores referenciales" in result.text  # 2026 is not from the official annex
    assert "Banco de la Nación" in result.text
    assert "art. 16" in result.text
    assert visited(client, CIVIL) == ["acto", "proceso", "rol", "persona", "cuantia",
                                      "situaciones", "notificacion", "fecha"]  # fmt: skip


def test_an_exempt_worker_sees_the_articles_that_exempt_them(client):
    worker = CIVIL | {"process": "laboral", "cuantia": "30000",
                      "situations": "trabajador_o_heredero", "parties": "2"}  # fmt: skip
    result = walk(client, worker)
    assert total(result) == "S/ 0.00"
    lines = trail(result)
    assert any("art. 9.1 a y 10 b" in line and line.startswith("exonerado") for line in lines)
    assert "exonerado: art. 9.1 a y 10 b (TUO LOPJ art. 24 i)" in lines[1]  # the arancel
    assert lines[-2].startswith("exonerado: art. 9.1 a y 10 b")  # and the derechos


def test_a_worker_over_70_urp_pays_half(client):
    worker = CIVIL | {"process": "laboral", "cuantia": "40000",
                      "situations": "trabajador_o_heredero"}  # fmt: skip
    result = walk(client, worker)
    assert any(line.startswith("reducido 50 %: art. 10 b") for line in trail(result))
    assert total(result) == "S/ 32.80"  # 55.00 / 2 = 27.50 + one derecho 5.30


def test_a_natural_person_with_a_small_medida_cautelar_is_exempt_by_art_23_c(client):
    cautelar = CIVIL | {"act": "medida_cautelar", "cuantia": "3000"}
    result = walk(client, cautelar)
    assert "exonerado: art. 23 c, persona natural, cuantía &lt; 10 URP" in result.text
    assert total(result) == "S/ 5.30"  # the derecho de notificación is still due


def test_certified_copies_ask_how_many_folios_and_price_each(client):
    copies = CIVIL | {"act": "copias_certificadas", "cuantia": "", "quantity": "12",
                      "parties": "0"}  # fmt: skip
    result = walk(client, copies)
    assert total(result) == "S/ 66.00"
    assert "12 folio(s) × S/ 5.50 = S/ 66.00" in result.text
    assert "folios" in visited(client, copies)
    assert "folios" not in visited(client, CIVIL)


def test_the_link_on_the_result_reproduces_it(client):
    result = walk(client, CIVIL | {"situations": "auxilio_judicial"})
    page = BeautifulSoup(result.text, "html.parser")
    link = page.find("h2", string="Enlace a este cálculo").find_next("a")
    assert link.get_text() == link["href"] and link["href"].startswith("http://localhost/")
    again = client.get(link["href"])
    assert again.status_code == 200
    assert total(again) == total(result) == "S/ 0.00"
    assert trail(again) == trail(result)


def test_the_result_says_until_when_a_receipt_paid_today_is_valid(client):
    result = walk(client, CIVIL)
    today = Court.current().now().date()
    assert f"vale hasta el <strong>{long_date(valid_until(today))}</strong>" in result.text
    if today != date(2026, 3, 2):
        assert "pagado el lunes 2 de marzo de 2026 vale hasta el martes 2 de marzo de 2027" in (
            result.text
        )
    assert "<form" not in result.text.split('id="step"')[1]  # nothing to send: just print it


# --- each step --------------------------------------------------------------------------


def answered_before(slug: str, answers=CIVIL) -> dict:
    """The query string a step is reached with: every earlier answer."""
    keys = {"acto": [], "proceso": ["act"], "rol": ["act", "process"],
            "persona": ["act", "process", "role"],
            "cuantia": ["act", "process", "role", "person"],
            "folios": ["act", "process", "role", "person", "cuantia"],
            "situaciones": ["act", "process", "role", "person", "cuantia"],
            "notificacion": ["act", "process", "role", "person", "cuantia", "situations"],
            "fecha": ["act", "process", "role", "person", "cuantia", "situations", "parties",
                      "instance"]}[slug]  # fmt: skip
    return {key: answers[key] for key in keys}


COPIES = CIVIL | {"act": "copias_certificadas", "quantity": "3"}


def step_url(slug: str) -> str:
    return url(f"/aranceles/{slug}", **answered_before(slug, COPIES if slug == "folios" else CIVIL))


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
    assert response.location == url("/aranceles/persona", act=CIVIL["act"],
                                     process="civil", role="tercero")  # fmt: skip


def test_the_act_question_groups_every_act_once_with_its_code(client):
    page = BeautifulSoup(client.get("/aranceles/acto").text, "html.parser")
    values = [i["value"] for i in page.select("input[name=act]")]
    assert sorted(values) == sorted(ACTS) and len(values) == len(set(values))
    assert [h.get_text() for h in page.select("#step h2")][:2] == [
        "Demanda, pruebas y conclusión del proceso", "Recursos y nulidades",
    ]  # fmt: skip
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
    assert total(client.get(response.location)) == "S/ 142.80"  # B4: 137.50 + 5.30


def test_a_later_question_without_the_earlier_answers_sends_to_the_first_missing(client):
    response = client.get(url("/aranceles/cuantia", act="ofrecimiento_pruebas", role="demandado"))
    assert response.status_code == 303
    assert response.location == url("/aranceles/proceso", act="ofrecimiento_pruebas",
                                     role="demandado")  # fmt: skip
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
    family = url("/aranceles/situaciones", **answered_before("situaciones", CIVIL | {
        "act": "medida_cautelar", "process": "familia"}))  # fmt: skip
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
    today = Court.current().now().date()
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


# --- broken links -----------------------------------------------------------------------


TAMPERED = [
    {"act": "vuelo"},
    {"process": "marcial"},
    {"situations": "suerte"},
    {"cuantia": "-5"},
    {"cuantia": "1.234,50"},
    {"parties": "²"},  # a digit to str.isdigit(), not to int()
    {"quantity": "0"},
    {"day": "2026-13-01"},
    {"day": "2031-01-01"},
    {"act": "adjudicacion_remate", "cuantia": "9" * 40},  # too many digits for Decimal
    {"act": "adjudicacion_remate", "cuantia": ""},
]


def test_a_tampered_result_link_gets_a_clear_400_page(client):
    for changes in TAMPERED:  # one test, not one per case: each case is one cheap GET
        response = client.get(url("/aranceles/resultado", **CIVIL | changes))
        assert response.status_code == 400, changes
        assert "<title>No se pudo calcular" in response.text
        page = BeautifulSoup(response.text, "html.parser")
        assert page.find("a", string="Empezar de nuevo")["href"] == "/aranceles/"


def test_a_tampered_earlier_answer_in_a_step_link_gets_the_400_page(client):
    response = client.get(url("/aranceles/rol", act="vuelo", process="civil"))
    assert response.status_code == 400 and "Elija el acto" in response.text
