from flask import Blueprint
from flask_login import LoginManager

bp = Blueprint("auth", __name__, url_prefix="/personal")
login_manager = LoginManager()


def init_app(app):
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message = "Ingrese con su cuenta del personal para continuar."
    login_manager.session_protection = "strong"


@login_manager.user_loader
def load_user(user_id):
    from models import User

    return User.get_or_none(User.id == int(user_id)) if user_id.isdigit() else None


from blueprints.auth import views  # noqa: E402,F401
