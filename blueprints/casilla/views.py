"""The addressee's casilla: the inbox, one notification, its files and its proof; and the
public verification page of a proof. Someone else's notification is a 404, whatever is tried."""

from flask import abort, g, request
from flask_login import current_user, login_required

from blueprints.actor import current_actor
from blueprints.casilla import bp
from blueprints.casilla.forms import InboxFilterForm
from blueprints.casilla_files import proof_pdf, stored_pdf
from blueprints.htmx import render
from blueprints.query import page_number
from domain.casilla import ActKind
from domain.clock import local_now, stamp, utc_span
from domain.codes import normalize_code
from models import Court, Notification, NotificationAnnex, NotificationDelivery
from services import audit, casilla, limits
from services.casilla_status import proof, status_of, unread_badge
from services.clock import timestamp, utc_now

PER_PAGE = 30


@bp.app_context_processor
def unread_counter():
    """`casilla_unread()` for the page header; free while the person's counter is zero."""

    def count() -> int:
        if not current_user.is_authenticated:
            return 0
        if "casilla_unread" not in g:  # the header and a page may both ask
            g.casilla_unread = unread_badge(current_user, utc_now())
        return g.casilla_unread

    return {"casilla_unread": count, "ActKind": ActKind}


@bp.route("/casilla/")
@login_required
def inbox():
    """Newest first, filtered by read state, case number and date of availability."""
    form = InboxFilterForm(request.args)
    now, zone = utc_now(), Court.current().timezone
    query = NotificationDelivery.visible().where(
        NotificationDelivery.user == current_user.id, NotificationDelivery.available_at <= now
    )
    if form.validate():
        if form.estado.data == "no-leidas":
            query = query.where(NotificationDelivery.opened_at.is_null())
        elif form.estado.data == "leidas":
            query = query.where(NotificationDelivery.opened_at.is_null(False))
        typed = "".join((form.expediente.data or "").split()).upper()
        if typed:
            query = query.where(Notification.case_number.contains(typed))
        start, end = utc_span(zone, form.desde.data, form.hasta.data)
        if start:
            query = query.where(NotificationDelivery.available_at >= start.replace(tzinfo=None))
        if end:
            query = query.where(NotificationDelivery.available_at < end.replace(tzinfo=None))
    page = page_number("pagina")
    rows = list(
        query.order_by(
            NotificationDelivery.available_at.desc(), NotificationDelivery.id.desc()
        ).paginate(page, PER_PAGE + 1)
    )
    shown = [(d, stamp(local_now(zone, d.available_at))) for d in rows[:PER_PAGE]]
    return render(
        "casilla/inbox.html", "inbox", form=form, rows=shown, page=page,
        more=len(rows) > PER_PAGE, args=request.args.to_dict(),
    )  # fmt: skip


@bp.route("/casilla/<string:code>")
@login_required
def show_notification(code):
    """Opening it records the first opening (the content is shown from here on)."""
    delivery = _own(code)
    _record(delivery)
    notification = delivery.notification
    return render(
        "casilla/show_notification.html",
        "notification",
        delivery=delivery,
        notification=notification,
        annexes=notification.ordered_annexes(),
        instants=status_of(delivery, utc_now()),
    )


@bp.route("/casilla/<string:code>/documento")
@login_required
def notification_document(code):
    delivery = _own(code)
    _record(delivery)
    notification = delivery.notification
    return stored_pdf(notification.document_file, notification.document_name)


@bp.route("/casilla/<string:code>/anexos/<int:position>")
@login_required
def notification_annex(code, position):
    delivery = _own(code)
    annex = NotificationAnnex.get_or_none(
        NotificationAnnex.notification == delivery.notification_id,
        NotificationAnnex.position == min(position, 10**6),
    ) or abort(404)
    _record(delivery)
    return stored_pdf(annex.file, annex.name)


@bp.route("/casilla/<string:code>/constancia")
@login_required
def notification_proof(code):
    delivery = _own(code)
    now = utc_now()
    audit.log(current_actor(), "constancia_descargada", now, subject=delivery.code)
    return proof_pdf(proof(delivery, now), delivery.code)


@bp.route("/verificar/notificacion/<string:code>")
def verify_notification(code):
    """What a proof's QR code opens: that the notification exists, its hash and instants;
    never who it is for nor what it says."""
    try:
        limits.check(f"verify-notification:{request.remote_addr}", 60, 60, timestamp())
    except limits.TooMany:
        abort(429)
    now = utc_now()
    delivery = NotificationDelivery.public(normalize_code(code[:40]), now) or abort(404)
    return render(
        "casilla/verify_notification.html",
        "verification",
        delivery=delivery,
        notification=delivery.notification,
        annexes=delivery.notification.ordered_annexes(),
        instants=status_of(delivery, now),
    )


def _own(code: str) -> NotificationDelivery:
    return NotificationDelivery.of_user(current_user.id, code[:40], utc_now()) or abort(404)


def _record(delivery: NotificationDelivery) -> None:
    casilla.record_opening(
        delivery, actor=current_actor(), session_token=current_user.session_token, now=utc_now()
    )
