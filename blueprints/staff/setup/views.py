"""The first start (court profile, then the first sede), the court's profile and the sedes."""

from flask import flash, request

from blueprints.actor import current_actor
from blueprints.htmx import redirect_to, render
from blueprints.staff.access import roles_required
from blueprints.staff.setup import bp
from blueprints.staff.setup.forms import CourtProfileForm, NewSedeForm
from domain.court_profile import COUNTRIES, decides
from domain.roles import ADMIN
from models import Court, Sede
from services import court_settings, uploads
from services.clock import utc_now
from services.court_settings import SetupRefusal

# Where the sede edit screen lives (hours, slots, capacity, cut-offs: another screen's work).
SEDE_EDIT_PATH = "/personal/configuracion/sedes/{}"


def _after_save(setting_up: bool, endpoint: str):
    """During the first start a save goes back to the steps (which then show what comes
    next); afterwards, to `endpoint`."""
    return redirect_to("staff.setup.first_start" if setting_up else endpoint)


@bp.route("/primeros-pasos")
@roles_required(*ADMIN)
def first_start():
    """The steps of an empty court's set-up, and what comes next once they are done."""
    return render("staff/setup/first_start.html", "setup", progress=court_settings.progress())


@bp.route("/tribunal", methods=["GET", "POST"])
@roles_required(*ADMIN)
def court_profile():
    court = Court.saved()
    form = CourtProfileForm(obj=court) if court else CourtProfileForm(country="PE")
    setting_up = not court_settings.progress().done
    if form.validate_on_submit():
        try:
            logo = court_settings.save_logo(form.logo.data) if form.logo.data else None
        except uploads.Refused as refusal:
            form.logo.errors.append(str(refusal))
        else:
            saved = court_settings.save_profile(
                form.values(),
                logo=logo,
                drop_logo=form.drop_logo.data,
                actor=current_actor(),
                now=utc_now(),
            )
            flash("Guardamos los datos del tribunal. " + _what_the_country_did(court, saved))
            return _after_save(setting_up, "staff.setup.court_profile")
    hints = {code: decides(code) for code in COUNTRIES}
    return render("staff/setup/court_profile.html", "setup", form=form, court=court, hints=hints)


def _what_the_country_did(before: Court | None, after: Court) -> str:
    country = COUNTRIES[after.country]
    if before is None:
        return f"Cargamos los feriados nacionales {country.of_name} de este año y el próximo."
    if before.country != after.country:
        return (
            f"Cambió el país: cargue los feriados {country.of_name} en Cierres y revise los "
            "de antes."
        )
    return ""


@bp.route("/sedes")
@roles_required(*ADMIN)
def list_sedes():
    sedes = list(Sede.select().order_by(Sede.active.desc(), Sede.name))
    edit = {sede.id: SEDE_EDIT_PATH.format(sede.id) for sede in sedes}
    return render("staff/setup/list_sedes.html", "setup", sedes=sedes, edit=edit)


@bp.route("/sedes/nueva", methods=["GET", "POST"])
@roles_required(*ADMIN)
def create_sede():
    form = NewSedeForm()
    first = Sede.select().order_by(Sede.id).first()
    if request.method == "GET" and first:
        form.city.data = first.city  # a court's sedes mostly share one city
    setting_up = not court_settings.progress().done
    if form.validate_on_submit():
        try:
            sede = court_settings.create_sede(form.values(), actor=current_actor(), now=utc_now())
        except SetupRefusal as refusal:
            (getattr(form, refusal.field).errors if refusal.field else form.form_errors).append(
                str(refusal)
            )
        else:
            flash(f"Creamos la sede {sede.name}. Ahora dele su horario de atención y sus trámites.")
            return _after_save(setting_up, "staff.setup.list_sedes")
    return render(
        "staff/setup/create_sede.html", "setup", form=form, court_saved=Court.saved() is not None
    )
