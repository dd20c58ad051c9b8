"""Opening an account and confirming its e-mail address."""

from flask import current_app, flash, redirect, url_for
from flask_login import current_user
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from peewee import IntegrityError

from blueprints.accounts import bp
from blueprints.accounts.forms import EmailForm, RegisterForm
from blueprints.accounts.signin import client_address
from blueprints.htmx import redirect_page, render
from db import write_transaction
from domain.identity import ACCOUNT_DOCUMENTS
from domain.passwords import POLICIES, WeakPassword, check_password
from models import Court, User
from models.security import Setting
from services import audit, limits
from services.clock import timestamp, utc_now
from services.notify import notify

CONFIRM_HOURS = 48
REGISTRATIONS_PER_HOUR = 10  # per address


def _signer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.secret_key, salt="confirmar-correo")


def password_policy() -> str:
    return Setting.read("password_policy", "seed001")


def document_choices() -> dict:
    return ACCOUNT_DOCUMENTS[Court.current().country]


@bp.route("/registro", methods=["GET", "POST"])
def register():
    form = RegisterForm()
    form.doc_type.choices = document_choices()
    if form.validate_on_submit():
        try:
            limits.check(
                f"register-ip:{client_address()}", REGISTRATIONS_PER_HOUR, 3600, timestamp()
            )
            check_password(form.password.data, password_policy(), _context(form))
        except limits.TooMany as refusal:
            form.form_errors.append(str(refusal))
        except WeakPassword as weak:
            form.password.errors.append(str(weak))
        else:
            _open_account_or_warn_owner(form)
            return redirect_page("accounts.check_your_email")
    form.prepare_human_check()
    policy_text = POLICIES[password_policy()]
    return render("accounts/register.html", "register_form", form=form, policy_text=policy_text)


def _context(form) -> tuple[str, ...]:
    email = form.email.data or ""
    return (form.doc_number.data or "", email, email.split("@")[0], "ventanilla")


def _open_account_or_warn_owner(form) -> None:
    """The same answer whether or not the e-mail or document already has an account."""
    existing = User.by_email(form.email.data) or User.by_document(
        form.doc_type.data, form.doc_number.data
    )
    if existing:
        audit.record("registro_repetido", subject=form.email.data.lower(), actor=existing)
        notify(existing.email, "already_registered", user=existing)
        return
    user = User(
        email=form.email.data.strip().lower(), doc_type=form.doc_type.data,
        doc_number=form.doc_number.data, birth_date=form.birth_date.data,
        names=" ".join(form.names.data.split()), surnames=" ".join(form.surnames.data.split()),
        phone=form.phone.data, created_at=utc_now(), privacy_accepted_at=utc_now(),
    )  # fmt: skip
    user.full_name = f"{user.names} {user.surnames}"
    user.set_password(form.password.data)
    user.save()
    audit.record("registro", subject=user.email, actor=user)
    send_confirmation(user, user.email)


def send_confirmation(user, address: str) -> None:
    token = _signer().dumps({"id": user.id, "email": address})
    notify(address, "confirm_email", user=user, token=token, hours=CONFIRM_HOURS)


@bp.route("/revise-su-correo")
def check_your_email():
    return render("accounts/check_email.html", "main_block")


@bp.route("/confirmar/<string:token>")
def confirm_email(token):
    try:
        data = _signer().loads(token, max_age=CONFIRM_HOURS * 3600)
    except SignatureExpired:
        return render("accounts/confirm_problem.html", "main_block", expired=True, status=410)
    except BadSignature:
        return render("accounts/confirm_problem.html", "main_block", expired=False, status=404)
    user = User.get_or_none(User.id == data["id"])
    if user is None or data["email"] not in (user.email, user.pending_email):
        return render("accounts/confirm_problem.html", "main_block", expired=False, status=404)
    if not confirm_address(user, data["email"]):
        return render("accounts/confirm_problem.html", "main_block", expired=False, taken=True,
                      status=409)  # fmt: skip
    flash("Su correo quedó confirmado.")
    return redirect(url_for("accounts.home" if current_user.is_authenticated else "accounts.login"))


def confirm_address(user, address: str) -> bool:
    """Mark the address confirmed (a new one replaces the old) and give the casillero.

    False when another account took the new address in the meantime.
    """
    changes = {User.email_confirmed_at: utc_now(), User.pending_email: None}
    if address != user.email:
        changes[User.email] = address
    if not user.casillero:
        changes[User.casillero] = f"{100000 + user.id}"
    try:
        with write_transaction():
            User.update(changes).where(User.id == user.id).execute()
    except IntegrityError:
        return False
    audit.record("correo_confirmado", subject=address, actor=user)
    return True


@bp.route("/reenviar-confirmacion", methods=["GET", "POST"])
def resend_confirmation():
    form = EmailForm()
    if form.validate_on_submit():
        try:
            limits.check(f"resend-ip:{client_address()}", 5, 3600, timestamp())
        except limits.TooMany as refusal:
            form.form_errors.append(str(refusal))
        else:
            user = User.by_email(form.email.data)
            if user and not user.email_confirmed:
                send_confirmation(user, user.email)
            return redirect_page("accounts.check_your_email")
    form.prepare_human_check()
    return render("accounts/resend.html", "resend_form", form=form)
