"""The ticket: HTML page, PDF and calendar file (their data and e-mails: services/tickets.py)."""

from flask import abort, make_response
from flask_login import current_user
from markupsafe import Markup

from blueprints.appointments import bp
from blueprints.htmx import render
from domain.identity import mask_email
from domain.qr import ticket_qr
from domain.states import FOR_CITIZEN, VOID
from models import Appointment, Court
from services.tickets import (
    current_version,
    ticket_data,
    ticket_ics,
    ticket_pdf_of,
    verification_link,
)


def _get(code: str):
    return Appointment.by_code(code) or abort(404)


@bp.route("/ticket/<string:code>")
def show_ticket(code):
    """Anyone holding the code may see the ticket, so it never links to cancelling it (that
    link travels only in the owner's e-mail); a void ticket shows no QR and no downloads."""
    appointment = _get(code)
    void = appointment.status in VOID
    moved_to = current_version(appointment) if void else None
    qr = None
    if not void:
        qr = Markup(
            ticket_qr(verification_link(appointment.code)).svg_inline(
                scale=5, omitsize=True, title=f"Código QR de la cita {appointment.code}"
            )
        )
    return render(
        "appointments/ticket.html",
        "step",
        appointment=appointment,
        ticket=ticket_data(appointment, Court.current()),
        qr=qr,
        void=void,
        state_text=FOR_CITIZEN[appointment.status],
        moved_to=moved_to if moved_to is not appointment else None,
        email=_shown_email(appointment),
    )


def _shown_email(appointment) -> str:
    """The ticket's address in full only to whoever is signed in with it, confirmed (as the
    account page's manage link); anyone else holding the code sees it masked."""
    user = current_user
    if user.is_authenticated and user.email_confirmed_at and user.email == appointment.email:
        return appointment.email
    return mask_email(appointment.email)


@bp.route("/ticket/<string:code>/pdf")
def download_ticket(code):
    appointment = _get(code)
    response = make_response(ticket_pdf_of(appointment))
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
