"""The reports' SVG charts: accessible names, the figures drawn, escaped text."""

import re

import pytest
from bs4 import BeautifulSoup

from domain.charts import Chart, Series, nice_ceiling, number, render


def svg(chart: Chart, chart_id: str = "g"):
    return BeautifulSoup(str(render(chart, chart_id)), "html.parser").svg


BARS = Chart(
    "bars",
    "Asistencia por sede",
    "Barras por sede.",
    ("Sede A", "Sede B"),
    (Series("Atendidas", (6, 2)), Series("No asistió", (4, 0))),
)
COLUMNS = Chart("columns", "Citas por día", "Columnas.", ("01/12", "02/12", "03/12"),
                (Series("Citas", (3, 0, 8)),))  # fmt: skip


@pytest.mark.parametrize("chart", [BARS, COLUMNS], ids=["bars", "columns"])
def test_a_chart_is_an_image_named_by_its_title_and_description(chart):
    drawn = svg(chart, "grafico-x")
    assert drawn["role"] == "img"
    assert drawn["aria-labelledby"] == "grafico-x-title grafico-x-desc"
    assert drawn.find("title", id="grafico-x-title").get_text() == chart.title
    assert drawn.find("desc", id="grafico-x-desc").get_text() == chart.description
    assert re.fullmatch(r"0 0 320 \d+", drawn["viewbox"])
    assert not drawn.find("script") and "width" not in drawn.attrs  # the page sizes it


def test_bars_are_as_long_as_their_figures_and_stack_by_series():
    drawn = svg(BARS)
    widths = [float(r["width"]) for r in drawn.select("rect") if r["height"] == "16"]
    assert len(widths) == 3  # a zero draws nothing: A 6 + 4, B 2
    assert widths[0] == pytest.approx(widths[1] * 1.5) and widths[0] == pytest.approx(widths[2] * 3)
    texts = [t.get_text() for t in drawn.select("text")]
    assert {"Sede A", "Sede B", "10", "2", "Atendidas", "No asistió"} <= set(texts)


def test_columns_show_the_axis_end_and_the_first_and_last_labels():
    drawn = svg(COLUMNS)
    texts = [t.get_text() for t in drawn.select("text")]
    assert texts[:2] == ["10", "0"] and "01/12" in texts and "03/12" in texts
    assert "02/12" not in texts
    heights = [float(r["height"]) for r in drawn.select("rect")]
    assert len(heights) == 2 and heights[1] > heights[0]


def test_nothing_to_draw_says_so():
    empty = Chart("bars", "T", "D", ("A",), (Series("x", (0,)),))
    assert "Sin datos en este periodo" in svg(empty).get_text()


def test_text_is_escaped():
    hostile = Chart("bars", "<b>", "a & b", ("<script>alert(1)</script>",), (Series("s", (1,)),))
    markup = str(render(hostile, "g"))
    assert "<script>" not in markup and "&lt;script&gt;" in markup and "a &amp; b" in markup


@pytest.mark.parametrize(
    ("value", "ceiling"),
    [(0, 1), (0.3, 0.5), (1, 1), (7, 10), (10, 10), (11, 20), (33.3, 50), (100, 100), (101, 200)],
)
def test_nice_ceiling(value, ceiling):
    assert nice_ceiling(value) == pytest.approx(ceiling)


def test_number():
    assert (number(12), number(12.0), number(12.25)) == ("12", "12", "12.2")
