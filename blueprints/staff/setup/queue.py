"""A sede's lobby queue, set up by an administrator: its kiosk terminals (a key shown once,
revocable), the call order, and each service's ticket letter. Windows and the services each
serves are edited on the windows' screens (catalog.py); this page links there."""

from flask import abort, current_app, flash, request

from blueprints.actor import current_actor
from blueprints.htmx import redirect_to, render
from blueprints.staff.access import roles_required
from blueprints.staff.setup import bp
from blueprints.staff.setup.forms import CallOrderForm, ConfirmForm, KioskForm
from domain.roles import ADMIN
from models import Sede, Service, Window
from models.queue import KioskDevice
from services import queue
from services.clock import utc_now
from services.queue import QueueError

LETTER_FIELD = "letra-{}"  # one text field per service of the sede


def _sede(sede_id: int) -> Sede:
    return Sede.get_or_none(Sede.id == sede_id) or abort(404)


@bp.route("/cola")
@roles_required(*ADMIN)
def queue_sedes():
    sedes = list(Sede.select().order_by(Sede.active.desc(), Sede.name))
    return render("staff/setup/queue_sedes.html", "setup", sedes=sedes)


@bp.route("/cola/<int:sede_id>")
@roles_required(*ADMIN)
def queue_setup(sede_id):
    sede = _sede(sede_id)
    order = CallOrderForm(formdata=None, every=sede.queue_priority_every)
    return _page(sede, KioskForm(formdata=None), order, {})


def _page(sede, kiosk_form, order_form, letter_errors, typed=None):
    services = list(Service.select().where(Service.sede == sede).order_by(Service.name))
    windows = list(sede.windows.order_by(Window.number))
    return render(
        "staff/setup/queue_setup.html",
        "setup",
        sede=sede,
        kiosks=KioskDevice.of_sede(sede),
        kiosk_form=kiosk_form,
        order_form=order_form,
        services=services,
        letters=queue.prefixes(sede),
        typed=typed or {s.id: s.queue_prefix for s in services},
        letter_errors=letter_errors,
        letter_field=LETTER_FIELD,
        windows=windows,
        serves={w.id: w.serves() for w in windows},
        listed={w.id: bool(w.service_ids()) for w in windows},
        kiosk_url=kiosk_url(sede),
    )


def kiosk_url(sede: Sede) -> str:
    base = current_app.config.get("PUBLIC_URL") or request.host_url
    return f"{base.rstrip('/')}/kiosk/?sede={sede.code}"


@bp.post("/cola/<int:sede_id>/quioscos")
@roles_required(*ADMIN)
def create_kiosk(sede_id):
    sede = _sede(sede_id)
    form = KioskForm()
    if not form.validate_on_submit():
        order = CallOrderForm(formdata=None, every=sede.queue_priority_every)
        return _page(sede, form, order, {})
    device, key = queue.create_kiosk(sede, form.name.data, actor=current_actor(), now=utc_now())
    # Shown on this answer only: the key is not stored (only its hash) nor put in a cookie.
    response = render(
        "staff/setup/create_kiosk.html",
        "setup",
        sede=sede,
        device=device,
        key=key,
        kiosk_url=kiosk_url(sede),
    )
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.route("/cola/quioscos/<int:device_id>/revocar", methods=["GET", "POST"])
@roles_required(*ADMIN)
def revoke_kiosk(device_id):
    device = KioskDevice.get_or_none(KioskDevice.id == device_id) or abort(404)
    form = ConfirmForm()
    if form.validate_on_submit():
        if queue.revoke_kiosk(device, actor=current_actor(), now=utc_now()):
            flash(f"Revocamos la clave del terminal «{device.name}»: ya no da turnos.")
        else:
            flash(f"La clave del terminal «{device.name}» ya estaba revocada.")
        return redirect_to("staff.setup.queue_setup", sede_id=device.sede_id)
    return render("staff/setup/revoke_kiosk.html", "setup", device=device, form=form)


@bp.post("/cola/<int:sede_id>/orden")
@roles_required(*ADMIN)
def change_call_order(sede_id):
    sede = _sede(sede_id)
    form = CallOrderForm()
    if not form.validate_on_submit():
        return _page(sede, KioskForm(formdata=None), form, {})
    try:
        changed = queue.set_call_order(sede, form.every.data, actor=current_actor(), now=utc_now())
    except QueueError as refusal:
        form.every.errors = [str(refusal)]
        return _page(sede, KioskForm(formdata=None), form, {})
    flash("Guardamos el orden de llamada." if changed else "El orden de llamada no cambió.")
    return redirect_to("staff.setup.queue_setup", sede_id=sede.id)


@bp.post("/cola/<int:sede_id>/letras")
@roles_required(*ADMIN)
def change_letters(sede_id):
    sede = _sede(sede_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    services = Service.select(Service.id).where(Service.sede == sede)
    typed = {s.id: request.form.get(LETTER_FIELD.format(s.id), "")[:10] for s in services}
    try:
        changed = queue.set_prefixes(sede, typed, actor=current_actor(), now=utc_now())
    except QueueError as refusal:
        order = CallOrderForm(formdata=None, every=sede.queue_priority_every)
        key = int(refusal.field) if refusal.field.isdigit() else 0
        return _page(sede, KioskForm(formdata=None), order, {key: str(refusal)}, typed)
    flash("Guardamos las letras de los turnos." if changed else "Las letras no cambiaron.")
    return redirect_to("staff.setup.queue_setup", sede_id=sede.id)
