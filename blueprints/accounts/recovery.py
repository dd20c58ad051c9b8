"""Password recovery pages: by a one-time e-mailed code, or by personal data (seed 003, b).

The use cases are in services/recovery.py; these pages keep what belongs to the browser: the
login typed on the first step, and the pass that matching personal data gives, both in the
session.
"""

from flask import flash, session

from blueprints.accounts import bp
from blueprints.accounts.profile import mask_email, mask_phone
from blueprints.accounts.profile_forms import (
    RecoverCodeForm,
    RecoverDataForm,
    RecoverRequestForm,
    RecoverResetForm,
)
from blueprints.accounts.register import document_choices
from blueprints.actor import current_actor
from blueprints.htmx import redirect_page, render
from domain.passwords import POLICIES, WeakPassword
from services import limits, recovery
from services.accounts import password_policy
from services.clock import utc_now


def _no_referrer(response):
    """Recovery pages must not leak their URL or form state to another site (OWASP)."""
    response.headers["Referrer-Policy"] = "no-referrer"
    return response


@bp.route("/recuperar", methods=["GET", "POST"])
def recover_request():
    form = RecoverRequestForm()
    if form.validate_on_submit():
        login = form.login.data.strip()
        try:
            recovery.request_code(login, actor=current_actor(), now=utc_now())
        except limits.TooMany as refusal:
            form.form_errors.append(str(refusal))
        else:
            session["recover_login"] = login
            flash(recovery.SENT)
            return _no_referrer(redirect_page("accounts.recover_code"))
    form.prepare_human_check()
    return _no_referrer(render("accounts/recover_request.html", "recover_form", form=form))


@bp.route("/recuperar/codigo", methods=["GET", "POST"])
def recover_code():
    form = RecoverCodeForm(login=session.get("recover_login", ""))
    if form.validate_on_submit():
        try:
            recovery.reset_with_code(
                form.login.data,
                form.code.data,
                form.password.data,
                actor=current_actor(),
                now=utc_now(),
            )
        except limits.TooMany as refusal:
            form.form_errors.append(str(refusal))
        except recovery.WrongCode as wrong:
            form.code.errors.append(str(wrong))
        except WeakPassword as weak:
            form.password.errors.append(str(weak))
        else:
            session.pop("recover_login", None)
            flash("Cambiamos su contraseña. Ingrese con la contraseña nueva.")
            return _no_referrer(redirect_page("accounts.login"))
    return _no_referrer(
        render(
            "accounts/recover_code.html",
            "code_form",
            form=form,
            minutes=recovery.CODE_MINUTES,
            tries=recovery.MAX_TRIES,
            policy_text=POLICIES[password_policy()],
        )
    )


@bp.route("/recuperar/datos", methods=["GET", "POST"])
def recover_data():
    form = RecoverDataForm()
    form.doc_type.choices = document_choices()
    if form.validate_on_submit():
        try:
            data_pass = recovery.match_personal_data(
                form.doc_type.data,
                form.doc_number.data,
                form.birth_date.data,
                form.names.data,
                form.surnames.data,
                actor=current_actor(),
                now=utc_now(),
            )
        except (limits.TooMany, recovery.NoMatch) as refusal:
            form.form_errors.append(str(refusal))
        else:
            session["recover_data"] = data_pass
            return _no_referrer(redirect_page("accounts.recover_reset"))
    form.prepare_human_check()
    return _no_referrer(render("accounts/recover_data.html", "data_form", form=form))


@bp.route("/recuperar/datos/nueva-contrasena", methods=["GET", "POST"])
def recover_reset():
    user = recovery.account_of_pass(session.get("recover_data", ""))
    if user is None:
        minutes = recovery.DATA_MINUTES
        flash(f"Por seguridad, escriba otra vez sus datos (valen {minutes} minutos).")
        return _no_referrer(redirect_page("accounts.recover_data"))
    form = RecoverResetForm()
    if form.validate_on_submit():
        try:
            done = recovery.recover_by_data(
                user,
                form.password.data,
                new_phone=form.new_phone.data or "",
                new_email=form.new_email.data or "",
                actor=current_actor(),
                now=utc_now(),
            )
        except WeakPassword as weak:
            form.password.errors.append(str(weak))
        else:
            session.pop("recover_data", None)
            if not done:
                return _no_referrer(redirect_page("accounts.recover_data"))  # used a moment ago
            flash("Cambiamos su contraseña. Ingrese con la contraseña nueva.")
            return _no_referrer(redirect_page("accounts.login"))
    contact = {"email": mask_email(user.email), "phone": mask_phone(user.phone)}
    return _no_referrer(
        render(
            "accounts/recover_reset.html",
            "reset_form",
            form=form,
            contact=contact,
            minutes=recovery.DATA_MINUTES,
            policy_text=POLICIES[password_policy()],
        )
    )
