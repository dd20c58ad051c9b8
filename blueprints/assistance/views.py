"""The assistance form and its receipt page."""

import re
import secrets

from flask import current_app, redirect, session, url_for
from werkzeug.exceptions import HTTPException

from blueprints.actor import current_actor
from blueprints.assistance import bp
from blueprints.assistance.forms import AssistanceForm
from blueprints.htmx import redirect_page, render
from domain.assistance import AssistanceKind
from domain.identity import ACCOUNT_DOCUMENTS
from models import Court
from services import assistance, limits
from services.clock import utc_now

SENT_KEY = "assistance_ticket"
KEY = re.compile(r"^[A-Za-z0-9_-]{16,64}$")

# Seed 001's list of what this channel does not answer, and where the app answers it: the
# first of the paths this deployment serves is linked (the public queries live elsewhere).
UNANSWERED = (
    (
        "El estado de expedientes, escritos y resoluciones.",
        ("/consultas/tramite", "/consultas/escritos", "/consultas/escrito", "/consultas/"),
        "Consulte el estado de un trámite",
    ),
    ("Asesoría legal: consulte a un abogado o a la defensa pública.", (), ""),
    (
        "La ubicación, los horarios y los datos de sedes y juzgados.",
        ("/sedes", "/consultas/sedes", "/"),
        "Ver las sedes y sus horarios",
    ),
    ("La habilitación o la colegiatura de abogados: consulte al colegio de abogados.", (), ""),
)
KIND_HINTS = {
    AssistanceKind.RECLAMO: "Si un servicio no se prestó como debía. La respuesta tiene un plazo "
    "legal de días hábiles."
}


def _served(paths: tuple[str, ...]) -> str:
    """The first of `paths` this app answers with a page, or ''."""
    adapter = current_app.url_map.bind("localhost")
    for path in paths:
        try:
            adapter.match(path, method="GET")
        except HTTPException:  # not found, another method only, or a redirect
            continue
        return path
    return ""


def _unanswered() -> list[tuple[str, str, str]]:
    return [(text, _served(paths), label) for text, paths, label in UNANSWERED]


@bp.route("/", methods=["GET", "POST"])
def ask():
    form = AssistanceForm()
    form.doc_type.choices = ACCOUNT_DOCUMENTS[Court.current().country]
    key = form.request_key.data or ""
    if not KEY.match(key):
        key = form.request_key.data = secrets.token_urlsafe(16)
    if form.is_submitted() and (done := assistance.repeated(key)):
        return _sent(done)  # a double tap: the first one's ticket, nothing sent twice
    if form.validate_on_submit():
        try:
            ticket, _created = assistance.submit(
                _request(form), request_key=key, actor=current_actor(), now=utc_now()
            )
        except limits.TooMany as refusal:
            form.form_errors.append(str(refusal))
        else:
            return _sent(ticket)
    elif form.is_submitted() and (done := assistance.repeated(key)):
        return _sent(done)  # the first tap committed while this one was checked
    form.prepare_human_check()
    return render(
        "assistance/ask.html",
        "assistance_form",
        form=form,
        unanswered=_unanswered(),
        max_text=assistance.rules.MAX_TEXT,
        kind_hints=KIND_HINTS,
    )


@bp.route("/enviado")
def sent():
    """The receipt: the number of the ticket this browser just opened, and nobody else's."""
    number = session.get(SENT_KEY)
    if not number:
        return redirect(url_for("assistance.ask"))
    return render("assistance/sent.html", "main_block", number=number)


def _request(form: AssistanceForm) -> assistance.Request:
    return assistance.Request(
        kind=AssistanceKind(form.kind.data),
        names=form.names.data,
        surnames=form.surnames.data,
        doc_type=form.doc_type.data,
        doc_number=form.doc_number.data,
        gender=form.gender.data,
        age=int(form.age.data),
        phone=form.phone.data,
        email=form.email.data,
        text=form.text.data,
    )


def _sent(ticket):
    session[SENT_KEY] = ticket.number
    return redirect_page("assistance.sent")
