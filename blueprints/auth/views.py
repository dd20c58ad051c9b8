"""Staff sign-in and sign-out."""

from urllib.parse import urlsplit

from flask import flash, redirect, request, session, url_for
from flask_login import login_user, logout_user

from blueprints.auth import bp
from blueprints.auth.forms import LoginForm
from blueprints.htmx import render
from models import User
from models.accounts import HASHER


@bp.route("/ingresar", methods=["GET", "POST"])
def login():
    form = LoginForm()
    if form.validate_on_submit():
        user = User.by_email(form.email.data)
        if user is None:
            HASHER.hash(form.password.data)  # same time as a wrong password: no account probing
        elif user.is_active and user.check_password(form.password.data):
            session.clear()  # a fresh session: no fixation
            login_user(user)
            return redirect(_safe_next(request.args.get("next")), code=303)
        form.form_errors.append("El correo o la contraseña no son correctos.")
    return render("auth/login.html", "login_form", form=form)


@bp.post("/salir")
def logout():
    logout_user()
    session.clear()
    flash("Cerró su sesión.")
    return redirect(url_for("auth.login"), code=303)


def _safe_next(target: str | None) -> str:
    """Only local paths: a crafted ?next= must not send staff to another site."""
    if target and target.startswith("/") and not urlsplit(target).netloc and "\\" not in target:
        return target
    return url_for("staff.desk")
