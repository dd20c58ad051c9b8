from flask import Blueprint
from flask_login import LoginManager

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


from blueprints.accounts import identity, profile, recovery, register, views  # noqa: E402,F401
