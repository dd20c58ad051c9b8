"""The sedes: where they are, when they attend, whether they are open now, and their next
closures."""

from blueprints.consultas import bp
from blueprints.htmx import render
from domain.clock import long_date, short_date
from services import public_queries
from services.clock import utc_now


@bp.route("/sedes")
def sedes():
    cards, local = public_queries.sede_cards(utc_now())
    return render(
        "consultas/sedes.html",
        "sede_list",
        cards=cards,
        today=long_date(local.date()),
        now=local,
        short_date=short_date,
    )
