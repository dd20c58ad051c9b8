"""The public front door."""

from blueprints.htmx import render
from blueprints.public import bp
from models import Court, Sede


@bp.route("/")
def home():
    return render("public/home.html", "step", court=Court.current(), sedes=list(Sede.open_ones()))


@bp.route("/privacidad")
def privacy():
    return render("public/privacy.html", "step", court=Court.current())
