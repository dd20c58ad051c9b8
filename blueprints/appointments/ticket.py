"""The ticket: HTML page, PDF and calendar file (their data and e-mails: services/tickets.py)."""

import segno
from flask import abort, make_response
from markupsafe import Markup

from blueprints.appointments import bp
from blueprints.htmx import render
from domain.pdf.ticket import ticket_pdf
from models import Appointment, Court
from services.tickets import manage_token, ticket_data, ticket_ics


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
        "appointments/ticket.html",
        "step",
        appointment=appointment,
        ticket=ticket_data(appointment, court),
        qr=qr,
        manage_token=manage_token(appointment),
    )


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
