"""Opening an account and confirming its e-mail address."""

from flask import flash, redirect, url_for
from flask_login import current_user

from blueprints.accounts import bp
from blueprints.accounts.forms import EmailForm, RegisterForm
from blueprints.actor import current_actor
from blueprints.htmx import redirect_page, render
from domain.identity import ACCOUNT_DOCUMENTS
from domain.passwords import POLICIES, WeakPassword
from models import Court
from services import accounts, limits
from services.accounts import password_policy
from services.clock import utc_now


def document_choices() -> dict:
    return ACCOUNT_DOCUMENTS[Court.current().country]


@bp.route("/registro", methods=["GET", "POST"])
def register():
    form = RegisterForm()
    form.doc_type.choices = document_choices()
    valid = form.validate_on_submit()
    if form.is_submitted() and form.password.data and not form.password.errors:
        # Every rule the password breaks, with the form's other errors: one round trip.
        email = form.email.data or ""
        if found := accounts.password_problems(form.password.data, form.doc_number.data, email):
            form.password.errors.append(" ".join(found))
    if valid and not form.password.errors:
        applicant = accounts.NewAccount(
            email=form.email.data,
            doc_type=form.doc_type.data,
            doc_number=form.doc_number.data,
            birth_date=form.birth_date.data,
            names=form.names.data,
            surnames=form.surnames.data,
            phone=form.phone.data,
            password=form.password.data,
        )
        try:
            accounts.register(applicant, actor=current_actor(), now=utc_now())
        except limits.TooMany as refusal:
            form.form_errors.append(str(refusal))
        except WeakPassword as weak:
            form.password.errors.append(str(weak))
        else:  # the same answer whether or not the e-mail or document had an account
            return redirect_page("accounts.check_your_email")
    form.prepare_human_check()
    policy_text = POLICIES[password_policy()]
    return render("accounts/register.html", "register_form", form=form, policy_text=policy_text)


@bp.route("/revise-su-correo")
def check_your_email():
    return render("accounts/check_email.html", "main_block")


@bp.route("/confirmar/<string:token>")
def confirm_email(token):
    try:
        accounts.confirm_email(token, actor=current_actor(), now=utc_now())
    except accounts.LinkExpired:
        return render("accounts/confirm_problem.html", "main_block", expired=True, status=410)
    except accounts.LinkInvalid:
        return render("accounts/confirm_problem.html", "main_block", expired=False, status=404)
    except accounts.AddressTaken:
        return render(
            "accounts/confirm_problem.html", "main_block", expired=False, taken=True, status=409
        )
    flash("Su correo quedó confirmado.")
    return redirect(url_for("accounts.home" if current_user.is_authenticated else "accounts.login"))


@bp.route("/reenviar-confirmacion", methods=["GET", "POST"])
def resend_confirmation():
    form = EmailForm()
    if form.validate_on_submit():
        try:
            accounts.resend_confirmation(form.email.data, actor=current_actor(), now=utc_now())
        except limits.TooMany as refusal:
            form.form_errors.append(str(refusal))
        else:
            return redirect_page("accounts.check_your_email")
    form.prepare_human_check()
    return render("accounts/resend.html", "resend_form", form=form)
