"""A sede's queue figures of one day: tickets issued, served, no-shows, still waiting, and
the median and 90th percentile of the wait per service, as a chart, a table and a CSV.

Its own page rather than one of services/reports.py's REPORTS: those cover a period across
sedes, while the queue's figures are one sede's day (what a supervisor checks at closing).
"""

from flask import abort

from blueprints.htmx import render
from blueprints.query import strict_day, strict_id
from blueprints.staff.access import roles_required
from blueprints.staff.csv_download import csv_response
from blueprints.staff.queue_console import bp
from blueprints.staff.queue_console.views import my_window
from domain import charts
from domain.clock import long_date
from domain.roles import DESK
from models import Sede
from services import queue
from services.clock import utc_now

COLUMNS = (
    "Trámite",
    "Turnos emitidos",
    "Atendidos",
    "No se presentaron",
    "En espera",
    "Mediana de espera (min)",
    "Percentil 90 de espera (min)",
)


def _sede_and_day():
    sedes = list(Sede.select().order_by(Sede.active.desc(), Sede.name))
    chosen = strict_id("sede")
    if chosen is None:
        mine = my_window()
        chosen = mine.sede_id if mine else (sedes[0].id if sedes else None)
    sede = next((s for s in sedes if s.id == chosen), None)
    if sede is None and chosen is not None and sedes:
        abort(404)
    day = strict_day("dia", queue.local_day(utc_now()))
    return sedes, sede, day


def _rows(sede, day) -> list[tuple]:
    return [
        (
            f.service,
            f.issued,
            f.served,
            f.no_shows,
            f.waiting,
            _rounded(f.median_wait),
            _rounded(f.p90_wait),
        )
        for f in queue.daily_figures(sede, day)
    ]


def _rounded(minutes: float | None) -> float | None:
    return None if minutes is None else round(minutes, 1)


def _chart(rows) -> charts.Chart:
    total = sum(row[1] for row in rows)
    return charts.Chart(
        "bars",
        "Turnos por trámite",
        f"Barras por trámite: turnos atendidos, personas que no se presentaron y turnos aún "
        f"en espera o en atención; {total} turnos emitidos en total.",
        tuple(row[0] for row in rows),
        (
            charts.Series("Atendidos", tuple(row[2] for row in rows)),
            charts.Series("No se presentaron", tuple(row[3] for row in rows)),
            charts.Series(
                "En espera o en atención", tuple(row[1] - row[2] - row[3] for row in rows)
            ),
        ),
    )


@bp.route("/cifras")
@roles_required(*DESK)
def figures():
    sedes, sede, day = _sede_and_day()
    rows = _rows(sede, day) if sede else []
    return render(
        "staff/queue/figures.html",
        "figures",
        sedes=sedes,
        sede=sede,
        day=day,
        day_text=long_date(day),
        columns=COLUMNS,
        rows=rows,
        chart=charts.render(_chart(rows), "grafico-cola") if rows else "",
    )


@bp.route("/cifras/csv")
@roles_required(*DESK)
def figures_csv():
    _sedes, sede, day = _sede_and_day()
    if sede is None:
        abort(404)
    return csv_response(f"cola-{sede.code}-{day.isoformat()}.csv", COLUMNS, _rows(sede, day))
