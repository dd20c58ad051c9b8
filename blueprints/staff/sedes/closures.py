"""Closures: a year's list, the national holidays loaded from `holidays`, court-declared
closures (a sede or all, the whole day or part of it) and deleting one, after confirming."""

from flask import abort, flash, request, url_for

from blueprints.actor import current_actor
from blueprints.htmx import redirect_to, render
from blueprints.staff.access import roles_required
from blueprints.staff.sedes import bp
from blueprints.staff.sedes.forms import ALL_SEDES, ClosureForm, HolidaysForm, whole
from blueprints.staff.sedes.views import confirm_page, saved
from domain.clock import long_date
from domain.roles import ADMIN
from domain.sede_setup import describe_closure
from domain.slots import ClosureKind
from models import Closure, Court, Sede
from services import sede_changes
from services.clock import court_now, utc_now
from services.sede_changes import AffectedChanged

FIRST_YEAR, LAST_YEAR = 2000, 2100


def _year() -> int:
    asked = whole(request.values.get("anio"))
    return asked if asked and FIRST_YEAR <= asked <= LAST_YEAR else court_now().year


def _closure_form(**kwargs) -> ClosureForm:
    form = ClosureForm(**kwargs)
    sedes = Sede.select().order_by(Sede.name)
    form.sede.choices = {ALL_SEDES: "Todas las sedes"} | {str(s.id): s.name for s in sedes}
    return form


def _list_page(year: int, closure_form=None, holidays_form=None):
    rows = [
        {
            "closure": c,
            "day": long_date(c.day),
            "when": describe_closure(c.closed_from, c.closed_until),
            "where": c.sede.name if c.sede_id else "Todas las sedes",
            "kind": ClosureKind.label_of(c.kind),
        }
        for c in Closure.in_year(year)
    ]
    return render(
        "staff/sedes/list_closures.html",
        "sedes",
        year=year,
        rows=rows,
        years=(max(FIRST_YEAR, year - 1), min(LAST_YEAR, year + 1)),
        form=closure_form or _closure_form(),
        holidays_form=holidays_form or HolidaysForm(year=str(year)),
        country=Court.current().country,
    )


@bp.route("/configuracion/cierres")
@roles_required(*ADMIN)
def list_closures():
    return _list_page(_year())


@bp.post("/configuracion/cierres/nuevo")
@roles_required(*ADMIN)
def declare_closure():
    form = _closure_form()
    if not form.validate_on_submit():
        return _list_page(form.day.data.year if form.day.data else _year(), closure_form=form)
    spec = form.spec(None if form.sede.data == ALL_SEDES else Sede.get_by_id(int(form.sede.data)))
    here = url_for("staff.sedes.declare_closure")
    back = url_for("staff.sedes.list_closures", anio=spec.day.year)
    try:
        _, cancelled = sede_changes.declare_closure(
            spec, seen=form.seen.data or "", actor=current_actor(), now=utc_now()
        )
    except AffectedChanged as change:
        return confirm_page(change, form.seen.data, here, f"cerrar el {long_date(spec.day)}", back)
    flash(saved(f"Guardamos el cierre del {long_date(spec.day)}.", cancelled))
    return redirect_to("staff.sedes.list_closures", anio=spec.day.year)


@bp.post("/configuracion/cierres/feriados")
@roles_required(*ADMIN)
def load_holidays():
    form = HolidaysForm()
    if not form.validate_on_submit():
        return _list_page(_year(), holidays_form=form)
    year = whole(form.year.data)
    here = url_for("staff.sedes.load_holidays")
    back = url_for("staff.sedes.list_closures", anio=year)
    try:
        added, cancelled = sede_changes.load_holidays(
            year, seen=form.seen.data or "", actor=current_actor(), now=utc_now()
        )
    except AffectedChanged as change:
        return confirm_page(change, form.seen.data, here, f"cargar los feriados de {year}", back)
    done = (
        f"Cargamos {added} feriados nacionales de {year}."
        if added
        else (f"Los feriados nacionales de {year} ya estaban cargados.")
    )
    flash(saved(done, cancelled))
    return redirect_to("staff.sedes.list_closures", anio=year)


@bp.route("/configuracion/cierres/<int:closure_id>/borrar", methods=["GET", "POST"])
@roles_required(*ADMIN)
def delete_closure(closure_id):
    closure = Closure.get_or_none(Closure.id == closure_id) or abort(404)
    if request.method != "POST":
        return render(
            "staff/sedes/delete_closure.html",
            "sedes",
            closure=closure,
            day=long_date(closure.day),
            when=describe_closure(closure.closed_from, closure.closed_until),
            where=closure.sede.name if closure.sede_id else "todas las sedes",
        )
    if sede_changes.delete_closure(closure, actor=current_actor(), now=utc_now()):
        flash(saved(f"Borramos el cierre del {long_date(closure.day)}.", []))
    return redirect_to("staff.sedes.list_closures", anio=closure.day.year)
