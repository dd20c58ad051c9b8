"""Consultas externas: verifying a document, the hearings schedule and the sedes, for anyone,
without signing in. Every page here counts against one per-address rate limit."""

from flask import Blueprint
from werkzeug.exceptions import TooManyRequests

from blueprints.actor import current_actor
from services import limits, public_queries
from services.clock import utc_now

bp = Blueprint("consultas", __name__)


@bp.before_request
def count_query():
    """One budget per address for all of these pages: they read the database for anyone."""
    try:
        public_queries.count(current_actor().address, utc_now())
    except limits.TooMany:
        raise TooManyRequests(retry_after=60) from None  # the window is a minute


from blueprints.consultas import filing_status, hearings, sedes, verify  # noqa: E402,F401
