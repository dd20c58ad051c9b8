"""Cancel or reschedule an appointment: from the e-mail's signed link, or by code + document."""

import secrets
from datetime import time

from flask import flash, request
from itsdangerous import BadSignature, SignatureExpired

from blueprints.actor import current_actor
from blueprints.appointments import booking, bp
from blueprints.appointments.forms import ChoiceForm, ConfirmForm, LookupForm
from blueprints.htmx import redirect_to, render
from domain import slots
from domain.clock import long_date
from domain.quotas import TooManyBookings
from models import Appointment
from services import appointments
from services.clock import utc_now
from services.tickets import manage_token, signer

LINK_DAYS = 120  # a manage link outlives any booking horizon


def _from_token(token: str):
    """(appointment, None) or (None, the page that explains what went wrong)."""
    try:
        code = signer().loads(token, max_age=LINK_DAYS * 86400)
    except SignatureExpired:
        return None, render("appointments/link_problem.html", "step", expired=True, status=410)
    except BadSignature:
        return None, render("appointments/link_problem.html", "step", expired=False, status=404)
    appointment = Appointment.by_code(code)
    if appointment is None:
        return None, render("appointments/link_problem.html", "step", expired=False, status=404)
    return appointment, None


@bp.route("/gestionar", methods=["GET", "POST"])
def lookup():
    form = LookupForm()
    if form.validate_on_submit():
        try:
            appointment = appointments.find(
                form.code.data, form.doc_type.data, form.doc_number.data
            )
        except appointments.NotFound as refusal:
            form.form_errors.append(str(refusal))
        else:
            return redirect_to("appointments.manage", token=manage_token(appointment))
    return render("appointments/lookup.html", "step", form=form)


@bp.route("/gestion/<string:token>")
def manage(token):
    appointment, problem = _from_token(token)
    if problem:
        return problem
    can_change, reason = appointments.can_change(appointment, now=utc_now())
    return render(
        "appointments/manage.html",
        "step",
        appointment=appointment,
        token=token,
        can_change=can_change,
        reason=reason,
        day=long_date(appointment.day),
    )


@bp.route("/gestion/<string:token>/anular", methods=["GET", "POST"])
def cancel(token):
    appointment, problem = _from_token(token)
    if problem:
        return problem
    form = ConfirmForm()
    if form.validate_on_submit():
        try:
            if appointments.cancel(appointment, actor=current_actor(), now=utc_now()):
                flash("Su cita fue anulada. El horario quedó libre para otra persona.")
        except slots.TooLateToChange as reason:
            flash(str(reason))
        return redirect_to("appointments.manage", token=token)
    return render(
        "appointments/cancel.html",
        "step",
        appointment=appointment,
        token=token,
        form=form,
        day=long_date(appointment.day),
    )


@bp.route("/gestion/<string:token>/reprogramar", methods=["GET", "POST"])
def reschedule(token):
    appointment, problem = _from_token(token)
    if problem:
        return problem
    repeated = Appointment.made_by(request.form.get("request_key"))
    if repeated:  # a second tap on a slow network: the ticket the first one made
        return redirect_to("appointments.show_ticket", code=repeated.code)
    now = utc_now()  # one instant for the check, the lists and the move
    can_change, reason = appointments.can_change(appointment, now=now)
    if not can_change:
        flash(reason)
        return redirect_to("appointments.manage", token=token)
    service = appointment.service
    free_days = appointments.free_days(service, now=now)
    day = {d.isoformat(): d for d in free_days}.get(request.values.get("dia", ""))
    times = appointments.free_times(service, day, now=now) if day else {}
    form = ChoiceForm.asking(
        "¿A qué hora?",
        {booking.time_key(t): booking.time_label(service, t) for t in times},
        "Elija una hora de la lista",
    )
    request_key = request.form.get("request_key") or secrets.token_urlsafe(16)
    hints = {booking.time_key(t): booking.places_text(n, "lugar") for t, n in times.items()}
    if day == appointment.day and booking.time_key(appointment.starts) in hints:
        hints[booking.time_key(appointment.starts)] = "Su hora actual"
    if day and form.validate_on_submit():
        try:
            new, _ = appointments.reschedule(
                appointment,
                day=day,
                start=time.fromisoformat(form.choice.data),
                request_key=request_key,
                actor=current_actor(),
                now=now,
            )
        except (slots.NotBookable, slots.TooLateToChange) as refusal:
            form.choice.errors.append(str(refusal))
        except TooManyBookings as refusal:  # about the person, not the time: no other time helps
            form.form_errors.append(str(refusal))
        else:
            flash("Su cita fue reprogramada. Este es su nuevo ticket.")
            return redirect_to("appointments.show_ticket", code=new.code)
    return render(
        "appointments/reschedule.html",
        "step",
        appointment=appointment,
        token=token,
        form=form,
        day=day,
        current=f"{long_date(appointment.day)} a las {booking.time_key(appointment.starts)}",
        request_key=request_key,
        days={d.isoformat(): booking.day_label(d) for d in free_days},
        hints=hints,
    )
