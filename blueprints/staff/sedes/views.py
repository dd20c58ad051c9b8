"""A sede's settings and opening hours, changed after a preview of the appointments it breaks."""

from flask import abort, current_app, flash, request, url_for

from blueprints.actor import current_actor
from blueprints.htmx import redirect_to, render
from blueprints.staff.access import roles_required
from blueprints.staff.sedes import bp
from blueprints.staff.sedes.forms import HOUR_LABELS, HOUR_PARTS, SedeForm
from domain import affected
from domain.clock import WEEKDAYS, hhmm, long_date
from domain.identity import mask, short_name
from domain.roles import ADMIN
from models import Sede
from services import sede_changes
from services.clock import utc_now
from services.sede_changes import AffectedChanged, CapacityBelowBooked

NOT_CARRIED = ("csrf_token", "seen")  # the confirmation page carries every other field


@bp.route("/configuracion/sedes/<int:sede_id>", methods=["GET", "POST"])
@roles_required(*ADMIN)
def edit(sede_id):
    sede = Sede.get_or_none(Sede.id == sede_id) or abort(404)
    if request.method == "POST":
        form = SedeForm()
    else:
        form = SedeForm.of(sede_changes.settings_of(sede))
    valid = form.validate_on_submit()
    if valid and form.settings() == sede_changes.settings_of(sede):
        flash("La sede no cambió.")
        return redirect_to("staff.sedes.edit", sede_id=sede.id)
    if valid:
        try:
            cancelled = sede_changes.change_sede(
                sede,
                form.settings(),
                seen=form.seen.data or "",
                actor=current_actor(),
                now=utc_now(),
            )
        except CapacityBelowBooked as refusal:
            form.capacity_per_slot.errors.append(str(refusal))
        except AffectedChanged as change:
            here = url_for("staff.sedes.edit", sede_id=sede.id)
            return confirm_page(change, form.seen.data, here, f"cambiar {sede.name}", here)
        else:
            flash(saved("Guardamos los cambios de la sede.", cancelled))
            return redirect_to("staff.sedes.edit", sede_id=sede.id)
    return _edit_page(form, sede)


def _edit_page(form: SedeForm, sede: Sede):
    return render(
        "staff/sedes/edit.html",
        "sedes",
        form=form,
        sede=sede,
        days=[(n, name.capitalize()) for n, name in enumerate(WEEKDAYS)],
        parts=HOUR_PARTS,
        labels=HOUR_LABELS,
    )


def saved(done: str, cancelled: list) -> str:
    """What the administrator reads after a change: what was cancelled, and when the other
    workers of the app see the change (they keep the set-up for SETUP_CACHE_SECONDS)."""
    seconds = int(current_app.config["SETUP_CACHE_SECONDS"])
    message = done
    if cancelled:
        message += f" Anulamos {len(cancelled)} citas y enviamos un correo a cada persona."
    if seconds:
        message += f" Las páginas de reserva lo muestran en {seconds} segundos como máximo."
    return message


def confirm_page(
    change: AffectedChanged, seen_before: str | None, action: str, what: str, back: str
):
    """The appointments a change would cancel, and the button that applies it: the same form
    again, every field carried, with the fingerprint of this list."""
    rows = [
        {
            "day": long_date(a.day),
            "time": f"{hhmm(a.starts)} a {hhmm(a.ends)}",
            "service": a.service.name,
            "sede": a.sede.name,
            "person": short_name(a.names, a.surnames),
            "document": mask(a.doc_number),
        }
        for a in change.appointments
    ]
    carried = [(k, v) for k, v in request.form.items(multi=True) if k not in NOT_CARRIED]
    return render(
        "staff/sedes/confirm_change.html",
        "sedes",
        rows=rows,
        carried=carried,
        seen=affected.digest(a.code for a in change.appointments),
        changed=bool(seen_before),
        action=action,
        what=what,
        back=back,
        cache_seconds=int(current_app.config["SETUP_CACHE_SECONDS"]),
    )
