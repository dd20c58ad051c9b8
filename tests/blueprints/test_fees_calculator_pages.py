"""The fee calculator through HTTP: the whole flow to the result, and tampered links.

Each step is a GET form carrying the earlier answers as hidden inputs; `walk` submits them
the way a browser does (reading the form on the page), so the hidden fields are tested too.
"""

import re
from datetime import date
from urllib.parse import parse_qsl, urlsplit

from bs4 import BeautifulSoup
from flask import url_for

from blueprints.fees.flow import STEPS
from domain.clock import long_date
from domain.fees import valid_until
from services.clock import court_now
from tests.blueprints.fee_steps import ANSWERS, CIVIL, submit, total, url, walk

STEP_URLS = [f"/aranceles/{slug}" for slug in ANSWERS]


def visited(client, answers: dict) -> list[str]:
    steps, response = [], client.get("/aranceles/acto")
    while (slug := urlsplit(response.request.url).path.rsplit("/", 1)[-1]) != "resultado":
        steps.append(slug)
        response = client.get(submit(client, response.text, ANSWERS[slug](answers)).location)
    return steps


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
    assert total(result) == "S/\u00a087.80"  # 82.50 (07900, B2) + 5.30 (09970)
    assert "Más de 100 hasta 250 URP" in result.text and "S/\u00a082.50" in result.text
    assert "Valores referenciales" in result.text  # 2026 is not from the official annex
    assert "Banco de la Nación" in result.text
    assert "art. 16" in result.text
    assert visited(client, CIVIL) == [
        "acto",
        "proceso",
        "rol",
        "persona",
        "cuantia",
        "situaciones",
        "notificacion",
        "fecha",
    ]


def test_an_exempt_worker_sees_the_articles_that_exempt_them(client):
    worker = CIVIL | {
        "process": "laboral",
        "cuantia": "30000",
        "situations": "trabajador_o_heredero",
        "parties": "2",
    }
    result = walk(client, worker)
    assert total(result) == "S/\u00a00.00"
    lines = trail(result)
    assert any("art. 9.1 a y 10 b" in line and line.startswith("exonerado") for line in lines)
    assert "exonerado: art. 9.1 a y 10 b (TUO LOPJ art. 24 i)" in lines[1]  # the arancel
    assert lines[-2].startswith("exonerado: art. 9.1 a y 10 b")  # and the derechos


def test_a_worker_over_70_urp_pays_half(client):
    worker = CIVIL | {
        "process": "laboral",
        "cuantia": "40000",
        "situations": "trabajador_o_heredero",
    }
    result = walk(client, worker)
    assert any(line.startswith("reducido 50 %: art. 10 b") for line in trail(result))
    assert total(result) == "S/\u00a032.80"  # 55.00 / 2 = 27.50 + one derecho 5.30


def test_a_natural_person_with_a_small_medida_cautelar_is_exempt_by_art_23_c(client):
    cautelar = CIVIL | {"act": "medida_cautelar", "cuantia": "3000"}
    result = walk(client, cautelar)
    assert "exonerado: art. 23 c, persona natural, cuantía &lt; 10 URP" in result.text
    assert total(result) == "S/\u00a05.30"  # the derecho de notificación is still due


def test_certified_copies_ask_how_many_folios_and_price_each(client):
    copies = CIVIL | {"act": "copias_certificadas", "cuantia": "", "quantity": "12", "parties": "0"}
    result = walk(client, copies)
    assert total(result) == "S/\u00a066.00"
    assert "12 folios × S/\u00a05.50 = S/\u00a066.00" in result.text
    assert "folios" in visited(client, copies)
    assert "folios" not in visited(client, CIVIL)


def test_the_link_on_the_result_reproduces_it(client):
    result = walk(client, CIVIL | {"situations": "auxilio_judicial"})
    page = BeautifulSoup(result.text, "html.parser")
    link = page.find("h2", string="Enlace a este cálculo").find_next("a")
    assert link.get_text() == link["href"] and link["href"].startswith("http://localhost/")
    again = client.get(link["href"])
    assert again.status_code == 200
    assert total(again) == total(result) == "S/\u00a00.00"
    assert trail(again) == trail(result)


def test_every_link_on_the_result_is_the_one_url_for_writes(app, client):
    """The page writes the answers' query string once for all its links; each link must still
    be exactly what url_for writes for that step with those answers (commas, dots and all)."""
    answers = CIVIL | {"situations": "victima_ruv,zona_extrema_pobreza", "filers": "2"}
    result = walk(client, answers)
    asked = dict(parse_qsl(urlsplit(result.request.url).query, keep_blank_values=True))
    assert "," in asked["situations"]
    page = BeautifulSoup(result.text, "html.parser")
    changes = [a["href"] for a in page.select("dl.summary a.change")]
    with app.test_request_context():
        expected = [url_for(step.endpoint, **asked) for step in STEPS]
        share = "http://localhost" + url_for("fees.result", **asked)
    assert changes and set(changes) <= set(expected), (changes, expected)
    assert page.find("h2", string="Enlace a este cálculo").find_next("a")["href"] == share


def test_the_result_says_until_when_a_receipt_paid_today_is_valid(client):
    result = walk(client, CIVIL)
    today = court_now().date()
    assert f"vale hasta el <strong>{long_date(valid_until(today))}</strong>" in result.text
    if today != date(2026, 3, 2):
        assert "pagado el lunes 2 de marzo de 2026 vale hasta el martes 2 de marzo de 2027" in (
            result.text
        )
    assert "<form" not in result.text.split('id="step"')[1]  # nothing to send: just print it


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


# --- issue 12, item 17: what the Reglamento asks that the pages could not express ---------


def test_alimentos_asks_the_monthly_amount_and_measures_20_urp_on_it(client):
    food = CIVIL | {"process": "alimentos", "cuantia": "300000", "monthly": "1500"}
    steps = visited(client, food)
    assert steps.index("pension") == steps.index("situaciones") + 1
    result = walk(client, food)
    assert total(result) == "S/\u00a00.00"  # 1,500 a month ≤ 20 URP, though 300,000 in all
    assert any("pensión mensual de S/\u00a01,500.00" in line for line in trail(result))
    assert "monthly=1500" in result.request.url
    assert "pension" not in visited(client, food | {"role": "demandado"})
    assert "pension" not in visited(client, CIVIL)


def test_the_monthly_amount_takes_only_ascii_digits(client):
    food = CIVIL | {"process": "alimentos"}
    page = walk(client, food, until="pension")
    refused = submit(client, page.text, {"monthly": "١٥٠٠"})
    assert refused.status_code == 200
    assert "cifras de 0 a 9" in BeautifulSoup(refused.text, "html.parser").select_one(".error").text


def test_derechos_de_notificacion_alone_one_per_party(client):
    alone = CIVIL | {"act": "derecho_notificacion", "parties": "2"}
    assert "folios" not in visited(client, alone)
    result = walk(client, alone)
    assert total(result) == "S/\u00a010.60"
    assert "2 derechos × S/\u00a05.30 = S/\u00a010.60" in trail(result)
    page = walk(client, alone, until="notificacion")
    refused = submit(client, page.text, {"parties": "0", "instance": "especializado"})
    assert refused.status_code == 200 and "1 o más" in refused.text


def test_several_people_filing_together_pay_once_each(client):
    result = walk(client, CIVIL | {"filers": "2"})
    assert total(result) == "S/\u00a0175.60"  # (82.50 + 5.30) × 2
    assert "filers=2" in result.request.url
    lines = trail(result)
    assert (
        "art. 7.2: se paga por cada titular: 2 titulares × S/\u00a082.50 = S/\u00a0165.00" in lines
    )
    assert "Demandante · 2 titulares (art. 7.2)" in result.text
    plain = walk(client, CIVIL).request.url  # one person, no alimentos: the link as before
    assert "filers" not in plain and "monthly" not in plain


def test_no_amount_can_break_from_its_currency_sign(client):
    """A narrow screen must not leave "URP S/" at the end of a line and the figure on the next:
    every amount comes from the one `money` filter, joined by no-break spaces."""
    result = walk(client, CIVIL | {"parties": "3"})
    text = BeautifulSoup(result.text, "html.parser").get_text()
    assert "URP\u00a0S/\u00a0550.00" in text
    assert "3\u00a0×" not in text and "3 derechos × S/\u00a05.30" in text  # a count, not "(s)"
    assert not re.search(r"S/\s(?<!\u00a0)\d|S/[ \t\n]\d", text), re.findall(r".{20}S/ \d", text)


def test_the_cuantia_takes_only_ascii_digits(client):
    page = walk(client, CIVIL, until="cuantia")
    for typed in ("٦٠٠٠٠", "６００００"):
        refused = submit(client, page.text, {"cuantia": typed})
        assert refused.status_code == 200, typed
        error = BeautifulSoup(refused.text, "html.parser").select_one(".error").text
        assert "cifras de 0 a 9" in error
