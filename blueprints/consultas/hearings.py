"""The public hearings schedule: one day's hearings by sede and court, and each court's
calendar feed. Never the parties' names: the schedule does not hold them."""

from datetime import timedelta

from flask import abort, make_response, request

from blueprints.consultas import bp
from blueprints.htmx import render
from blueprints.query import strict_day, strict_id
from domain.clock import long_date
from domain.hearings import HearingKind
from models import Dependencia
from services import public_queries
from services.clock import utc_now


@bp.route("/audiencias")
def hearings():
    now = utc_now()
    today = public_queries.court_today(now)
    day = strict_day("dia", today)
    sede_id, dependencia_id = strict_id("sede"), strict_id("juzgado")
    rows = public_queries.hearings_on(day, sede_id, dependencia_id)
    return render(
        "consultas/hearings.html",
        "hearing_list",
        rows=rows,
        day=day,
        day_text=long_date(day),
        today=today,
        previous_day=day - timedelta(days=1) if day.toordinal() > 1 else None,
        next_day=day + timedelta(days=1),
        sede_id=sede_id,
        dependencia_id=dependencia_id,
        sedes=public_queries.Sede.open_ones(),
        dependencias=public_queries.dependencias(),
        kinds=HearingKind,
        place=public_queries.hearing_place,
        filters={k: v for k, v in request.args.items() if k in ("sede", "juzgado")},
    )


@bp.route("/audiencias/juzgado/<string:code>/calendario")
def court_calendar(code):
    """A subscribable .ics of one court's hearings (last week and the next four months)."""
    dependencia = Dependencia.get_or_none(Dependencia.code == code[:40]) or abort(404)
    response = make_response(public_queries.court_feed(dependencia, utc_now()))
    response.mimetype = "text/calendar"
    response.headers["Content-Disposition"] = (
        f'inline; filename="audiencias-{dependencia.code.lower()}.ics"'
    )
    response.headers["Cache-Control"] = "public, max-age=300"  # calendar apps poll it
    return response
