"""The desk's list of the day's appointments, with attended / no-show buttons."""

from datetime import date

from flask import abort, flash, request
from flask_login import current_user

from blueprints.htmx import redirect_to, render
from blueprints.staff import DESK_ROLES, bp, roles_required
from domain.clock import long_date
from models import Appointment, Sede
from services.clock import court_now, utc_now

OUTCOMES = {"atendida": "Atendida", "no_asistio": "No asistió"}


def _day() -> date:
    try:
        return date.fromisoformat(request.values.get("dia", ""))
    except ValueError:
        return court_now().date()


# The staff menu: (roles that see it, endpoint, label). Screens add themselves here.
MENU = [(DESK_ROLES, "staff.desk", "Citas del día")]


@bp.route("/")
def index():
    """The tools this person's roles open."""
    tools = [(endpoint, label) for roles, endpoint, label in MENU if current_user.has_role(*roles)]
    return render("staff/index.html", "tools", tools=tools)


@bp.route("/citas")
@roles_required(*DESK_ROLES)
def desk():
    sedes = list(Sede.open_ones())
    sede = next((s for s in sedes if str(s.id) == request.args.get("sede")), sedes[0])
    day = _day()
    return render(
        "staff/desk.html", "appointment_rows", sedes=sedes, sede=sede, day=day,
        day_text=long_date(day), appointments=list(Appointment.for_desk(sede, day)),
    )  # fmt: skip


@bp.post("/citas/<int:appointment_id>/resultado")
@roles_required(*DESK_ROLES)
def mark_outcome(appointment_id):
    appointment = Appointment.get_or_none(Appointment.id == appointment_id) or abort(404)
    outcome = request.form.get("resultado")
    if outcome not in OUTCOMES:
        abort(400)
    if appointment.mark(outcome, utc_now()):
        flash(f"Cita {appointment.code}: {OUTCOMES[outcome].lower()}.")
    else:
        flash(f"La cita {appointment.code} ya no estaba activa; no se cambió.")
    return redirect_to("staff.desk", sede=appointment.sede_id, dia=appointment.day.isoformat())
