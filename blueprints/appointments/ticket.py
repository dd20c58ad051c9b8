"""The ticket: HTML page, PDF, calendar file and the e-mail that carries them."""

from datetime import UTC

import segno
from flask import abort, make_response, render_template
from markupsafe import Markup

from blueprints.appointments import bp
from blueprints.appointments.booking import manage_token
from blueprints.htmx import render
from blueprints.urls import external_url
from domain import clock
from domain.ics import appointment_ics
from domain.identity import DOCUMENT_TYPES, mask
from domain.pdf.ticket import TicketData, ticket_pdf
from models import Appointment, Court
from services import mailer


def ticket_data(appointment, court) -> TicketData:
    sede, service = appointment.sede, appointment.service
    issued = clock.local_now(court.timezone, appointment.issued_at)
    return TicketData(
        court=court.name,
        code=appointment.code,
        sede=sede.name,
        address=f"{sede.address}, {sede.district}",
        service=service.name,
        day=clock.long_date(appointment.day),
        time=f"{clock.hhmm(appointment.starts)} a {clock.hhmm(appointment.ends)}",
        person=appointment.full_name,
        document=f"{DOCUMENT_TYPES[appointment.doc_type]} {mask(appointment.doc_number)}",
        issued=f"{clock.stamp(issued)} (hora de {court.timezone.split('/')[-1]})",
        what_to_bring=service.what_to_bring,
        instructions=sede.instructions,
        priority=appointment.priority,
    )


def ticket_ics(appointment, court) -> bytes:
    sede, service = appointment.sede, appointment.service
    return appointment_ics(
        code=appointment.code,
        starts_utc=clock.to_utc(court.timezone, appointment.day, appointment.starts),
        ends_utc=clock.to_utc(court.timezone, appointment.day, appointment.ends),
        issued_utc=appointment.issued_at.replace(tzinfo=UTC),
        summary=f"Cita en mesa de partes: {service.name}",
        location=f"{sede.name}, {sede.address}, {sede.district}",
        description=f"Código de la cita: {appointment.code}\nQué traer: {service.what_to_bring}",
    )


def _get(code: str):
    return Appointment.by_code(code) or abort(404)


@bp.route("/ticket/<string:code>")
def show_ticket(code):
    appointment = _get(code)
    court = Court.current()
    qr = Markup(
        segno.make_qr(appointment.code, error="m").svg_inline(
            scale=5, omitsize=True, title=f"Código QR de la cita {appointment.code}"
        )
    )
    return render(
        "appointments/ticket.html", "step", appointment=appointment,
        ticket=ticket_data(appointment, court), qr=qr, manage_token=manage_token(appointment),
    )  # fmt: skip


@bp.route("/ticket/<string:code>/pdf")
def download_ticket(code):
    appointment = _get(code)
    response = make_response(ticket_pdf(ticket_data(appointment, Court.current())))
    response.mimetype = "application/pdf"
    response.headers["Content-Disposition"] = f'attachment; filename="cita-{code}.pdf"'
    return response


@bp.route("/ticket/<string:code>/calendario")
def download_calendar(code):
    appointment = _get(code)
    response = make_response(ticket_ics(appointment, Court.current()))
    response.mimetype = "text/calendar"
    response.headers["Content-Disposition"] = f'attachment; filename="cita-{code}.ics"'
    return response


def send_ticket_mail(appointment) -> None:
    """The ticket, right after booking: PDF and calendar file attached."""
    court = Court.current()
    data = ticket_data(appointment, court)
    _send(
        appointment, "appointments/ticket_mail.txt", data,
        f"Su cita {appointment.code}: {data.day}, {data.time}",
        [(f"cita-{appointment.code}.ics", ticket_ics(appointment, court), "text/calendar")],
    )  # fmt: skip


def send_reminder_mail(appointment) -> None:
    """The day-before reminder, with the ticket attached again."""
    data = ticket_data(appointment, Court.current())
    _send(
        appointment, "appointments/reminder_mail.txt", data,
        f"Recordatorio: su cita {appointment.code} es mañana a las {data.time[:5]}",
    )  # fmt: skip


def _send(appointment, template: str, data: TicketData, subject: str, more=()) -> None:
    links = {
        "ticket": external_url("appointments.show_ticket", code=appointment.code),
        "manage": external_url("appointments.manage", token=manage_token(appointment)),
    }
    pdf = (f"cita-{appointment.code}.pdf", ticket_pdf(data), "application/pdf")
    text = render_template(template, ticket=data, links=links)
    mailer.send(appointment.email, subject, text, attachments=[pdf, *more])
