"""Password recovery: by a one-time e-mailed code, or by personal data (seed 003, b).

Both answer the same whether or not an account exists, count requests per address and per
account across workers, never sign the person in, end every sign-in and e-mail the account.
"""

import hashlib
import hmac
from datetime import timedelta

from flask import current_app, flash, session
from itsdangerous import BadSignature, URLSafeTimedSerializer

from blueprints.accounts import bp
from blueprints.accounts.profile import (
    mask_email,
    mask_phone,
    notify_password_changed,
    password_context,
    replace_password,
    request_email_change,
)
from blueprints.accounts.profile_forms import (
    RecoverCodeForm,
    RecoverDataForm,
    RecoverRequestForm,
    RecoverResetForm,
)
from blueprints.accounts.register import document_choices, password_policy
from blueprints.accounts.signin import client_address
from blueprints.htmx import redirect_page, render
from domain.names import names_match
from domain.passwords import POLICIES, WeakPassword, check_password
from models import OneTimeCode, User
from models.security import UsedToken
from services import audit, limits
from services.clock import timestamp, utc_now
from services.notify import notify, public_url
from services.recovery import CODE_MINUTES, PURPOSE, code_hash, send_recovery_code

MAX_TRIES = 5  # wrong codes before a code is dead
REQUESTS_PER_ADDRESS = 5  # per hour, for each way of recovering
REQUESTS_PER_ACCOUNT = 3  # per hour: codes e-mailed, or personal-data attempts
GUESSES_PER_ADDRESS = 30  # per hour: codes typed, across every account
DATA_MINUTES = 10  # how long matching personal data lets the person set a new password
SENT = (
    "Si los datos corresponden a una cuenta, le enviamos un código de 8 números a su correo. "
    f"Vence en {CODE_MINUTES} minutos."
)
WRONG_CODE = "El código no es correcto o ya venció. Revíselo o pida un código nuevo"
NO_MATCH = (
    "Los datos no coinciden con los de una cuenta. Revíselos tal como figuran en su documento "
    "y vuelva a intentarlo"
)


def _no_referrer(response):
    """Recovery pages must not leak their URL or form state to another site (OWASP)."""
    response.headers["Referrer-Policy"] = "no-referrer"
    return response


def _ask_for_code(login: str, user: User | None) -> None:
    """The same work with or without an account: one audit row, one job queued (the job makes
    and e-mails the code), so the answer's timing does not tell whether the account exists."""
    known = user if user and user.active else None
    subject = known.email if known else login[:120]
    audit.record("recuperacion_pedida", subject=subject, actor=known)
    link = public_url("accounts.recover_code")
    send_recovery_code(known.id if known else None, utc_now(), link)


@bp.route("/recuperar", methods=["GET", "POST"])
def recover_request():
    form = RecoverRequestForm()
    if form.validate_on_submit():
        login = form.login.data.strip()
        user = User.by_login(login)
        account = user.id if user else login.lower()  # unknown ones count alike: no probing
        try:
            limits.check(f"recover-ip:{client_address()}", REQUESTS_PER_ADDRESS, 3600, timestamp())
            limits.check(f"recover-account:{account}", REQUESTS_PER_ACCOUNT, 3600, timestamp())
        except limits.TooMany as refusal:
            form.form_errors.append(str(refusal))
        else:
            _ask_for_code(login, user)
            session["recover_login"] = login
            flash(SENT)
            return _no_referrer(redirect_page("accounts.recover_code"))
    form.prepare_human_check()
    return _no_referrer(render("accounts/recover_request.html", "recover_form", form=form))


def _spend_try(user: User, code: str) -> OneTimeCode | None:
    """Count one try at the account's live code; the code if `code` is it, else None."""
    now = utc_now()
    live = (
        (OneTimeCode.user == user.id) & (OneTimeCode.purpose == PURPOSE)
        & OneTimeCode.used_at.is_null() & (OneTimeCode.expires_at > now)
        & (OneTimeCode.attempts < MAX_TRIES)
    )  # fmt: skip
    row = OneTimeCode.select().where(live).order_by(OneTimeCode.id.desc()).first()
    if row is None:
        return None
    # The try is counted before the comparison, so parallel guesses cannot exceed MAX_TRIES.
    counted = OneTimeCode.update(attempts=OneTimeCode.attempts + 1).where(
        live & (OneTimeCode.id == row.id)
    )
    if not counted.execute():
        return None
    return row if hmac.compare_digest(row.code_hash, code_hash(user.id, code)) else None


def _reset_with_code(form) -> bool:
    """Check the code and the new password; set it. False with the form's errors filled."""
    user = User.by_login(form.login.data)
    row = _spend_try(user, form.code.data) if user and user.active else None
    if row is None:
        audit.record("codigo_incorrecto", subject=form.login.data.strip()[:120], actor=user)
        form.code.errors.append(WRONG_CODE)
        return False
    try:
        check_password(form.password.data, password_policy(), password_context(user))
    except WeakPassword as weak:
        # The right code proves the owner: give the try back while they pick a better password.
        OneTimeCode.update(attempts=OneTimeCode.attempts - 1).where(
            OneTimeCode.id == row.id
        ).execute()
        form.password.errors.append(str(weak))
        return False
    if (
        not OneTimeCode.update(used_at=utc_now())
        .where((OneTimeCode.id == row.id) & OneTimeCode.used_at.is_null())
        .execute()
    ):
        form.code.errors.append(WRONG_CODE)  # another request used it a moment ago
        return False
    replace_password(user, form.password.data)
    notify_password_changed(user, "con un código enviado a su correo")
    audit.record("recuperacion", subject=user.email, actor=user)
    return True


@bp.route("/recuperar/codigo", methods=["GET", "POST"])
def recover_code():
    form = RecoverCodeForm(login=session.get("recover_login", ""))
    if form.validate_on_submit():
        try:
            limits.check(
                f"recover-guess-ip:{client_address()}", GUESSES_PER_ADDRESS, 3600, timestamp()
            )
        except limits.TooMany as refusal:
            form.form_errors.append(str(refusal))
        else:
            if _reset_with_code(form):
                session.pop("recover_login", None)
                flash("Cambiamos su contraseña. Ingrese con la contraseña nueva.")
                return _no_referrer(redirect_page("accounts.login"))
    return _no_referrer(
        render("accounts/recover_code.html", "code_form", form=form, minutes=CODE_MINUTES,
               tries=MAX_TRIES, policy_text=POLICIES[password_policy()])
    )  # fmt: skip


def _matching_account(form) -> User | None:
    user = User.by_document(form.doc_type.data, form.doc_number.data)
    if not user or not user.active or user.birth_date != form.birth_date.data:
        return None
    typed = (form.names.data, form.surnames.data)
    return user if names_match(typed, (user.names, user.surnames)) else None


def _data_signer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.secret_key, salt="recuperar-por-datos")


def _fingerprint(user: User) -> str:
    """Changes with the password, so a pass from matching data dies once it is used."""
    return hashlib.sha256(user.password_hash.encode()).hexdigest()[:32]


@bp.route("/recuperar/datos", methods=["GET", "POST"])
def recover_data():
    form = RecoverDataForm()
    form.doc_type.choices = document_choices()
    if form.validate_on_submit():
        document = f"{form.doc_type.data} {form.doc_number.data}"
        try:
            limits.check(
                f"recover-data-ip:{client_address()}", REQUESTS_PER_ADDRESS, 3600, timestamp()
            )
            limits.check(f"recover-data-doc:{document}", REQUESTS_PER_ACCOUNT, 3600, timestamp())
        except limits.TooMany as refusal:
            form.form_errors.append(str(refusal))
        else:
            user = _matching_account(form)
            if user:
                session["recover_data"] = _data_signer().dumps(
                    {"id": user.id, "pw": _fingerprint(user)}
                )
                return _no_referrer(redirect_page("accounts.recover_reset"))
            owner = User.by_document(form.doc_type.data, form.doc_number.data)
            audit.record("recuperacion_por_datos_fallida", subject=document, actor=owner)
            form.form_errors.append(NO_MATCH)
    form.prepare_human_check()
    return _no_referrer(render("accounts/recover_data.html", "data_form", form=form))


def _verified_user() -> User | None:
    """The account whose personal data this browser matched, while that pass is fresh."""
    try:
        data = _data_signer().loads(session.get("recover_data", ""), max_age=DATA_MINUTES * 60)
    except BadSignature:  # includes SignatureExpired
        return None
    user = User.get_or_none(User.id == data["id"])
    if user and user.active and hmac.compare_digest(_fingerprint(user), data["pw"]):
        return user
    return None


def _reset_with_data(user: User, form) -> None:
    """Apply the new password and contact data; tell the old address everything that changed."""
    old_email = user.email
    replace_password(user, form.password.data)
    changes = ["Se cambió su contraseña y se cerraron todas sus sesiones."]
    if form.new_phone.data and form.new_phone.data != user.phone:
        User.update(phone=form.new_phone.data).where(User.id == user.id).execute()
        changes.append(f"Su celular ahora es {form.new_phone.data}.")
    address = (form.new_email.data or "").strip().lower()
    if address and address != old_email:
        request_email_change(user, address)
        changes.append(
            f"Se pidió cambiar su correo a {address}. Cambiará cuando se abra el enlace que "
            "enviamos a esa dirección."
        )
    notify(old_email, "recovered_by_data", user=user, changes=changes)
    audit.record("recuperacion_por_datos", subject=old_email, actor=user, detail=" ".join(changes))


@bp.route("/recuperar/datos/nueva-contrasena", methods=["GET", "POST"])
def recover_reset():
    user = _verified_user()
    if user is None:
        flash(f"Por seguridad, escriba otra vez sus datos (valen {DATA_MINUTES} minutos).")
        return _no_referrer(redirect_page("accounts.recover_data"))
    form = RecoverResetForm()
    if form.validate_on_submit():
        try:
            check_password(form.password.data, password_policy(), password_context(user))
        except WeakPassword as weak:
            form.password.errors.append(str(weak))
        else:
            session.pop("recover_data", None)
            if not UsedToken.use(f"datos:{_fingerprint(user)}", utc_now() + timedelta(days=1)):
                return _no_referrer(redirect_page("accounts.recover_data"))  # used a moment ago
            _reset_with_data(user, form)
            flash("Cambiamos su contraseña. Ingrese con la contraseña nueva.")
            return _no_referrer(redirect_page("accounts.login"))
    contact = {"email": mask_email(user.email), "phone": mask_phone(user.phone)}
    return _no_referrer(
        render("accounts/recover_reset.html", "reset_form", form=form, contact=contact,
               minutes=DATA_MINUTES, policy_text=POLICIES[password_policy()])
    )  # fmt: skip
