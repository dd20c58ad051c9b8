from flask import Blueprint, session
from flask_login import LoginManager, login_user, logout_user

bp = Blueprint("accounts", __name__, url_prefix="/cuenta")
login_manager = LoginManager()


def init_app(app):
    login_manager.init_app(app)
    login_manager.login_view = "accounts.login"
    login_manager.login_message = "Ingrese a su cuenta para continuar."
    # "basic", not "strong": phones change IP address mid-session; what really ends a
    # session is revoking its UserSession row (see User.get_id).
    login_manager.session_protection = "basic"


@login_manager.user_loader
def load_user(session_id):
    from models import UserSession
    from services.clock import utc_now

    return UserSession.resume(session_id, utc_now())


def log_in(user, remember: bool) -> None:
    """The browser's side of a sign-in services.signin started: a fresh session (no fixation)
    whose cookie holds the new sign-in (`user.session_token`)."""
    session.clear()
    login_user(user, remember=remember)


def log_out() -> None:
    """The browser's side of signing out: its cookie and session forgotten."""
    logout_user()
    session.clear()


from blueprints.accounts import identity, profile, recovery, register, views  # noqa: E402,F401
