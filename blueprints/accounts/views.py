"""Sign in, sign out (here or everywhere) and the account's home page."""

from flask import current_app, flash, redirect, request, url_for
from flask_login import current_user, login_required

from blueprints.accounts import bp, log_in, log_out
from blueprints.accounts.forms import LoginForm
from blueprints.accounts.recovery import asked_at
from blueprints.actor import current_actor
from blueprints.htmx import redirect_url, render
from blueprints.next_url import same_site_path
from models import Appointment
from services import limits, recovery_by_data, signin
from services.clock import utc_now
from services.tickets import manage_token


@bp.route("/ingresar", methods=["GET", "POST"])
def login():
    form = LoginForm()
    if form.validate_on_submit():
        remember = form.remember.data
        try:
            user = signin.sign_in(
                form.login.data,
                form.password.data,
                remember=remember,
                actor=current_actor(),
                now=utc_now(),
                device=request.cookies.get(signin.DEVICE_COOKIE),
            )
        except limits.TooMany as too_many:
            return render(
                "accounts/login.html", "login_form", form=form, refusal=str(too_many), status=429
            )
        except signin.SignInRefused as refusal:
            form.form_errors.append(str(refusal))
        else:
            log_in(user, remember=remember)
            return remember_device(redirect_url(_safe_next(request.args.get("next"), user)), user)
    return render("accounts/login.html", "login_form", form=form, refusal="")


def remember_device(response, user):
    """Give this browser the device cookie that keeps its own allowance of failed sign-ins
    when strangers lock the account (services.signin)."""
    response.set_cookie(
        signin.DEVICE_COOKIE,
        signin.device_token(user),
        max_age=signin.DEVICE_DAYS * 86400,
        path=url_for("accounts.login"),
        secure=current_app.config["SESSION_COOKIE_SECURE"],
        httponly=True,
        samesite="Lax",
    )
    return response


@bp.post("/salir")
def logout():
    if current_user.is_authenticated:
        signin.sign_out(current_user._get_current_object(), actor=current_actor(), now=utc_now())
        log_out()
    flash("Cerró su sesión.")
    return redirect(url_for("accounts.login"), code=303)


@bp.post("/salir-de-todos")
@login_required
def logout_everywhere():
    user = current_user._get_current_object()
    signin.sign_out_everywhere(user, actor=current_actor(), now=utc_now())
    log_out()
    flash("Cerró su sesión en todos sus dispositivos.")
    return redirect(url_for("accounts.login"), code=303)


@bp.route("/")
@login_required
def home():
    user = current_user
    appointments = []
    if user.doc_type:
        appointments = list(
            Appointment.select()
            .where(Appointment.doc_type == user.doc_type, Appointment.doc_number == user.doc_number)
            .order_by(Appointment.day.desc(), Appointment.starts.desc())
            .limit(20)
        )
    # The manage link, as in the e-mail: only for appointments booked with this confirmed
    # address, since a document number on an account is the person's word until verified.
    manage = {
        a.code: manage_token(a)
        for a in appointments
        if a.is_active and user.email_confirmed_at and a.email == user.email
    }
    # A recovery by personal data under way: the old address was told, but the owner may not
    # read it (or it may be why someone chose this way), so the account says it too.
    recoveries = [(r, asked_at(r)) for r in recovery_by_data.live_requests(user)]
    return render(
        "accounts/home.html",
        "account",
        user=user,
        appointments=appointments,
        manage=manage,
        recoveries=recoveries,
    )


def _safe_next(target: str | None, user) -> str:
    """Only paths on this site: a crafted ?next= must not send anyone to another site."""
    return same_site_path(target) or (
        url_for("staff.index") if user.is_staff else url_for("accounts.home")
    )
