"""The desk's list of the day's appointments: attended / no-show, corrected the same day."""

from datetime import date

from flask import abort, flash, request

from blueprints.actor import current_actor
from blueprints.htmx import redirect_to, render
from blueprints.query import query_day
from blueprints.staff.access import roles_required
from blueprints.staff.desk import bp
from domain import slots
from domain.clock import long_date
from domain.codes import normalize_code
from domain.roles import DESK
from domain.states import AppointmentStatus
from models import Appointment, Sede
from services import appointments
from services.appointments import OUTCOMES
from services.clock import court_now, utc_now

UNDO = "deshacer"  # the button that puts a marked appointment back to active


def _day() -> date:
    return query_day("dia", court_now().date())


@bp.route("/citas")
@roles_required(*DESK)
def list_appointments():
    sedes = list(Sede.open_ones())
    if not sedes:  # a court still being set up, or every sede closed to bookings
        flash("No hay sedes abiertas, así que no hay citas que mostrar.")
        return redirect_to("staff.index")
    sede = next((s for s in sedes if str(s.id) == request.args.get("sede")), sedes[0])
    day = _day()
    search = request.args.get("buscar", "").strip()[:300]
    if "/" in search:  # a scanner reading the ticket's QR types its verification link
        search = normalize_code(search)
    search = search[:40]
    rows = appointments.desk_list(sede, day, search)
    # A code scanned on the wrong day or at the wrong sede: say where that appointment is.
    elsewhere = appointments.by_code(search) if search and not rows else None
    return render(
        "staff/desk/list_appointments.html",
        "appointment_rows",
        sedes=sedes,
        sede=sede,
        day=day,
        day_text=long_date(day),
        search=search,
        appointments=rows,
        elsewhere=elsewhere,
        elsewhere_day=long_date(elsewhere.day) if elsewhere else "",
        outcomes=list(OUTCOMES),
        undo=UNDO,
        moved=AppointmentStatus.REPROGRAMADA,
        today=court_now().date(),
    )


@bp.post("/citas/<int:appointment_id>/resultado")
@roles_required(*DESK)
def mark_outcome(appointment_id):
    appointment = Appointment.get_or_none(Appointment.id == appointment_id) or abort(404)
    choice = request.form.get("resultado")
    if choice not in OUTCOMES and choice != UNDO:
        abort(400)
    if request.form.get("estado", appointment.status) != appointment.status:
        flash(f"La cita {appointment.code} cambió mientras tanto; revise su estado.")
    else:
        _record(appointment, choice)
    return redirect_to(
        "staff.desk.list_appointments", sede=appointment.sede_id, dia=appointment.day.isoformat()
    )


def _record(appointment: Appointment, choice: str) -> None:
    actor, now = current_actor(), utc_now()
    try:
        if choice == UNDO:
            done = appointments.undo_outcome(appointment, actor=actor, now=now)
        else:
            outcome = AppointmentStatus(choice)
            done = appointments.mark_outcome(appointment, outcome, actor=actor, now=now)
    except slots.OutcomeNotOpen as refusal:
        flash(f"Cita {appointment.code}: {refusal}")
        return
    if done:
        flash(f"Cita {appointment.code}: {appointment.status_label.lower()}.")
    else:
        flash(f"La cita {appointment.code} ya no estaba en ese estado; no se cambió.")
