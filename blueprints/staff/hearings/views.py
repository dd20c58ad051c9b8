"""Publish, change and withdraw hearings of the public schedule (/audiencias)."""

from datetime import timedelta

from flask import abort, flash

from blueprints.actor import current_actor
from blueprints.htmx import redirect_to, render
from blueprints.query import page_number, strict_day, strict_id
from blueprints.staff.access import roles_required
from blueprints.staff.hearings import bp
from blueprints.staff.hearings.forms import HearingForm, WithdrawForm
from domain.hearings import HearingKind
from domain.roles import HEARINGS
from models import Hearing
from services import hearings, public_queries
from services.clock import utc_now
from services.hearings import HearingDraft

PAGE_SIZE = 50
LIST_DAYS = 31  # the list shows a month from the chosen day


def _hearing_or_404(hearing_id: int) -> Hearing:
    return Hearing.get_or_none(Hearing.id == hearing_id) or abort(404)


def _form(**kwargs) -> HearingForm:
    form = HearingForm(**kwargs)
    form.dependencia.choices = {str(d.id): d.name for d in public_queries.dependencias()}
    return form


def _draft(form: HearingForm) -> HearingDraft:
    return HearingDraft(
        dependencia_id=int(form.dependencia.data),
        day=form.day.data,
        starts=form.starts.data,
        minutes=form.minutes.data,
        case_number=form.case_number.data,
        kind=form.kind.data,
        room=form.room.data or "",
        virtual_url=form.virtual_url.data or "",
    )


@bp.route("/audiencias")
@roles_required(*HEARINGS)
def list_hearings():
    first = strict_day("desde", public_queries.court_today(utc_now()))
    last = first + timedelta(days=LIST_DAYS - 1)
    dependencia_id = strict_id("juzgado")
    page = page_number("pagina")
    query = Hearing.listed(first, last, dependencia_id=dependencia_id)
    rows = list(query.paginate(page, PAGE_SIZE))
    return render(
        "staff/hearings/list_hearings.html",
        "hearings",
        rows=rows,
        first=first,
        last=last,
        dependencia_id=dependencia_id,
        dependencias=public_queries.dependencias(),
        kinds=HearingKind,
        page=page,
        more=len(rows) == PAGE_SIZE,
    )


@bp.route("/audiencias/nueva", methods=["GET", "POST"])
@roles_required(*HEARINGS)
def new_hearing():
    form = _form()
    if form.validate_on_submit():
        hearing = hearings.publish(
            _draft(form), request_key=form.request_key.data, actor=current_actor(), now=utc_now()
        )
        flash(f"Publicamos la audiencia del expediente {hearing.case_number}.")
        return redirect_to("staff.hearings.list_hearings", desde=hearing.day.isoformat())
    return render("staff/hearings/edit_hearing.html", "hearing_form", form=form, hearing=None)


@bp.route("/audiencias/<int:hearing_id>/editar", methods=["GET", "POST"])
@roles_required(*HEARINGS)
def edit_hearing(hearing_id):
    hearing = _hearing_or_404(hearing_id)
    form = _form(obj=hearing, dependencia=str(hearing.dependencia_id))
    if form.validate_on_submit():
        hearing = hearings.change(hearing, _draft(form), actor=current_actor(), now=utc_now())
        flash(f"Guardamos los cambios de la audiencia del expediente {hearing.case_number}.")
        return redirect_to("staff.hearings.list_hearings", desde=hearing.day.isoformat())
    return render("staff/hearings/edit_hearing.html", "hearing_form", form=form, hearing=hearing)


@bp.route("/audiencias/<int:hearing_id>/retirar", methods=["GET", "POST"])
@roles_required(*HEARINGS)
def withdraw_hearing(hearing_id):
    """GET asks for confirmation; POST takes the hearing off the public schedule."""
    hearing = _hearing_or_404(hearing_id)
    form = WithdrawForm()
    if form.validate_on_submit():
        if hearings.withdraw(hearing, actor=current_actor(), now=utc_now()):
            flash(f"Retiramos de la agenda la audiencia del expediente {hearing.case_number}.")
        return redirect_to("staff.hearings.list_hearings", desde=hearing.day.isoformat())
    return render(
        "staff/hearings/withdraw_hearing.html",
        "hearing_form",
        form=form,
        hearing=hearing,
        kinds=HearingKind,
    )
