"""The profile: personal data, e-mail change (confirmed), password change, legal person."""

from flask import flash
from flask_login import current_user, login_required

from blueprints.accounts import bp, signin
from blueprints.accounts.profile_forms import (
    CompanyForm,
    ContactForm,
    EmailChangeForm,
    PasswordChangeForm,
    ProfileForm,
)
from blueprints.accounts.register import password_policy, send_confirmation
from blueprints.htmx import redirect_page, redirect_to, render
from db import write_transaction
from domain.clock import stamp
from domain.identity import mask
from domain.passwords import POLICIES, WeakPassword, check_password
from domain.states import IdentityStatus
from models import OneTimeCode, User, UserSession
from models.accounts import token_hash
from services import audit, limits
from services.clock import court_now, timestamp, utc_now
from services.notify import notify

# A verifier approved (or is judging) these names: changing them would void the verification.
NAMES_LOCKED = (IdentityStatus.PENDIENTE, IdentityStatus.APROBADA)
CURRENT_PASSWORD_TRIES = 10  # per account and hour: a stolen session is no password oracle
WRONG_CURRENT = "La contraseña actual no es correcta"


def password_context(user: User) -> tuple[str, ...]:
    """Words a password of `user` must not contain."""
    return (user.doc_number or "", user.email, user.email.split("@")[0], "ventanilla")


def mask_email(address: str) -> str:
    """'a•••@correo.pe': enough for the owner to recognise it, little for anyone else."""
    local, _, domain = address.partition("@")
    return f"{local[:1]}•••@{domain}"


def mask_phone(phone: str) -> str:
    return mask(phone) if phone else ""


def replace_password(user: User, password: str, keep: str | None = None) -> None:
    """Set a new password, end every other sign-in, spend recovery codes, lift a lock."""
    now = utc_now()
    user.set_password(password)  # argon2 outside the transaction: it takes ~20 ms
    with write_transaction():
        User.update(password_hash=user.password_hash, locked_until=None).where(
            User.id == user.id
        ).execute()
        OneTimeCode.update(expires_at=now).where(
            (OneTimeCode.user == user.id) & OneTimeCode.used_at.is_null()
        ).execute()
        user.end_all_sessions(now, keep=keep)
    signin.forget_failures(user)


def notify_password_changed(user: User, how: str) -> None:
    notify(user.email, "password_changed", user=user, how=how, when=stamp(court_now()))


def request_email_change(user: User, address: str) -> None:
    """Keep `address` pending and send it a link; if another account has it, only warn it."""
    other = User.by_email(address)
    if other and other.id != user.id:
        audit.record("cambio_de_correo_repetido", subject=address, actor=user)
        notify(address, "email_in_use", user=other)
        return
    User.update(pending_email=address).where(User.id == user.id).execute()
    user.pending_email = address
    send_confirmation(user, address)


def _current_password_ok(user: User, form) -> bool:
    try:
        limits.check(f"current-password:{user.id}", CURRENT_PASSWORD_TRIES, 3600, timestamp())
    except limits.TooMany as refusal:
        form.form_errors.append(str(refusal))
        return False
    if user.check_password(form.current_password.data):
        return True
    audit.record("contrasena_actual_incorrecta", subject=user.email, actor=user)
    form.current_password.errors.append(WRONG_CURRENT)
    return False


@bp.route("/perfil", methods=["GET", "POST"])
@login_required
def profile():
    user = current_user._get_current_object()
    names_locked = user.identity_status in NAMES_LOCKED
    form = (ContactForm if names_locked else ProfileForm)(obj=user)
    if form.validate_on_submit():
        changed = [
            f.name for f in form if f.name != "csrf_token" and f.data != getattr(user, f.name)
        ]
        form.populate_obj(user)
        user.full_name = f"{user.names} {user.surnames}".strip() or user.full_name
        user.save(only=[User.names, User.surnames, User.full_name, User.phone, User.address])
        audit.record("perfil", subject=user.email, detail=", ".join(changed))
        flash("Guardamos sus datos.")
        return redirect_to("accounts.profile")
    return render("accounts/profile.html", "profile", form=form, user=user,
                  names_locked=names_locked)  # fmt: skip


@bp.route("/perfil/correo", methods=["GET", "POST"])
@login_required
def profile_email():
    user = current_user._get_current_object()
    form = EmailChangeForm()
    if form.validate_on_submit() and _current_password_ok(user, form):
        address = form.email.data.strip().lower()
        if address == user.email:
            form.email.errors.append("Ese ya es su correo. Escriba el correo nuevo")
        else:
            request_email_change(user, address)
            notify(user.email, "email_change", user=user, new=address)
            audit.record("cambio_de_correo_pedido", subject=user.email, detail=address)
            flash(f"Le enviamos un enlace a {address}. Su correo cambiará cuando lo abra.")
            return redirect_page("accounts.profile")
    return render("accounts/profile_email.html", "email_form", form=form, user=user)


@bp.route("/perfil/contrasena", methods=["GET", "POST"])
@login_required
def profile_password():
    user = current_user._get_current_object()
    form = PasswordChangeForm()
    if form.validate_on_submit() and _current_password_ok(user, form):
        try:
            check_password(form.password.data, password_policy(), password_context(user))
        except WeakPassword as weak:
            form.password.errors.append(str(weak))
        else:
            # Every sign-in ends, this one too, and this device gets a fresh one: a copy of
            # the old cookie stops working here as well.
            remember = UserSession.get_or_none(
                UserSession.token_hash == token_hash(user.session_token or "")
            )
            replace_password(user, form.password.data)
            signin.sign_in(user, remember=bool(remember and remember.remember))
            notify_password_changed(user, "desde su perfil")
            audit.record("cambio_de_contrasena", subject=user.email)
            flash("Cambiamos su contraseña y cerramos su sesión en los demás dispositivos.")
            return redirect_page("accounts.profile")
    return render("accounts/profile_password.html", "password_form", form=form,
                  policy_text=POLICIES[password_policy()])  # fmt: skip


@bp.route("/perfil/empresa", methods=["GET", "POST"])
@login_required
def profile_company():
    user = current_user._get_current_object()
    form = CompanyForm(ruc=user.company_ruc or "", company_name=user.company_name)
    if form.validate_on_submit():
        name = " ".join(form.company_name.data.split())
        User.update(company_ruc=form.ruc.data, company_name=name).where(
            User.id == user.id
        ).execute()
        audit.record("persona_juridica", subject=user.email, detail=f"RUC {form.ruc.data} {name}")
        flash(f"Ahora puede actuar por {name} (RUC {form.ruc.data}).")
        return redirect_page("accounts.profile")
    return render("accounts/profile_company.html", "company_form", form=form, user=user)
