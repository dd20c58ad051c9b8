"""The profile: personal data, e-mail change (confirmed), password change, legal person."""

from flask import flash
from flask_login import current_user, login_required

from blueprints.accounts import bp, log_in
from blueprints.accounts.profile_forms import (
    CompanyForm,
    ContactForm,
    EmailChangeForm,
    PasswordChangeForm,
    ProfileForm,
)
from blueprints.actor import current_actor
from blueprints.htmx import redirect_page, redirect_to, render
from domain.identity import mask
from domain.passwords import POLICIES, WeakPassword
from services import limits
from services import profile as profiles
from services.accounts import password_policy
from services.clock import utc_now


def mask_email(address: str) -> str:
    """'a•••@correo.pe': enough for the owner to recognise it, little for anyone else."""
    local, _, domain = address.partition("@")
    return f"{local[:1]}•••@{domain}"


def mask_phone(phone: str) -> str:
    return mask(phone) if phone else ""


def _refuse(form, refusal: Exception) -> None:
    """Show a refusal of a change that asked for the current password where it belongs."""
    if isinstance(refusal, profiles.WrongCurrentPassword):
        form.current_password.errors.append(str(refusal))
    else:  # limits.TooMany
        form.form_errors.append(str(refusal))


@bp.route("/perfil", methods=["GET", "POST"])
@login_required
def profile():
    user = current_user._get_current_object()
    names_locked = profiles.names_locked(user)
    form = (ContactForm if names_locked else ProfileForm)(obj=user)
    if form.validate_on_submit():
        changes = {field.name: field.data for field in form if field.name != "csrf_token"}
        profiles.update_profile(user, changes, actor=current_actor(), now=utc_now())
        flash("Guardamos sus datos.")
        return redirect_to("accounts.profile")
    return render(
        "accounts/profile.html", "profile", form=form, user=user, names_locked=names_locked
    )


@bp.route("/perfil/correo", methods=["GET", "POST"])
@login_required
def profile_email():
    user = current_user._get_current_object()
    form = EmailChangeForm()
    if form.validate_on_submit():
        try:
            address = profiles.change_email(
                user,
                form.current_password.data,
                form.email.data,
                actor=current_actor(),
                now=utc_now(),
            )
        except (limits.TooMany, profiles.WrongCurrentPassword) as refusal:
            _refuse(form, refusal)
        except profiles.SameEmail as same:
            form.email.errors.append(str(same))
        else:
            flash(f"Le enviamos un enlace a {address}. Su correo cambiará cuando lo abra.")
            return redirect_page("accounts.profile")
    return render("accounts/profile_email.html", "email_form", form=form, user=user)


@bp.route("/perfil/contrasena", methods=["GET", "POST"])
@login_required
def profile_password():
    user = current_user._get_current_object()
    form = PasswordChangeForm()
    if form.validate_on_submit():
        try:
            remember = profiles.change_password(
                user,
                form.current_password.data,
                form.password.data,
                actor=current_actor(),
                now=utc_now(),
            )
        except (limits.TooMany, profiles.WrongCurrentPassword) as refusal:
            _refuse(form, refusal)
        except WeakPassword as weak:
            form.password.errors.append(str(weak))
        else:
            log_in(user, remember=remember)  # this device's fresh sign-in
            flash("Cambiamos su contraseña y cerramos su sesión en los demás dispositivos.")
            return redirect_page("accounts.profile")
    return render(
        "accounts/profile_password.html",
        "password_form",
        form=form,
        policy_text=POLICIES[password_policy()],
    )


@bp.route("/perfil/empresa", methods=["GET", "POST"])
@login_required
def profile_company():
    user = current_user._get_current_object()
    form = CompanyForm(ruc=user.company_ruc or "", company_name=user.company_name)
    if form.validate_on_submit():
        name = profiles.set_legal_person(
            user, form.ruc.data, form.company_name.data, actor=current_actor(), now=utc_now()
        )
        flash(f"Ahora puede actuar por {name} (RUC {form.ruc.data}).")
        return redirect_page("accounts.profile")
    return render("accounts/profile_company.html", "company_form", form=form, user=user)
