"""The ticket: its data and files (PDF, .ics), the e-mails that carry them, the reminders."""

from datetime import UTC, timedelta
from email.utils import parseaddr

from flask import current_app
from itsdangerous import URLSafeTimedSerializer

from domain import clock
from domain.ics import appointment_ics
from domain.identity import DOCUMENT_TYPES, mask
from domain.pdf.ticket import TicketData, ticket_pdf
from domain.states import VOID_MARK, AppointmentStatus
from models import Appointment, Court
from services.court_settings import court_logo
from services.notify import attachment, notify, public_url


def signer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.secret_key, salt="gestionar-cita")


def manage_token(appointment) -> str:
    """The signed part of the e-mail's link to cancel or reschedule."""
    return signer().dumps(appointment.code)


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
        void=VOID_MARK.get(appointment.status, ""),
        qr=verification_link(appointment.code),
        created=appointment.issued_at.replace(tzinfo=UTC),
    )


def verification_link(code: str) -> str:
    """What the ticket's QR code holds: its public verification page (a desk scanner typing
    it into the day list's search still finds the appointment: domain.codes reads the code)."""
    return public_url("consultas.show_document", kind="cita", code=code)


def current_version(appointment):
    """The appointment a moved one ended up as (itself when it was not moved)."""
    while appointment.status == AppointmentStatus.REPROGRAMADA:
        moved_to = appointment.replacement
        if moved_to is None:
            break
        appointment = moved_to
    return appointment


def ticket_ics(appointment, court) -> bytes:
    """The calendar event: of the current version for a moved appointment, its cancellation
    for a cancelled one; every version keeps the first booking's UID with a higher SEQUENCE."""
    appointment = current_version(appointment)
    sede, service = appointment.sede, appointment.service
    earlier = appointment.earlier_versions()
    cancelled = appointment.status == AppointmentStatus.ANULADA
    stamped = appointment.status_changed_at if cancelled else appointment.issued_at
    return appointment_ics(
        uid=earlier[-1].code if earlier else appointment.code,
        sequence=len(earlier) + cancelled,
        cancelled=cancelled,
        starts_utc=clock.to_utc(court.timezone, appointment.day, appointment.starts),
        ends_utc=clock.to_utc(court.timezone, appointment.day, appointment.ends),
        stamped_utc=stamped.replace(tzinfo=UTC),
        summary=f"Cita en mesa de partes: {service.name}",
        location=f"{sede.name}, {sede.address}, {sede.district}",
        description=f"Código de la cita: {appointment.code}\nQué traer: {service.what_to_bring}",
        organizer=parseaddr(current_app.config["MAIL_SENDER"])[1],
    )


def ticket_pdf_of(appointment) -> bytes:
    """The ticket's PDF, headed by the court's logo when it has one."""
    court = Court.current()
    return ticket_pdf(ticket_data(appointment, court), court_logo(court))


@attachment("ticket_pdf")
def ticket_pdf_file(code: str) -> tuple[str, bytes, str]:
    return f"cita-{code}.pdf", ticket_pdf_of(Appointment.by_code(code)), "application/pdf"


@attachment("ticket_ics")
def ticket_ics_file(code: str) -> tuple[str, bytes, str]:
    appointment = Appointment.by_code(code)
    return f"cita-{code}.ics", ticket_ics(appointment, Court.current()), "text/calendar"


def send_ticket_mail(appointment) -> None:
    """The ticket, right after booking: PDF and calendar file attached."""
    code = appointment.code
    notify(
        appointment.email,
        "ticket",
        ticket=ticket_data(appointment, Court.current()),
        token=manage_token(appointment),
        attachments=[("ticket_pdf", code), ("ticket_ics", code)],
    )


def send_reschedule_mail(old, new) -> None:
    """The change, right after a move: from which time to which, the new ticket and the
    calendar file that updates the same event."""
    court = Court.current()
    notify(
        new.email,
        "rescheduled",
        before=ticket_data(old, court),
        ticket=ticket_data(new, court),
        token=manage_token(new),
        attachments=[("ticket_pdf", new.code), ("ticket_ics", new.code)],
    )


def send_cancellation_mail(appointment) -> None:
    """Whoever cancelled, the person hears of it, with the file that removes the event."""
    notify(
        appointment.email,
        "cancelled",
        ticket=ticket_data(appointment, Court.current()),
        attachments=[("ticket_ics", appointment.code)],
    )


def send_cancelled_by_court_mail(appointment, reason: str) -> None:
    """The court cancelled it (a closure, shorter hours): why, the file that removes the event,
    and where to book another time."""
    notify(
        appointment.email,
        "cancelled_by_court",
        ticket=ticket_data(appointment, Court.current()),
        reason=reason,
        attachments=[("ticket_ics", appointment.code)],
    )


def send_reminder_mail(appointment) -> None:
    """The day-before reminder, with the ticket attached again."""
    notify(
        appointment.email,
        "reminder",
        ticket=ticket_data(appointment, Court.current()),
        token=manage_token(appointment),
        attachments=[("ticket_pdf", appointment.code)],
    )


def send_reminders(now) -> int:
    """E-mail the appointments of the court's tomorrow (as of `now`, UTC) that were not
    reminded yet; how many. Each appointment is claimed before its mail is queued, so two
    runs at the same time remind it once."""
    tomorrow = Court.current().local_time(now).date() + timedelta(days=1)
    sent = 0
    for appointment in Appointment.needing_reminder(tomorrow):
        if appointment.claim_reminder(now):
            send_reminder_mail(appointment)
            sent += 1
    return sent
