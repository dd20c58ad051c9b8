"""Small server-drawn SVG charts for the reports: horizontal bars and columns, no JavaScript.

Each chart is an <svg role="img"> named by its <title> and <desc> (aria-labelledby), scaled by
its viewBox to whatever width the page gives it (360 px phones, paper), coloured by CSS classes
(static/site.css, print included). The page shows the same figures as a table beside it, so
the drawing never has to carry every number. Text is escaped here; the result is markup.
"""

from dataclasses import dataclass
from html import escape

from markupsafe import Markup

WIDTH = 320  # viewBox units; the page scales it
ROW = 40  # a bar's label, then the bar
BAR = 16
COLUMNS_HEIGHT = 150
MAX_SERIES = 5  # the CSS has five fills (.s0 to .s4): a filing's five states


@dataclass(frozen=True)
class Series:
    name: str
    values: tuple[float, ...]


@dataclass(frozen=True)
class Chart:
    kind: str  # "bars": one horizontal bar per label; "columns": a time series, left to right
    title: str
    description: str  # what the chart shows, in a sentence: read out by screen readers
    labels: tuple[str, ...]
    series: tuple[Series, ...]  # stacked when more than one


def nice_ceiling(value: float) -> float:
    """The smallest 1, 2 or 5 times a power of ten at or above `value` (an axis's end)."""
    if value <= 0:
        return 1
    step = 1.0
    while step * 10 <= value:
        step *= 10
    while step > value:
        step /= 10
    return next(step * factor for factor in (1, 2, 5, 10) if step * factor >= value)


def number(value: float) -> str:
    """12 for whole figures, 12.5 otherwise."""
    return str(int(value)) if float(value).is_integer() else f"{value:.1f}"


def totals(chart: Chart) -> list[float]:
    return [sum(s.values[i] for s in chart.series) for i in range(len(chart.labels))]


def render(chart: Chart, chart_id: str) -> Markup:
    """The chart as an accessible inline <svg>."""
    if len(chart.series) > MAX_SERIES:
        raise ValueError(f"at most {MAX_SERIES} series per chart")
    draw = _bars if chart.kind == "bars" else _columns
    if any(totals(chart)):
        height, body = draw(chart)
        legend_height, legend = _legend(chart, height)
    else:
        (height, body), (legend_height, legend) = _empty(), (0, "")
    head = (
        f'<svg class="chart" role="img" aria-labelledby="{chart_id}-title {chart_id}-desc" '
        f'viewBox="0 0 {WIDTH} {height + legend_height}" xmlns="http://www.w3.org/2000/svg">'
        f'<title id="{chart_id}-title">{escape(chart.title)}</title>'
        f'<desc id="{chart_id}-desc">{escape(chart.description)}</desc>'
    )
    return Markup(head + body + legend + "</svg>")


def _empty() -> tuple[int, str]:
    return 40, '<text x="0" y="24" class="chart-note">Sin datos en este periodo</text>'


def _bars(chart: Chart) -> tuple[int, str]:
    """Each label on its own line above its bar: a sede's long name fits a phone's width."""
    span = WIDTH - 44  # room on the right for the figure
    top = nice_ceiling(max(totals(chart)))
    parts = []
    for row, label in enumerate(chart.labels):
        y, x = row * ROW, 0.0
        parts.append(f'<text x="0" y="{y + 13}">{escape(label)}</text>')
        for index, series in enumerate(chart.series):
            width = span * series.values[row] / top
            if width > 0:
                parts.append(
                    f'<rect class="s{index}" x="{x:.1f}" y="{y + 18}" width="{width:.1f}" '
                    f'height="{BAR}"/>'
                )
            x += width
        total = sum(s.values[row] for s in chart.series)
        parts.append(f'<text x="{x + 4:.1f}" y="{y + 30}">{number(total)}</text>')
    return len(chart.labels) * ROW, "".join(parts)


def _columns(chart: Chart) -> tuple[int, str]:
    left, bottom = 36, COLUMNS_HEIGHT - 20
    top = nice_ceiling(max(totals(chart)))
    step = (WIDTH - left) / len(chart.labels)
    width = max(step * 0.8, 0.5)
    parts = [
        f'<text x="{left - 4}" y="10" text-anchor="end">{number(top)}</text>',
        f'<text x="{left - 4}" y="{bottom}" text-anchor="end">0</text>',
        f'<line class="axis" x1="{left}" y1="{bottom}" x2="{WIDTH}" y2="{bottom}"/>',
    ]
    for column in range(len(chart.labels)):
        x, y = left + column * step, float(bottom)
        for index, series in enumerate(chart.series):
            height = (bottom - 6) * series.values[column] / top
            if height > 0:
                y -= height
                parts.append(
                    f'<rect class="s{index}" x="{x:.1f}" y="{y:.1f}" width="{width:.1f}" '
                    f'height="{height:.1f}"/>'
                )
    # First and last label only: a phone has room for two dates under the axis.
    first, last = chart.labels[0], chart.labels[-1]
    parts.append(f'<text x="{left}" y="{COLUMNS_HEIGHT - 4}">{escape(first)}</text>')
    if len(chart.labels) > 1:
        parts.append(
            f'<text x="{WIDTH}" y="{COLUMNS_HEIGHT - 4}" text-anchor="end">{escape(last)}</text>'
        )
    return COLUMNS_HEIGHT, "".join(parts)


def _legend(chart: Chart, y: int) -> tuple[int, str]:
    if len(chart.series) < 2:
        return 0, ""
    parts = []
    for index, series in enumerate(chart.series):
        row = y + 8 + index * 20
        parts.append(f'<rect class="s{index}" x="0" y="{row}" width="14" height="14"/>')
        parts.append(f'<text x="20" y="{row + 12}">{escape(series.name)}</text>')
    return 8 + len(chart.series) * 20, "".join(parts)
