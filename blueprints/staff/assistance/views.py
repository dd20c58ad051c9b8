"""Assistance tickets: list with filters, one ticket with its answers, answer, close."""

from flask import abort, flash, request
from flask_login import current_user
from flask_wtf import FlaskForm

from blueprints.actor import current_actor
from blueprints.htmx import redirect_to, render
from blueprints.query import page_number
from blueprints.staff.access import roles_required
from blueprints.staff.assistance import bp
from blueprints.staff.assistance.forms import AnswerForm, ClaimDaysForm
from domain.assistance import AssistanceKind, Gender, parse_number
from domain.clock import stamp
from domain.roles import ADMIN, ASSIST
from domain.states import AssistanceStatus, NotPermitted, WrongState
from models import AssistanceTicket, Court
from services import assistance
from services.clock import utc_now

PAGE_SIZE = 25
NUMBER_HELP = "Escriba el número como AS-2026-000123"


@bp.route("/asistencia")
@roles_required(*ASSIST)
def list_tickets():
    """Newest first, filtered by kind, state or number; a reclamo shows its days left."""
    kind = request.args.get("tipo", "")
    status = request.args.get("estado", "")
    number = request.args.get("numero", "").strip()[:40]
    filters = {"tipo": kind, "estado": status, "numero": number}
    filters = {name: value for name, value in filters.items() if value}
    query, problem = _filtered(kind, status, number)
    total = query.count()
    pages = max(1, -(-total // PAGE_SIZE))
    page = min(page_number("pagina"), pages)
    tickets = list(query.paginate(page, PAGE_SIZE))
    now = utc_now()
    return render(
        "staff/assistance/list_tickets.html",
        "tickets",
        rows=[(t, _local(t.created_at)) for t in tickets],
        periods=assistance.periods(_pending_claims(tickets), assistance.court_today(now)),
        kinds=AssistanceKind.choices(),
        statuses=AssistanceStatus.choices(),
        filters=filters,
        problem=problem,
        total=total,
        page=page,
        pages=pages,
        can_set_period=current_user.has_role(*ADMIN),
    )


@bp.route("/asistencia/<int:ticket_id>")
@roles_required(*ASSIST)
def show_ticket(ticket_id):
    return _detail(_get(ticket_id), AnswerForm(formdata=None))


@bp.post("/asistencia/<int:ticket_id>/responder")
@roles_required(*ASSIST)
def answer_ticket(ticket_id):
    ticket, form = _get(ticket_id), AnswerForm()
    if not form.validate_on_submit():
        return _detail(ticket, form)
    try:
        assistance.answer(
            ticket,
            form.body.data.strip(),
            seen=form.seen_count(),
            actor=current_actor(),
            now=utc_now(),
        )
    except NotPermitted:
        abort(403)
    except WrongState as refusal:
        flash(str(refusal))
    else:
        flash(f"Respuesta enviada a {ticket.email}.")
    return redirect_to("staff.assistance.show_ticket", ticket_id=ticket.id)


@bp.route("/asistencia/<int:ticket_id>/cerrar", methods=["GET", "POST"])
@roles_required(*ASSIST)
def close_ticket(ticket_id):
    """A page that asks first, then a POST: a closed ticket takes no more answers."""
    ticket, form = _get(ticket_id), FlaskForm()
    if form.validate_on_submit():
        try:
            assistance.close(ticket, actor=current_actor(), now=utc_now())
        except NotPermitted:
            abort(403)
        except WrongState as refusal:
            flash(str(refusal))
        else:
            flash(f"Pedido {ticket.number} cerrado.")
        return redirect_to("staff.assistance.show_ticket", ticket_id=ticket.id)
    return render("staff/assistance/close_ticket.html", "ticket", ticket=ticket, form=form)


@bp.route("/asistencia/plazo", methods=["GET", "POST"])
@roles_required(*ADMIN)
def change_claim_days():
    form = ClaimDaysForm(data={"days": str(assistance.claim_days())})
    if form.validate_on_submit():
        if assistance.change_claim_days(int(form.days.data), actor=current_actor(), now=utc_now()):
            flash(f"Plazo para responder reclamos: {form.days.data} días hábiles.")
        return redirect_to("staff.assistance.list_tickets")
    return render("staff/assistance/change_claim_days.html", "tickets", form=form)


def _filtered(kind: str, status: str, number: str):
    query = AssistanceTicket.select().order_by(
        AssistanceTicket.created_at.desc(), AssistanceTicket.id.desc()
    )
    if kind in AssistanceKind.choices():
        query = query.where(AssistanceTicket.kind == kind)
    if status in AssistanceStatus.choices():
        query = query.where(AssistanceTicket.status == status)
    if not number:
        return query, ""
    parsed = parse_number(number)
    if parsed is None:
        return query.where(AssistanceTicket.id.is_null()), NUMBER_HELP
    year, sequence = parsed
    return query.where(AssistanceTicket.year == year, AssistanceTicket.sequence == sequence), ""


def _pending_claims(tickets) -> list:
    """The reclamos whose period still matters: not closed yet."""
    return [
        t
        for t in tickets
        if t.kind == AssistanceKind.RECLAMO and t.status != AssistanceStatus.CERRADO
    ]


def _get(ticket_id) -> AssistanceTicket:
    return AssistanceTicket.get_or_none(AssistanceTicket.id == ticket_id) or abort(404)


def _local(instant) -> str:
    return stamp(Court.current().local_time(instant))


def _detail(ticket: AssistanceTicket, form: AnswerForm):
    answers = ticket.answers()
    form.seen.data = str(ticket.answer_count)
    pending = _pending_claims([ticket])
    period = assistance.periods(pending, assistance.court_today(utc_now())).get(ticket.id)
    return render(
        "staff/assistance/show_ticket.html",
        "ticket",
        ticket=ticket,
        form=form,
        received=_local(ticket.created_at),
        closed=_local(ticket.closed_at) if ticket.closed_at else "",
        answers=[(a, _local(a.sent_at)) for a in answers],
        period=period,
        kind=AssistanceKind.label_of(ticket.kind),
        gender=Gender.label_of(ticket.gender),
        claim_days=assistance.claim_days(),
    )
