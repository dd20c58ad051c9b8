"""Password recovery pages: by a one-time e-mailed code, or by personal data (seed 003, b).

The use cases are in services/recovery.py and services/recovery_by_data.py. The code flow
keeps the login typed on its first step in the session. Recovery by personal data keeps
nothing in the browser: each later step is a signed link e-mailed to the new address
(identity, password) or to the old one (stop).
"""

from flask import abort, flash, session, url_for
from flask_login import current_user, login_required
from flask_wtf import FlaskForm

from blueprints.accounts import bp
from blueprints.accounts.identity import IdentityForm
from blueprints.accounts.profile_forms import (
    RecoverCodeForm,
    RecoverDataForm,
    RecoverPasswordForm,
    RecoverRequestForm,
)
from blueprints.accounts.register import document_choices
from blueprints.actor import current_actor
from blueprints.htmx import redirect_page, redirect_to, render
from domain.clock import local_now, stamp
from domain.passwords import POLICIES, WeakPassword
from domain.roles import AS_CITIZEN
from domain.states import RECOVERY, RecoveryAction, WrongState
from models import Court
from services import identity, limits, recovery, recovery_by_data
from services.accounts import AddressTaken, password_policy
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
            recovery_by_data.request_by_data(
                form.doc_type.data,
                form.doc_number.data,
                form.birth_date.data,
                form.names.data,
                form.surnames.data,
                form.new_email.data,
                actor=current_actor(),
                now=utc_now(),
            )
        except limits.TooMany as refusal:
            form.form_errors.append(str(refusal))
        else:
            flash(recovery_by_data.DATA_SENT)
            return _no_referrer(redirect_page("accounts.recover_data_sent"))
    form.prepare_human_check()
    return _no_referrer(render("accounts/recover_data.html", "data_form", form=form))


@bp.route("/recuperar/datos/enviado")
def recover_data_sent():
    return render(
        "accounts/recover_data_sent.html", "main_block", days=recovery_by_data.IDENTITY_DAYS
    )


def _link_problem(message: str):
    return _no_referrer(
        render("accounts/recover_link_problem.html", "main_block", message=message, status=404)
    )


@bp.route("/recuperar/datos/identidad/<string:token>", methods=["GET", "POST"])
def recover_identity(token):
    """The fresh identity verification of a recovery, from the link sent to the new address."""
    try:
        recovery_request = recovery_by_data.request_of_link(token, "identidad", utc_now())
    except recovery_by_data.BadLink as problem:
        return _link_problem(str(problem))
    allowed = RECOVERY.allows(recovery_request.status, RecoveryAction.ENVIAR_IDENTIDAD, AS_CITIZEN)
    form = IdentityForm()
    if allowed and form.validate_on_submit():
        files = {"document": form.document.data, "video": form.video.data}
        try:
            identity.submit_for_recovery(
                recovery_request, files, actor=current_actor(), now=utc_now()
            )
        except identity.FilesRefused as refusal:
            for kind, message in refusal.errors.items():
                form[kind].errors.append(message)
        except WrongState:  # sent a moment ago from another tab, or stopped: the page says
            return redirect_to("accounts.recover_identity", token=token)
        else:
            return redirect_to("accounts.recover_identity", token=token)
    return _no_referrer(
        render(
            "accounts/recover_identity.html",
            "identity",
            form=form,
            recovery=recovery_request,
            person=recovery_request.user,
            allowed=allowed,
            token=token,
        )
    )


@bp.route("/recuperar/datos/detener/<string:token>", methods=["GET", "POST"])
def recover_stop(token):
    """The owner's way to stop a recovery someone asked for: a page to confirm, then a POST
    (a mail scanner that opens the link stops nothing)."""
    try:
        recovery_request = recovery_by_data.request_of_link(token, "detener", utc_now())
    except recovery_by_data.BadLink as problem:
        return _link_problem(str(problem))
    form = FlaskForm()
    problem = ""
    if form.validate_on_submit():
        try:
            recovery_by_data.stop(recovery_request, actor=current_actor(), now=utc_now())
        except WrongState as refusal:
            problem = str(refusal)
        else:
            flash("Detuvimos la solicitud. Su cuenta sigue igual.")
            return redirect_to("accounts.recover_stop", token=token)
    live = RECOVERY.allows(recovery_request.status, RecoveryAction.DETENER, AS_CITIZEN)
    return _no_referrer(
        render(
            "accounts/recover_stop.html",
            "main_block",
            form=form,
            recovery=recovery_request,
            live=live,
            problem=problem,
            asked=_local(recovery_request.created_at),
            action=url_for("accounts.recover_stop", token=token),
            back=(url_for("accounts.login"), "Ir a ingresar"),
        )
    )


@bp.route("/recuperacion/<int:request_id>/detener", methods=["GET", "POST"])
@login_required
def stop_recovery(request_id):
    """The signed-in owner stops a recovery from the account's page, as the e-mailed link
    does (the same use case and audit row): a page to confirm, then a POST."""
    recovery_request = recovery_by_data.request_of_owner(current_user, request_id)
    if recovery_request is None:
        abort(404)
    form = FlaskForm()
    if form.validate_on_submit():
        try:
            recovery_by_data.stop(recovery_request, actor=current_actor(), now=utc_now())
        except WrongState as refusal:
            flash(str(refusal))
        else:
            flash("Detuvimos la solicitud. Su cuenta sigue igual.")
        return redirect_to("accounts.home")
    return render(
        "accounts/recover_stop.html",
        "main_block",
        form=form,
        recovery=recovery_request,
        live=RECOVERY.allows(recovery_request.status, RecoveryAction.DETENER, AS_CITIZEN),
        problem="",
        asked=_local(recovery_request.created_at),
        action=url_for("accounts.stop_recovery", request_id=request_id),
        back=(url_for("accounts.home"), "Volver a mi cuenta"),
    )


@bp.route("/recuperar/datos/clave/<string:token>", methods=["GET", "POST"])
def recover_password(token):
    """The last step, from the link sent to the new address once a verifier approved."""
    try:
        recovery_request = recovery_by_data.request_of_link(token, "clave", utc_now())
    except recovery_by_data.BadLink as problem:
        return _link_problem(str(problem))
    if not RECOVERY.allows(recovery_request.status, RecoveryAction.COMPLETAR, AS_CITIZEN):
        return _link_problem(recovery_by_data.not_live(recovery_request))
    form = RecoverPasswordForm()
    if form.validate_on_submit():
        try:
            recovery_by_data.complete(
                recovery_request, form.password.data, actor=current_actor(), now=utc_now()
            )
        except WeakPassword as weak:
            form.password.errors.append(str(weak))
        except (WrongState, AddressTaken) as refusal:
            return _link_problem(str(refusal))
        else:
            flash("Listo: su cuenta usa ahora su correo nuevo. Ingrese con la contraseña nueva.")
            return _no_referrer(redirect_page("accounts.login"))
    return _no_referrer(
        render(
            "accounts/recover_password.html",
            "password_form",
            form=form,
            recovery=recovery_request,
            token=token,
            policy_text=POLICIES[password_policy()],
        )
    )


def asked_at(recovery_request) -> str:
    """When the request was made, in the court's time, as its pages and the account page say."""
    return _local(recovery_request.created_at)


def _local(instant) -> str:
    return stamp(local_now(Court.current().timezone, instant))
