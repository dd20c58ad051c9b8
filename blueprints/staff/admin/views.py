"""Administration: staff users and their roles, the audit log, the password policy."""

import csv
import io

from flask import Response, abort, flash, request, stream_with_context

from blueprints.actor import current_actor
from blueprints.htmx import redirect_to, render
from blueprints.query import page_number
from blueprints.staff.access import roles_required
from blueprints.staff.admin import bp
from blueprints.staff.admin.forms import (
    ROLE_HINTS,
    AuditFilterForm,
    MarginsForm,
    NewStaffForm,
    PolicyForm,
    QuotasForm,
    RolesForm,
    margin_field,
    margin_values,
    quota_values,
)
from blueprints.staff.csv_download import safe_cell
from domain.audit import AuditAction
from domain.clock import local_now, stamp, utc_span
from domain.passwords import POLICIES
from domain.roles import ADMIN, Role
from models import AuditEvent, Court, Sede, User
from services import appointments, audit, quotas, staff_users
from services.clock import utc_now
from services.staff_users import StaffRefusal

PAGE_SIZE = 50
FILTERS = ("accion", "actor", "desde", "hasta", "texto")  # the fields of AuditFilterForm


def _staff_or_404(user_id: int) -> User:
    return User.get_or_none((User.id == user_id) & User.is_staff) or abort(404)


# --- staff users ------------------------------------------------------------------------


@bp.route("/usuarios")
@roles_required(*ADMIN)
def list_staff():
    people = User.select().where(User.is_staff).order_by(User.active.desc(), User.full_name)
    return render("staff/admin/list_staff.html", "admin", people=list(people), roles=Role.choices())


@bp.route("/usuarios/nuevo", methods=["GET", "POST"])
@roles_required(*ADMIN)
def create_staff():
    """Nobody learns a password: the newcomer sets one through the recovery-code flow."""
    form = NewStaffForm()
    if form.validate_on_submit():
        try:
            person = staff_users.create_staff_user(
                form.email.data,
                form.full_name.data,
                form.roles.data,
                actor=current_actor(),
                now=utc_now(),
            )
        except StaffRefusal as refusal:
            form.email.errors.append(str(refusal))
        else:
            flash(
                f"Creamos la cuenta de {person.full_name}. Le enviamos un correo a "
                f"{person.email} para que elija su contraseña."
            )
            return redirect_to("staff.admin.list_staff")
    return render("staff/admin/create_staff.html", "admin", form=form, role_hints=ROLE_HINTS)


@bp.route("/usuarios/<int:user_id>/roles", methods=["GET", "POST"])
@roles_required(*ADMIN)
def change_roles(user_id):
    person = _staff_or_404(user_id)
    form = RolesForm() if request.method == "POST" else RolesForm(roles=sorted(person.role_set))
    # A role no screen opens yet stays listed for whoever already holds it, so saving keeps it.
    held = [
        role for role in Role if role in person.role_set and role.value not in form.roles.choices
    ]
    form.roles.choices = form.roles.choices | {role.value: role.label for role in held}
    if form.validate_on_submit():
        try:
            staff_users.change_roles(person, form.roles.data, actor=current_actor(), now=utc_now())
        except StaffRefusal as refusal:
            form.roles.errors.append(str(refusal))
        else:
            flash(f"Guardamos los roles de {person.full_name}.")
            return redirect_to("staff.admin.list_staff")
    return render(
        "staff/admin/change_roles.html", "admin", form=form, person=person, role_hints=ROLE_HINTS
    )


@bp.route("/usuarios/<int:user_id>/desactivar", methods=["GET", "POST"])
@roles_required(*ADMIN)
def deactivate_staff(user_id):
    person = _staff_or_404(user_id)
    try:
        if request.method != "POST":
            staff_users.check_can_deactivate(person, current_actor())
            return render("staff/admin/deactivate_staff.html", "admin", person=person)
        staff_users.deactivate_staff(person, actor=current_actor(), now=utc_now())
    except StaffRefusal as refusal:
        flash(str(refusal))
    else:
        flash(f"Desactivamos la cuenta de {person.full_name}: ya no puede ingresar.")
    return redirect_to("staff.admin.list_staff")


@bp.post("/usuarios/<int:user_id>/reactivar")
@roles_required(*ADMIN)
def reactivate_staff(user_id):
    person = _staff_or_404(user_id)
    staff_users.reactivate_staff(person, actor=current_actor(), now=utc_now())
    flash(f"La cuenta de {person.full_name} está activa: puede ingresar con su contraseña.")
    return redirect_to("staff.admin.list_staff")


# --- password policy --------------------------------------------------------------------


@bp.route("/configuracion", methods=["GET", "POST"])
@roles_required(*ADMIN)
def change_policy():
    policy = staff_users.password_policy()
    form = PolicyForm() if request.method == "POST" else PolicyForm(policy=policy)
    if form.validate_on_submit():
        if staff_users.change_password_policy(
            form.policy.data, actor=current_actor(), now=utc_now()
        ):
            flash("Guardamos la política. Se aplica a las contraseñas que se creen desde ahora.")
        else:
            flash("La política no cambió.")
        return redirect_to("staff.admin.change_policy")
    return _settings_page(form)


@bp.post("/configuracion/cupos")
@roles_required(*ADMIN)
def change_quotas():
    form = QuotasForm()
    if form.validate_on_submit():
        if quotas.change(quota_values(form), actor=current_actor(), now=utc_now()):
            flash("Guardamos los cupos de citas. Se aplican desde la próxima reserva.")
        else:
            flash("Los cupos de citas no cambiaron.")
        return redirect_to("staff.admin.change_policy")
    return _settings_page(quotas_form=form)


@bp.post("/configuracion/margenes")
@roles_required(*ADMIN)
def change_margins():
    sedes = _sedes()
    form = MarginsForm.of(sedes)
    if form.validate_on_submit():
        margins = margin_values(form, sedes)
        if appointments.change_outcome_margins(margins, actor=current_actor(), now=utc_now()):
            flash("Guardamos los márgenes. Se aplican desde la próxima marca en la mesa.")
        else:
            flash("Los márgenes no cambiaron.")
        return redirect_to("staff.admin.change_policy")
    return _settings_page(margins_form=form)


def _sedes() -> list[Sede]:
    return list(Sede.select().order_by(Sede.name))


def _settings_page(policy_form=None, quotas_form=None, margins_form=None):
    """The settings page: its three forms, each as sent (with its errors) or as saved."""
    quotas_texts = {name: str(value) for name, value in quotas.current().items()}
    sedes = _sedes()
    margins = {margin_field(s): str(s.outcome_margin_minutes) for s in sedes}
    return render(
        "staff/admin/change_policy.html",
        "admin",
        form=policy_form or PolicyForm(policy=staff_users.password_policy()),
        policies=POLICIES,
        quotas_form=quotas_form or QuotasForm(data=quotas_texts),
        margins_form=margins_form or MarginsForm.of(sedes, data=margins),
    )


# --- audit log --------------------------------------------------------------------------


def _audit_filters() -> tuple[AuditFilterForm, bool]:
    form = AuditFilterForm(request.args)
    actions = AuditEvent.select(AuditEvent.action).distinct().order_by(AuditEvent.action)
    labelled = {action: AuditAction.label_of(action) for (action,) in actions.tuples()}
    form.accion.choices = {"": "Todas"} | dict(sorted(labelled.items(), key=lambda item: item[1]))
    return form, form.validate()


def _audit_query(form: AuditFilterForm, timezone: str):
    query = AuditEvent.select()
    if form.accion.data:
        query = query.where(AuditEvent.action == form.accion.data)
    if form.actor.data:
        query = query.where(AuditEvent.actor_label.contains(form.actor.data.strip()))
    start, end = utc_span(timezone, form.desde.data, form.hasta.data)
    if start:  # stored as naive UTC
        query = query.where(AuditEvent.at >= start.replace(tzinfo=None))
    if end:
        query = query.where(AuditEvent.at < end.replace(tzinfo=None))
    if form.texto.data:
        query = query.where(AuditEvent.subject.contains(form.texto.data.strip()))
    return query.order_by(AuditEvent.at.desc(), AuditEvent.id.desc())


def _filter_args() -> dict:
    return {k: v for k, v in request.args.items() if k in FILTERS and v}


@bp.route("/auditoria")
@roles_required(*ADMIN)
def audit_log():
    form, valid = _audit_filters()
    timezone = Court.current().timezone
    rows, total = [], 0
    if valid:
        query = _audit_query(form, timezone)
        total = query.count()
    pages = max(1, -(-total // PAGE_SIZE))
    page = min(page_number("pagina"), pages)  # past the end: the last page
    if valid:
        rows = [(stamp(local_now(timezone, e.at)), e) for e in query.paginate(page, PAGE_SIZE)]
    return render(
        "staff/admin/audit_log.html",
        "admin",
        form=form,
        rows=rows,
        total=total,
        page=page,
        pages=pages,
        filters=_filter_args(),
    )


@bp.route("/auditoria/exportar")
@roles_required(*ADMIN)
def export_audit():
    """The filtered rows as CSV, streamed: the log can be long."""
    form, valid = _audit_filters()
    if not valid:
        return redirect_to("staff.admin.audit_log", **_filter_args())
    timezone = Court.current().timezone
    query = _audit_query(form, timezone)
    audit.log(current_actor(), "auditoria_exportada", utc_now(), detail=str(_filter_args()))
    response = Response(stream_with_context(_csv_lines(query, timezone)), mimetype="text/csv")
    response.headers["Content-Disposition"] = "attachment; filename=auditoria.csv"
    response.headers["Cache-Control"] = "no-store"
    return response


def _csv_lines(query, timezone: str):
    yield "\ufeff"  # so spreadsheet programs read the accents as UTF-8
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["fecha_hora_local", "accion", "actor", "asunto", "detalle", "ip"])
    yield _drain(buffer)
    for event in query.iterator():
        when = stamp(local_now(timezone, event.at))
        cells = [event.action, event.actor_label, event.subject, event.detail, event.ip]
        writer.writerow([when, *(_no_formula(cell) for cell in cells)])
        yield _drain(buffer)


def _drain(buffer: io.StringIO) -> str:
    text = buffer.getvalue()
    buffer.seek(0)
    buffer.truncate()
    return text


def _no_formula(text: str) -> str:
    """Typed by anyone (a login name, say): a spreadsheet must not run it as a formula."""
    return safe_cell(text)
