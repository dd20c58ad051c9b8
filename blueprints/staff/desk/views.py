"""The desk's list of the day's appointments, with attended / no-show buttons."""

from datetime import date

from flask import abort, flash, request

from blueprints.actor import current_actor
from blueprints.htmx import redirect_to, render
from blueprints.query import query_day
from blueprints.staff.access import roles_required
from blueprints.staff.desk import bp
from domain.clock import long_date
from domain.roles import DESK
from domain.states import AppointmentStatus
from models import Appointment, Sede
from services import appointments
from services.appointments import OUTCOMES
from services.clock import court_now, utc_now


def _day() -> date:
    return query_day("dia", court_now().date())


@bp.route("/citas")
@roles_required(*DESK)
def list_appointments():
    sedes = list(Sede.open_ones())
    sede = next((s for s in sedes if str(s.id) == request.args.get("sede")), sedes[0])
    day = _day()
    return render(
        "staff/desk/list_appointments.html",
        "appointment_rows",
        sedes=sedes,
        sede=sede,
        day=day,
        day_text=long_date(day),
        appointments=list(Appointment.for_desk(sede, day)),
        outcomes=list(OUTCOMES),
    )


@bp.post("/citas/<int:appointment_id>/resultado")
@roles_required(*DESK)
def mark_outcome(appointment_id):
    appointment = Appointment.get_or_none(Appointment.id == appointment_id) or abort(404)
    outcome = request.form.get("resultado")
    if outcome not in OUTCOMES:
        abort(400)
    if appointments.mark_outcome(
        appointment, AppointmentStatus(outcome), actor=current_actor(), now=utc_now()
    ):
        flash(f"Cita {appointment.code}: {AppointmentStatus(outcome).label.lower()}.")
    else:
        flash(f"La cita {appointment.code} ya no estaba activa; no se cambió.")
    return redirect_to(
        "staff.desk.list_appointments", sede=appointment.sede_id, dia=appointment.day.isoformat()
    )
