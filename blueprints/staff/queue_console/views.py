"""The queue console: pick a window (kept in the session), call the next person, recall,
no-show, attended, transfer; the waiting list refreshes itself with htmx (every 5 s).

Every action is a POST that answers 303 to the console; the form carries what the clerk saw
(the ticket's status and calls), so a double tap does the action once and says so.
"""

from flask import abort, flash, request, session

from blueprints.actor import current_actor
from blueprints.htmx import redirect_page, redirect_to, render
from blueprints.query import strict_id
from blueprints.staff.access import roles_required
from blueprints.staff.queue_console import bp
from domain.queue import PreferenceReason, TicketKind
from domain.roles import DESK
from models import Court, Sede, Service, Window
from models.queue import QueueTicket
from services import queue
from services.clock import utc_now
from services.queue import QueueError

WINDOW_KEY = "queue_window"  # the session's window: where this clerk sits
ERROR = "error"  # a flash category: shown as an alert, not as a notice
ACTIONS = {
    "volver-a-llamar": (queue.recall, "Volvimos a llamar al turno {label}."),
    "no-se-presento": (queue.no_show, "Turno {label}: no se presentó."),
    "atendido": (queue.attend, "Turno {label}: atendido."),
}
TRANSFER = "transferir"


def open_windows(sede: Sede) -> list[Window]:
    return list(
        Window.select().where((Window.sede == sede) & Window.active).order_by(Window.number)
    )


def my_window() -> Window | None:
    """The active window of an open sede this clerk picked, or None."""
    chosen = session.get(WINDOW_KEY)
    if not isinstance(chosen, int):
        return None
    window = Window.get_or_none(Window.id == chosen)
    if window is None or not window.active or not window.sede.active:
        return None
    return window


def _console_context(window: Window) -> dict:
    now = utc_now()
    seen = queue.console(window, now=now)
    current = seen["current"]
    court = Court.current()
    return {
        "window": window,
        "sede": window.sede,
        "current": current,
        "waiting": seen["waiting"],
        "others": seen["others"],
        "waited": _minutes(current.first_called_at - current.issued_at) if current else 0,
        "called_at": court.local_time(current.called_at) if current else None,
        "kinds": dict(TicketKind.choices()),
        "reasons": dict(PreferenceReason.choices()),
        "transfer_to": _transfer_choices(current) if current else [],
        "serves": window.serves() if window.service_ids() else [],
        "preferential": TicketKind.PREFERENCIAL,
        # one query for the names of the waiting list (polled every 5 s by every clerk)
        "service_names": {
            s.id: s.name
            for s in Service.select(Service.id, Service.name).where(Service.sede == window.sede_id)
        },
    }


def _is_id(text: str) -> bool:
    return text.isascii() and text.isdigit() and len(text) <= 9 and int(text) > 0


def _minutes(delta) -> int:
    return max(0, int(delta.total_seconds() // 60))


def _transfer_choices(ticket: QueueTicket) -> list[Service]:
    return list(
        Service.select()
        .where(
            (Service.sede == ticket.sede_id) & Service.active & (Service.id != ticket.service_id)
        )
        .order_by(Service.name)
    )


@bp.route("")
@roles_required(*DESK)
def console():
    window = my_window()
    if window is None:
        return redirect_to("staff.queue.choose_window")
    return render("staff/queue/console.html", "console", **_console_context(window))


@bp.route("/espera")
@roles_required(*DESK)
def waiting():
    """The waiting list alone, for htmx's poll (the whole console without JavaScript)."""
    window = my_window()
    if window is None:  # the window was closed meanwhile: a whole page to choose another
        return redirect_page("staff.queue.choose_window")
    return render("staff/queue/console.html", "waiting", **_console_context(window))


@bp.route("/ventanilla")
@roles_required(*DESK)
def choose_window():
    sedes = list(Sede.open_ones())
    chosen = strict_id("sede")
    mine = my_window()
    if chosen is None and mine is not None:
        chosen = mine.sede_id
    sede = next((s for s in sedes if s.id == chosen), sedes[0] if sedes else None)
    return render(
        "staff/queue/choose_window.html",
        "choose",
        sedes=sedes,
        sede=sede,
        windows=open_windows(sede) if sede else [],
        mine=mine,
    )


@bp.post("/ventanilla")
@roles_required(*DESK)
def pick_window():
    typed = request.form.get("ventanilla", "")
    window = Window.get_or_none(Window.id == int(typed)) if _is_id(typed) else None
    if window is None or not window.active or not window.sede.active:
        abort(404)
    session[WINDOW_KEY] = window.id
    flash(f"Usted atiende en la {window.label} de {window.sede.name}.")
    return redirect_to("staff.queue.console")


@bp.post("/llamar")
@roles_required(*DESK)
def call_next():
    window = my_window()
    if window is None:
        return redirect_to("staff.queue.choose_window")
    if request.form.get("ventanilla") != str(window.id):
        flash("Cambió de ventanilla en otra pestaña: revise dónde atiende antes de llamar.", ERROR)
        return redirect_to("staff.queue.console")
    try:
        ticket = queue.call_next(window, actor=current_actor(), now=utc_now())
    except QueueError as refusal:
        day = queue.local_day(utc_now())
        open_ticket = QueueTicket.at_window(window, day)
        if open_ticket is not None and str(open_ticket.id) != request.form.get("turno_visto", ""):
            # a second tap, or a second tab: the first one called; nothing more to do
            flash(f"Ya llamó al turno {open_ticket.label}: atiéndalo o ciérrelo antes de seguir.")
        else:
            flash(str(refusal), ERROR)
        return redirect_to("staff.queue.console")
    if ticket is None:
        flash("Nadie espera por los trámites de esta ventanilla.")
    else:
        flash(f"Llamamos al turno {ticket.label}: la pantalla lo muestra.")
    return redirect_to("staff.queue.console")


@bp.post("/turnos/<int:ticket_id>/<string:action>")
@roles_required(*DESK)
def act(ticket_id, action):
    if action not in ACTIONS and action != TRANSFER:
        abort(404)
    window = my_window()
    if window is None:
        return redirect_to("staff.queue.choose_window")
    now = utc_now()
    ticket = _todays_ticket(ticket_id, window, now)
    seen = (request.form.get("estado", ""), request.form.get("llamadas", ""))
    if seen != (ticket.status, str(ticket.calls)):  # a double tap, or another tab acted
        flash(f"El turno {ticket.label} cambió hace un momento: vea cómo quedó.")
    elif ticket.window_id != window.id:
        flash(f"El turno {ticket.label} no está en su ventanilla.", ERROR)
    else:
        try:
            flash(_take(action, ticket, now))
        except QueueError as refusal:
            flash(str(refusal), ERROR)
    return redirect_to("staff.queue.console")


def _todays_ticket(ticket_id: int, window: Window, now) -> QueueTicket:
    """A ticket of the window's sede and of today; 404 for any other id."""
    ticket = QueueTicket.get_or_none(
        (QueueTicket.id == ticket_id)
        & (QueueTicket.sede == window.sede_id)
        & (QueueTicket.day == queue.local_day(now))
    )
    return ticket or abort(404)


def _take(action: str, ticket: QueueTicket, now) -> str:
    """Run the button's use case; what to tell the clerk."""
    if action == TRANSFER:
        queue.transfer(ticket, request.form.get("servicio", ""), actor=current_actor(), now=now)
        return f"Turno {ticket.label}: transferido a {ticket.service.name}."
    use_case, message = ACTIONS[action]
    use_case(ticket, actor=current_actor(), now=now)
    return message.format(label=ticket.label)
