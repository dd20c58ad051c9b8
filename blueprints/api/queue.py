"""The queue's JSON API: what the kiosk offers at a sede, tickets issued with the kiosk's
device key (walk-in or appointment check-in), a ticket's place (public, no personal data),
and the waiting room's board, which polls it cheaply with an ETag.

The device key travels in the X-Device-Key header, never in a cookie: the API keeps no
session, so a cross-site form cannot issue a ticket and CSRF tokens have nothing to guard.
"""

import hashlib
import json

from flask import request

from blueprints.api import bp
from blueprints.api.views import as_json, cacheable, errors
from domain.clock import local_now
from domain.qr import ticket_qr
from domain.queue import PreferenceReason, TicketKind
from domain.states import TicketStatus
from models import Court, Sede
from models.queue import QueueTicket
from services import queue
from services.clock import utc_now
from services.notify import public_url
from services.queue import QueueError, TooManyTickets

MAX_BODY = 2048  # the kiosk's requests are a few short fields
DEVICE_HEADER = "X-Device-Key"


def _sede(code: str) -> Sede | None:
    if len(code) > 40:
        return None
    return Sede.get_or_none((Sede.code == code) & Sede.active)


def _no_sede():
    return errors(404, {"sede": "No hay una sede activa con ese código."})


def _body() -> dict | None:
    """The request's JSON object, or None: not JSON, not an object, or over MAX_BODY, whether
    it says its length or comes in chunks (straight to gunicorn, with no nginx in front: the
    stream is read no further than the limit)."""
    if not request.is_json or (request.content_length or 0) > MAX_BODY:
        return None
    raw = request.stream.read(MAX_BODY + 1)
    if len(raw) > MAX_BODY:
        return None
    try:
        data = json.loads(raw)
    except (ValueError, RecursionError):  # not JSON, not UTF-8, or "[[[[…" 2,000 deep
        return None
    return data if isinstance(data, dict) else None


def _storable(value) -> bool:
    """No NUL anywhere in the body: PostgreSQL refuses it in text, mid-request (the forms'
    and query strings' guard is blueprints/query.py; JSON bodies are read only here)."""
    if isinstance(value, str):
        return "\x00" not in value
    if isinstance(value, dict):
        return all(_storable(k) and _storable(v) for k, v in value.items())
    if isinstance(value, list):
        return all(_storable(item) for item in value)
    return True


def _text(data: dict, name: str) -> str:
    value = data.get(name, "")
    return value if isinstance(value, str) else ""


@bp.route("/sedes/<string:code>/quiosco")
def kiosk_setup(code: str):
    """What the kiosk offers at a sede: its services with their letters, and who may ask for
    preferential attention. Public: the same as the sede's public page."""
    sede = _sede(code)
    if sede is None:
        return _no_sede()
    return cacheable(
        {
            "sede": {"code": sede.code, "name": sede.name, "address": sede.address},
            "services": [
                {
                    "id": service.id,
                    "name": service.name,
                    "description": service.description,
                    "prefix": prefix,
                }
                for service, prefix in queue.kiosk_services(sede)
            ],
            "preferences": [
                {"key": key, "label": label} for key, label in PreferenceReason.choices().items()
            ],
        }
    )


@bp.route("/sedes/<string:code>/dispositivo")
def kiosk_device(code: str):
    """Whether this terminal's key may issue tickets at the sede (the kiosk's set-up screen)."""
    sede = _sede(code)
    if sede is None:
        return _no_sede()
    try:
        device = queue.device_for(request.headers.get(DEVICE_HEADER, ""), sede, now=utc_now())
    except QueueError as error:
        return errors(403, {"device": str(error)})
    response = as_json({"name": device.name, "sede": sede.name})
    response.cache_control.no_store = True
    return response


@bp.route("/sedes/<string:code>/turnos", methods=["POST"])
def take_ticket(code: str):
    """A walk-in's ticket: {"service_id", "preference" ("" or a reason), "request_key"}."""
    return _issue(code, queue.take_ticket, ("service_id", "preference"))


@bp.route("/sedes/<string:code>/citas", methods=["POST"])
def check_in(code: str):
    """An appointment's ticket: {"code"} or {"doc_number"}, and "request_key"."""
    return _issue(code, queue.check_in, ("code", "doc_number"))


def _issue(code: str, use_case, fields: tuple[str, ...]):
    sede = _sede(code)
    if sede is None:
        return _no_sede()
    data = _body()
    if data is None:
        return errors(400, {"request": "Envíe un objeto JSON de menos de 2 KB."})
    if not _storable(data):
        return errors(400, {"request": "Envíe solo texto, sin caracteres NUL."})
    now = utc_now()
    try:
        device = queue.device_for(request.headers.get(DEVICE_HEADER, ""), sede, now=now)
        queue.keep_pace(device, now=now)
        values = {name: _text(data, name) for name in fields if name != "service_id"}
        if "service_id" in fields:
            values["service_id"] = data.get("service_id")
        ticket, created = use_case(
            sede, request_key=_text(data, "request_key"), kiosk=device, now=now, **values
        )
    except TooManyTickets as error:
        response = errors(429, {"request": str(error)})
        response.headers["Retry-After"] = str(error.retry_after)
        return response
    except QueueError as error:
        status = 403 if error.field == "device" else 422
        return errors(status, {error.field or "request": str(error)})
    response = as_json(ticket_json(ticket, now), 201 if created else 200)
    response.cache_control.no_store = True
    return response


@bp.route("/turnos/<string:token>")
def ticket_place(token: str):
    """Where a ticket stands: the page on the person's phone reads this. No personal data."""
    ticket = QueueTicket.by_token(token)
    if ticket is None:
        return errors(404, {"token": "No encontramos ese turno. Revise el enlace."})
    response = as_json(place_json(ticket, utc_now()))
    response.cache_control.no_store = True
    return response


@bp.route("/sedes/<string:code>/tablero")
def board(code: str):
    """The latest calls at a sede. Boards poll it every second: with If-None-Match equal to
    the last ETag it answers 304 with no body, so ten boards cost almost nothing."""
    # The sede from the set-up each worker keeps (asked for when it is new), and the calls
    # kept while one small query says they are the same: a poll costs little more than
    # /api/salud (bench/boards_load.py).
    sede = next((s for s in Sede.open_ones() if s.code == code), None) or _sede(code)
    if sede is None:
        return _no_sede()
    data = queue.board(sede, now=utc_now())
    response = as_json(data)
    digest = hashlib.sha256(json.dumps(data, sort_keys=True).encode()).hexdigest()[:32]
    response.set_etag(digest)
    response.cache_control.no_cache = True  # keep a copy, but ask each time
    return response.make_conditional(request)


def place_json(ticket: QueueTicket, now) -> dict:
    place = queue.position(ticket, now=now)
    return {
        "ticket": ticket.label,
        "service": ticket.service.name,
        "sede": ticket.sede.name,
        "status": ticket.status,
        "status_label": TicketStatus.label_of(ticket.status),
        "ahead": place.ahead,
        "estimated_wait_minutes": place.minutes,
        "window": place.window,
    }


def ticket_json(ticket: QueueTicket, now) -> dict:
    """A ticket as the kiosk shows and prints it."""
    court = Court.current()
    follow = public_url("queue.follow", token=ticket.token)
    appointment = None
    if ticket.appointment_id:
        booked = ticket.appointment
        appointment = {
            # Enough for its owner to recognise it; the whole code would give whoever typed
            # someone's document number the appointment's ticket and, with it, its cancellation.
            "code": "••••-••••-" + booked.code[-4:],
            "starts": booked.starts.strftime("%H:%M"),
            "names": booked.names.split()[0] if booked.names else "",
        }
    qr = ticket_qr(follow).svg_inline(scale=4, omitsize=True, title=f"Turno {ticket.label}")
    return {
        **place_json(ticket, now),
        "kind": ticket.kind,
        "kind_label": TicketKind.label_of(ticket.kind),
        "issued_at": local_now(court.timezone, ticket.issued_at).strftime("%d/%m/%Y %H:%M"),
        "court": court.name,
        "follow_url": follow,
        "qr_svg": qr,
        "appointment": appointment,
    }
