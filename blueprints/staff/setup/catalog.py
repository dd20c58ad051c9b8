"""What the sedes offer: services (trámites), windows (ventanillas) and dependencias."""

from flask import abort, flash, request

from blueprints.actor import current_actor
from blueprints.htmx import redirect_to, render
from blueprints.staff.access import roles_required
from blueprints.staff.sedes.forms import HOUR_LABELS, HOUR_PARTS
from blueprints.staff.setup import bp
from blueprints.staff.setup.forms import DependenciaForm, ServiceForm, WindowForm
from domain.clock import WEEKDAYS
from domain.filings import DEFAULT_RECEPTION_WORDS
from domain.roles import ADMIN
from models import Dependencia, ReceptionHours, Sede, Service, Window
from services import court_settings
from services.clock import utc_now
from services.court_settings import SetupRefusal


def _sede_choices() -> dict[str, str]:
    return {str(s.id): s.name for s in Sede.select().order_by(Sede.active.desc(), Sede.name)}


def _refused(form, refusal: SetupRefusal) -> None:
    field = getattr(form, refusal.field, None) if refusal.field else None
    (field.errors if field is not None else form.form_errors).append(str(refusal))


# --- services ------------------------------------------------------------------------------


@bp.route("/servicios")
@roles_required(*ADMIN)
def list_services():
    return render(
        "staff/setup/list_services.html", "setup", services=court_settings.services_by_code()
    )


@bp.route("/servicios/nuevo", methods=["GET", "POST"])
@roles_required(*ADMIN)
def create_service():
    return _service_page(ServiceForm(), code=None)


@bp.route("/servicios/<string:code>", methods=["GET", "POST"])
@roles_required(*ADMIN)
def edit_service(code):
    rows = court_settings.services_by_code().get(code) or abort(404)
    form = ServiceForm(obj=rows[0]) if request.method == "GET" else ServiceForm(code=code)
    if request.method == "GET":
        form.sedes.data = [str(row.sede_id) for row in rows if row.active]
    form.code.data = code  # the code stays: appointments and windows refer to it
    form.code.validators = ()
    return _service_page(form, code=code)


def _service_page(form: ServiceForm, code: str | None):
    form.sedes.choices = _sede_choices()
    if form.validate_on_submit():
        if code is None and not form.sedes.data:
            form.sedes.errors.append("Elija al menos una sede que ofrezca el trámite")
        else:
            try:
                court_settings.save_service(
                    form.code.data,
                    form.values(),
                    {int(sede_id) for sede_id in form.sedes.data},
                    new=code is None,
                    actor=current_actor(),
                    now=utc_now(),
                )
            except SetupRefusal as refusal:
                _refused(form, refusal)
            else:
                flash(f"Guardamos el trámite {form.name.data}.")
                return redirect_to("staff.setup.list_services")
    return render("staff/setup/service.html", "setup", form=form, code=code)


# --- windows -------------------------------------------------------------------------------


@bp.route("/ventanillas")
@roles_required(*ADMIN)
def list_windows():
    sedes = list(Sede.select().order_by(Sede.active.desc(), Sede.name))
    windows = {sede.id: list(sede.windows.order_by(Window.number)) for sede in sedes}
    every = [window for rows in windows.values() for window in rows]
    return render(
        "staff/setup/list_windows.html",
        "setup",
        sedes=sedes,
        windows=windows,
        serves={window.id: window.serves() for window in every},
        listed={window.id: bool(window.service_ids()) for window in every},
    )


@bp.route("/ventanillas/nueva/<int:sede_id>", methods=["GET", "POST"])
@roles_required(*ADMIN)
def create_window(sede_id):
    sede = Sede.get_or_none(Sede.id == sede_id) or abort(404)
    form = WindowForm()
    if request.method == "GET":
        taken = [w.number for w in sede.windows]
        form.number.data = str(max(taken, default=0) + 1)
    return _window_page(form, Window(sede=sede))


@bp.route("/ventanillas/<int:window_id>", methods=["GET", "POST"])
@roles_required(*ADMIN)
def edit_window(window_id):
    window = Window.get_or_none(Window.id == window_id) or abort(404)
    form = WindowForm(obj=window) if request.method == "GET" else WindowForm()
    if request.method == "GET":
        form.number.data = str(window.number)
        form.services.data = [str(i) for i in window.service_ids()]
    return _window_page(form, window)


def _window_page(form: WindowForm, window: Window):
    services = window.sede.services.order_by(Service.active.desc(), Service.name)
    form.services.choices = {
        str(s.id): s.name + ("" if s.active else " (no se ofrece)") for s in services
    }
    if form.validate_on_submit():
        try:
            court_settings.save_window(
                window,
                form.values(),
                {int(i) for i in form.services.data},
                actor=current_actor(),
                now=utc_now(),
            )
        except SetupRefusal as refusal:
            _refused(form, refusal)
        else:
            flash(f"Guardamos la {window.label} de {window.sede.name}.")
            return redirect_to("staff.setup.list_windows")
    return render("staff/setup/window.html", "setup", form=form, window=window)


# --- dependencias --------------------------------------------------------------------------


@bp.route("/dependencias")
@roles_required(*ADMIN)
def list_dependencias():
    rows = Dependencia.select().order_by(Dependencia.active.desc(), Dependencia.code)
    sedes = {s.id: s.name for s in Sede.select()}
    return render("staff/setup/list_dependencias.html", "setup", rows=list(rows), sedes=sedes)


@bp.route("/dependencias/nueva", methods=["GET", "POST"])
@roles_required(*ADMIN)
def create_dependencia():
    return _dependencia_page(DependenciaForm(), Dependencia())


@bp.route("/dependencias/<int:dependencia_id>", methods=["GET", "POST"])
@roles_required(*ADMIN)
def edit_dependencia(dependencia_id):
    row = Dependencia.get_or_none(Dependencia.id == dependencia_id) or abort(404)
    form = DependenciaForm(obj=row) if request.method == "GET" else DependenciaForm()
    if request.method == "GET":
        form.sede.data = str(row.sede_id or "")
        form.fill_hours(ReceptionHours.of(row))
    return _dependencia_page(form, row)


def _dependencia_page(form: DependenciaForm, row: Dependencia):
    form.sede.choices = {"": "Ninguna: atiende a toda la corte"} | _sede_choices()
    if form.validate_on_submit():
        try:
            court_settings.save_dependencia(
                row, form.values(), actor=current_actor(), now=utc_now()
            )
        except SetupRefusal as refusal:
            _refused(form, refusal)
        else:
            flash(f"Guardamos la dependencia {row.code}.")
            return redirect_to("staff.setup.list_dependencias")
    return render(
        "staff/setup/dependencia.html",
        "setup",
        form=form,
        row=row,
        days=[(n, name.capitalize()) for n, name in enumerate(WEEKDAYS)],
        parts=HOUR_PARTS,
        labels=HOUR_LABELS,
        default_hours=DEFAULT_RECEPTION_WORDS,
    )
