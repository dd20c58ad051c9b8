"""Notifiers prepare a notification, preview it, issue it (or discard the draft), withdraw it
before it is available, and follow each addressee's instants and deemed status."""

from datetime import datetime

from flask import abort, flash, request

from blueprints.actor import current_actor
from blueprints.casilla_files import proof_pdf, stored_pdf
from blueprints.htmx import redirect_to, render
from blueprints.staff.access import roles_required
from blueprints.staff.notifications import bp
from blueprints.staff.notifications.forms import DeemedRuleForm, NotificationForm
from domain import casilla as rules
from domain.clock import local_now, stamp, to_utc
from domain.roles import ADMIN, NOTIFY
from models import Court, Dependencia, Notification, NotificationAnnex, NotificationDelivery
from services import audit, casilla, casilla_status
from services.clock import court_now, utc_now


@bp.route("/notificaciones")
@roles_required(*NOTIFY)
def list_notifications():
    """The latest notifications first, drafts included."""
    zone, now = Court.current().timezone, utc_now()
    latest = Notification.select(Notification, Dependencia).join(Dependencia)
    rows = [
        (n, stamp(local_now(zone, n.issued_at or n.created_at)), _state(n, now))
        for n in latest.order_by(Notification.created_at.desc(), Notification.id.desc()).limit(100)
    ]
    return render("staff/notifications/list_notifications.html", "notifications", rows=rows)


@bp.route("/notificaciones/nueva", methods=["GET", "POST"])
@roles_required(*NOTIFY)
def new_notification():
    form = NotificationForm()
    form.dependencia.choices = {
        str(d.id): d.name for d in Dependencia.select().order_by(Dependencia.name)
    }
    if form.validate_on_submit():
        people, available = _addressees(form), _scheduled(form)
        if not (form.addressees.errors or form.scheduled_time.errors):
            draft = _draft(form, available)
            try:
                notification_id = casilla.create_draft(
                    draft, form.document.data, form.annexes.data, people,
                    actor=current_actor(), now=utc_now(),
                )  # fmt: skip
            except casilla.FileRefused as refusal:
                getattr(form, refusal.field).errors = [str(refusal)]
            else:
                return redirect_to(
                    "staff.notifications.show_notification", notification_id=notification_id
                )
    return render("staff/notifications/new_notification.html", "new_notification", form=form)


@bp.route("/notificaciones/<int:notification_id>")
@roles_required(*NOTIFY)
def show_notification(notification_id):
    """A draft's preview, or an issued notification with each addressee's instants."""
    notification, now = _get(notification_id), utc_now()
    rule = casilla_status.deemed_rule()
    deliveries = [
        (d, casilla_status.status_of(d, now, rule)) for d in notification.ordered_deliveries()
    ]
    when = notification.available_at
    scheduled = stamp(local_now(Court.current().timezone, when)) if when else ""
    return render(
        "staff/notifications/show_notification.html", "notification",
        notification=notification, deliveries=deliveries, annexes=notification.ordered_annexes(),
        state=_state(notification, now), can_withdraw=notification.can_withdraw(now), rule=rule,
        scheduled=scheduled,
    )  # fmt: skip


@bp.post("/notificaciones/<int:notification_id>/emitir")
@roles_required(*NOTIFY)
def issue_notification(notification_id):
    notification = _get(notification_id)
    try:
        if casilla.issue(notification, actor=current_actor(), now=utc_now()):
            flash("Notificación emitida. Sus fechas ya no pueden cambiarse.")
    except casilla.Refused as refusal:
        flash(str(refusal))
    return redirect_to("staff.notifications.show_notification", notification_id=notification_id)


@bp.route("/notificaciones/<int:notification_id>/descartar", methods=["GET", "POST"])
@roles_required(*NOTIFY)
def discard_notification(notification_id):
    """Confirm, then delete a draft that was never issued."""
    notification = _get(notification_id)
    if not _confirmed():
        return _confirm(notification, "discard")
    if casilla.discard(notification, actor=current_actor(), now=utc_now()):
        flash("Borrador descartado.")
        return redirect_to("staff.notifications.list_notifications")
    flash("Ya fue emitida: no se descartó.")
    return redirect_to("staff.notifications.show_notification", notification_id=notification_id)


@bp.route("/notificaciones/<int:notification_id>/retirar", methods=["GET", "POST"])
@roles_required(*NOTIFY)
def withdraw_notification(notification_id):
    """Confirm, then withdraw it before it is available: its addressees never see it."""
    notification = _get(notification_id)
    if not _confirmed():
        return _confirm(notification, "withdraw")
    try:
        casilla.withdraw(notification, actor=current_actor(), now=utc_now())
        flash("Notificación retirada: sus destinatarios no la verán.")
    except casilla.Refused as refusal:
        flash(str(refusal))
    return redirect_to("staff.notifications.show_notification", notification_id=notification_id)


@bp.route("/notificaciones/<int:notification_id>/documento")
@roles_required(*NOTIFY)
def notification_document(notification_id):
    notification = _get(notification_id)
    return stored_pdf(notification.document_file, notification.document_name)


@bp.route("/notificaciones/<int:notification_id>/anexos/<int:position>")
@roles_required(*NOTIFY)
def notification_annex(notification_id, position):
    annex = NotificationAnnex.get_or_none(
        NotificationAnnex.notification == _get(notification_id).id,
        NotificationAnnex.position == min(position, 10**6),
    ) or abort(404)
    return stored_pdf(annex.file, annex.name)


@bp.route("/notificaciones/constancias/<int:delivery_id>")
@roles_required(*NOTIFY)
def notification_proof(delivery_id):
    # Issued and never withdrawn: a withdrawn one's proof would point its QR code at nothing.
    delivery = (
        NotificationDelivery.visible()
        .where(NotificationDelivery.id == min(delivery_id, 2**31 - 1))
        .first()
    ) or abort(404)
    now = utc_now()
    audit.log(current_actor(), "constancia_descargada", now, subject=delivery.code)
    return proof_pdf(casilla_status.proof(delivery, now), delivery.code)


@bp.route("/notificaciones/plazo", methods=["GET", "POST"])
@roles_required(*ADMIN)
def deemed_rule():
    """When an addressee who never opens a notification is deemed notified."""
    current = casilla_status.deemed_rule()
    form = DeemedRuleForm(data={"count": current.count.value, "days": str(current.days)})
    if form.validate_on_submit():
        rule = rules.DeemedRule(rules.DayCount(form.count.data), int(form.days.data))
        casilla_status.set_deemed_rule(rule, actor=current_actor(), now=utc_now())
        flash(f"Guardado: {rule.label}.")
        return redirect_to("staff.notifications.deemed_rule")
    return render("staff/notifications/deemed_rule.html", "deemed_rule", form=form, current=current)


def _get(notification_id: int) -> Notification:
    return Notification.get_or_none(Notification.id == min(notification_id, 2**31 - 1)) or abort(
        404
    )


def _state(notification: Notification, now: datetime) -> str:
    if notification.issued_at is None:
        return "Borrador"
    if notification.withdrawn_at is not None:
        return "Retirada"
    return "Disponible" if notification.available_at <= now else "Programada"


def _confirmed() -> bool:
    return request.method == "POST"


def _confirm(notification: Notification, action: str):
    return render(
        "staff/notifications/confirm.html", "confirm", notification=notification, action=action
    )


def _addressees(form) -> list:
    people, errors = [], []
    for line in form.addressees.data.splitlines():
        try:
            people.append(casilla.find_addressee(line))
        except casilla.AddresseeRefused as refusal:
            errors.append(str(refusal))
    if errors:
        form.addressees.errors = ["; ".join(errors)]
    return list({p.id: p for p in people}.values())


def _scheduled(form) -> datetime | None:
    """The UTC instant of a scheduled availability, checked against business hours."""
    if form.when.data != "programada":
        return None
    local = datetime.combine(form.scheduled_day.data, form.scheduled_time.data)
    try:
        rules.check_schedule(
            local, court_now(), casilla_status.national_holidays(local.date(), local.date())
        )
    except rules.NotWithinHours as refusal:
        form.scheduled_time.errors = [str(refusal)]
        return None
    return to_utc(Court.current().timezone, local.date(), local.time()).replace(tzinfo=None)


def _draft(form, available) -> casilla.Draft:
    return casilla.Draft(
        dependencia=Dependencia.get_by_id(int(form.dependencia.data)),
        case_number=form.case_number.data,
        act_kind=form.act_kind.data,
        resolution_number=form.resolution_number.data.strip(),
        resolution_date=form.resolution_date.data,
        summary=" ".join(form.summary.data.split()),
        available_at=available,
    )
