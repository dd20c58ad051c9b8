"""Booking a desk appointment, one question per screen: data, sede, service, day, time, review.

What the citizen typed lives in the signed session cookie until the ticket is issued, so
back links keep it and nothing depends on JavaScript.
"""

from datetime import date
from functools import lru_cache

from flask import flash, session
from flask_login import current_user

from blueprints.actor import current_actor
from blueprints.appointments import booking, bp
from blueprints.appointments.forms import ChoiceForm, ConfirmForm, IdentityForm
from blueprints.htmx import redirect_to, render
from blueprints.human_check import session_id
from domain import slots
from domain.clock import long_date
from domain.quotas import TooManyBookings
from models import Appointment, Sede, Service
from services import appointments, quotas
from services.clock import utc_now


@bp.route("/")
def start():
    return render("appointments/start.html", "step", sedes=list(Sede.open_ones()))


@bp.route("/datos", methods=["GET", "POST"])
def identity():
    draft = booking.draft()
    form = IdentityForm(data=booking.identity_data(draft) or booking.account_data(current_user))
    if form.validate_on_submit():
        try:  # warn now, not after five more steps, when this person cannot book again yet
            quotas.check(
                booking.person_of(form),
                address=current_actor().address,
                session_key=session_id(),
                now=utc_now(),
            )
        except TooManyBookings as refusal:
            field = getattr(form, refusal.field) if refusal.field else None
            (field.errors if field else form.form_errors).append(str(refusal))
        else:
            booking.save_identity(form)
            return redirect_to("appointments.choose_sede")
    form.prepare_human_check()
    return render("appointments/identity.html", "step", form=form)


@bp.route("/sede", methods=["GET", "POST"])
def choose_sede():
    draft, detour = booking.require("sede")
    if detour:
        return detour
    sedes = {str(s.id): s for s in Sede.open_ones()}
    if not sedes:  # a court still being set up: the start page says so
        return redirect_to("appointments.start")
    form = ChoiceForm.asking(
        "¿En qué sede desea ser atendido?",
        {key: sede.name for key, sede in sedes.items()},
        "Elija una sede",
        data={"choice": draft.get("sede_id")},
    )
    hints = {key: f"{s.address}, {s.district}" for key, s in sedes.items()}
    if form.validate_on_submit():
        try:
            appointments.check_eligibility(
                sedes[form.choice.data],
                birth_date=booking.birth_date(draft),
                vulnerable=draft["vulnerable"],
                now=utc_now(),
            )
        except slots.NotEligible as refusal:
            form.choice.errors.append(str(refusal))
        else:
            booking.save(sede_id=form.choice.data)
            return redirect_to("appointments.choose_service")
    return booking.render_choice(form, "sede", hints=hints)


@bp.route("/servicio", methods=["GET", "POST"])
def choose_service():
    draft, detour = booking.require("service")
    if detour:
        return detour
    services = {str(s.id): s for s in Service.offered_at(draft["sede_id"])}
    form = ChoiceForm.asking(
        "¿Qué va a presentar?",
        {key: s.name for key, s in services.items()},
        "Elija qué va a presentar",
        data={"choice": draft.get("service_id")},
    )
    if form.validate_on_submit():
        booking.save(service_id=form.choice.data)
        return redirect_to("appointments.choose_day")
    hints = {key: s.description for key, s in services.items()}
    return booking.render_choice(form, "service", hints=hints)


@bp.route("/dia", methods=["GET", "POST"])
def choose_day():
    draft, detour = booking.require("day")
    if detour:
        return detour
    service = Service.with_sede(draft["service_id"])
    free = appointments.free_days(service, now=utc_now())
    form = ChoiceForm.asking(
        "¿Qué día desea ir?",
        {day.isoformat(): booking.day_label(day) for day in free},
        "Elija un día de la lista",
        data={"choice": draft.get("day")},
    )
    if form.validate_on_submit():
        booking.save(day=form.choice.data)
        return redirect_to("appointments.choose_time")
    hints = {day.isoformat(): booking.places_text(n, "horario") for day, n in free.items()}
    intro = f"{service.name} en {service.sede.name}. Solo se muestran días con horarios libres."
    return booking.render_choice(form, "day", intro, hints=hints)


@bp.route("/hora", methods=["GET", "POST"])
def choose_time():
    draft, detour = booking.require("time")
    if detour:
        return detour
    service = Service.with_sede(draft["service_id"])
    day = date.fromisoformat(draft["day"])
    labels, hints = free_times(service, day)
    form = ChoiceForm.asking(
        "¿A qué hora?", labels, "Elija una hora de la lista", data={"choice": draft.get("start")}
    )
    if form.validate_on_submit():
        booking.save(start=form.choice.data)
        return redirect_to("appointments.review")
    intro = f"{long_date(day).capitalize()}. Solo se muestran horas con lugares libres."
    return booking.render_choice(form, "time", intro, hints=hints)


def free_times(service, day: date) -> tuple[dict, dict]:
    """The times still free that day: {key: label} and {key: places left}."""
    free = appointments.free_times(service, day, now=utc_now())
    labels, hints = time_choices(service.sede.slot_minutes, tuple(free.items()))
    return dict(labels), dict(hints)  # copies: the review's other times drop the chosen one


@lru_cache(maxsize=1024)  # the same day's list, seen by everyone until a place is taken
def time_choices(minutes: int, free: tuple) -> tuple[dict, dict]:
    labels, hints = {}, {}
    for start, left in free:
        key = booking.time_key(start)
        labels[key] = booking.time_range(start, minutes)
        hints[key] = booking.places_text(left, "lugar")
    return labels, hints


def other_times(draft: dict, refusal: str | None):
    """When the chosen time can no longer be booked (someone took its last place a moment
    ago, or it passed), the review offers the day's other free times instead of Confirmar."""
    service = Service.with_sede(draft["service_id"])
    labels, hints = free_times(service, date.fromisoformat(draft["day"]))
    if refusal is None and draft.get("start") in labels:
        return None
    labels.pop(draft.get("start"), None)
    hints.pop(draft.get("start"), None)
    form = ChoiceForm.asking("Elija otra hora", labels, "Elija una hora de la lista")
    form.choice.id = "other-time"
    return {"form": form, "hints": hints, "message": refusal or TAKEN}


TAKEN = "Esa hora ya no tiene lugares libres: alguien acaba de tomar el último."


@bp.route("/revisar", methods=["GET", "POST"])
def review():
    form = ConfirmForm()
    submitted = form.validate_on_submit()
    repeated = Appointment.made_by(form.request_key.data) if submitted else None
    if repeated:  # a second tap, or a retry after a dropped connection: the same ticket
        return redirect_to("appointments.show_ticket", code=repeated.code)
    draft, detour = booking.require("review")
    if detour:
        return detour
    refusal = None
    if submitted:
        try:
            appointment, _ = appointments.book(
                **booking.booking_args(draft),
                request_key=form.request_key.data,
                actor=current_actor(),
                now=utc_now(),
                session_key=session_id(),
            )
        except slots.AlreadyBooked as error:  # about the person, not the time: no other time helps
            form.form_errors.append(str(error))
        except slots.NotBookable as error:
            refusal = str(error)
        except TooManyBookings as error:
            form.form_errors.append(str(error))
        else:
            booking.finish(appointment)
            return redirect_to("appointments.show_ticket", code=appointment.code)
    form.request_key.data = booking.request_key(draft)
    return render(
        "appointments/review.html",
        "step",
        form=form,
        summary=booking.summary(draft),
        taken=other_times(draft, refusal),
    )


@bp.post("/nueva")
def restart():
    """Forget the draft (a shared phone, or a second appointment) and start again."""
    session.pop(booking.KEY, None)
    flash("Empezamos una cita nueva.")
    return redirect_to("appointments.identity")
