"""Anyone, without signing in, checks that a filing's constancia is genuine: by the QR code's
link or by tracking number and verification code. Every page counts against the public
queries' rate limit per address."""

from flask import Blueprint, abort

from blueprints.actor import current_actor
from services import constancia, limits
from services.clock import utc_now

bp = Blueprint("filing_check", __name__, url_prefix="/verificar/tramite")


@bp.before_request
def count_query():
    """One budget per address: the pages read the database for anyone, and a code is found
    only by trying, so trying must be slow."""
    try:
        constancia.count_query(current_actor().address, utc_now())
    except limits.TooMany:
        abort(429)


from blueprints.filing_check import views  # noqa: E402,F401
