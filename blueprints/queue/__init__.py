"""The page a queue ticket's QR code opens on the person's own phone: their place in the
line, live, so they can wait outside the lobby. Its only key is the ticket's random token;
it shows no personal data."""

from flask import Blueprint, abort

from blueprints.htmx import render
from models.queue import QueueTicket
from services import queue
from services.clock import utc_now

bp = Blueprint("queue", __name__)

POLL_SECONDS = 10  # htmx asks again this often
REFRESH_SECONDS = 30  # without JavaScript the whole page reloads itself (and «Actualizar»)


@bp.route("/cola/<string:token>")
def follow(token: str):
    ticket = QueueTicket.by_token(token) or abort(404)
    place = queue.position(ticket, now=utc_now())
    response = render(
        "queue/follow.html",
        "place",
        ticket=ticket,
        place=place,
        poll_seconds=POLL_SECONDS,
        refresh_seconds=REFRESH_SECONDS,
    )
    response.cache_control.no_store = True
    response.headers["X-Robots-Tag"] = "noindex"
    return response
