"""The clerks' filings inbox: filter and open filings, download their files and constancia,
and validate (derive), observe or attend them, each after a confirmation page."""

from dataclasses import dataclass

from flask import abort, flash, request
from flask_login import current_user

from blueprints.actor import current_actor
from blueprints.filing_downloads import send_constancia, send_filing_file
from blueprints.htmx import redirect_to, render
from blueprints.query import page_number, query_day
from blueprints.staff.access import roles_required
from blueprints.staff.filings import bp
from blueprints.staff.filings.forms import AttendForm, DeriveForm, ObserveForm
from domain.clock import stamp
from domain.filings import DocumentType, FilerKind, megabytes
from domain.roles import DESK
from domain.states import FILING, FilingAction, FilingStatus, TransitionNotAllowed
from models import Court, Dependencia, Filing, FilingFile
from services import filing_desk, filings
from services.clock import utc_now
from services.filings import NotFilable


@dataclass(frozen=True)
class Step:
    """How the pages ask for and name one of the clerk's actions."""

    action: FilingAction
    endpoint: str
    form: type
    button: str  # on the filing's page
    question: str  # the confirmation page's heading
    confirm: str  # its button
    done: str  # the flash after it
    told: str = ""  # what the filer's e-mail carries besides the new state
    hint: str = ""  # under the note's box
    kind: str = "primary"  # the confirming button's look


STEPS = (
    Step(
        FilingAction.DERIVAR,
        "staff.filings.derive_filing",
        DeriveForm,
        "Validar y derivar",
        "¿Validar el trámite {number} y derivarlo?",
        "Sí, validar y derivar",
        "Trámite {number} validado y derivado a {dependencia}.",
    ),
    Step(
        FilingAction.OBSERVAR,
        "staff.filings.observe_filing",
        ObserveForm,
        "Observar",
        "¿Observar el trámite {number}?",
        "Sí, observar y avisar al remitente",
        "Trámite {number} observado: el remitente recibió la observación.",
        told=" y el texto de la observación",
        hint="El remitente lo leerá en su trámite y en el correo; diga qué debe corregir.",
        kind="warning",
    ),
    Step(
        FilingAction.ATENDER,
        "staff.filings.attend_filing",
        AttendForm,
        "Marcar como atendido",
        "¿Marcar el trámite {number} como atendido?",
        "Sí, marcar como atendido",
        "Trámite {number} atendido.",
    ),
)
BY_ACTION = {step.action: step for step in STEPS}


def _dependencias() -> dict[str, str]:
    return {str(d.id): d.name for d in Dependencia.select().order_by(Dependencia.name)}


def _filter(dependencias: dict[str, str]) -> filing_desk.InboxFilter:
    args = request.args
    chosen = args.get("dependencia", "")
    return filing_desk.InboxFilter(
        dependencia_id=int(chosen) if chosen in dependencias else None,
        status=args.get("estado", "") if args.get("estado") in FilingStatus.choices() else "",
        document_type=args.get("tipo", "") if args.get("tipo") in DocumentType.choices() else "",
        first=query_day("desde", None),
        last=query_day("hasta", None),
        number=args.get("numero", "").strip()[:20],
    )


@bp.route("/tramites")
@roles_required(*DESK)
def list_filings():
    """Every filing, newest received first, narrowed by the filters (a GET form, so a list
    can be bookmarked and reloaded)."""
    dependencias = _dependencias()
    wanted, page = _filter(dependencias), page_number("pagina")
    rows, more = filing_desk.inbox(wanted, page)
    court = Court.current()
    return render(
        "staff/filings/list_filings.html",
        "filing_rows",
        rows=[(f, stamp(court.local_time(f.received_at))) for f in rows],
        wanted=wanted,
        query=_query_of(wanted),
        page=page,
        more=more,
        dependencias=dependencias,
        statuses=FilingStatus.choices(),
        types=DocumentType.choices(),
    )


def _query_of(wanted: filing_desk.InboxFilter) -> dict:
    """The filters as the list's links carry them (pages before and after)."""
    values = {
        "dependencia": wanted.dependencia_id,
        "estado": wanted.status,
        "tipo": wanted.document_type,
        "desde": wanted.first.isoformat() if wanted.first else None,
        "hasta": wanted.last.isoformat() if wanted.last else None,
        "numero": wanted.number,
    }
    return {key: value for key, value in values.items() if value}


def _get(filing_id: int) -> Filing:
    return Filing.get_or_none(Filing.id == filing_id) or abort(404)


@bp.route("/tramites/<int:filing_id>")
@roles_required(*DESK)
def show_filing(filing_id: int):
    filing = _get(filing_id)
    court = Court.current()
    roles = current_user.role_set
    return render(
        "staff/filings/show_filing.html",
        "filing",
        filing=filing,
        shown=filings.summary(filing),
        person=filing.filer,
        as_company=filing.filer_kind == FilerKind.JURIDICA,
        files=[
            (f, megabytes(f.size))
            for f in filing.files.order_by(FilingFile.role.desc(), FilingFile.position)
        ],
        history=[(stamp(court.local_time(e.at)), e) for e in filings.history(filing)],
        steps=[s for s in STEPS if FILING.allows(filing.status, s.action, roles)],
    )


@bp.route("/tramites/<int:filing_id>/archivos/<int:file_id>")
@roles_required(*DESK)
def filing_file(filing_id: int, file_id: int):
    return send_filing_file(_get(filing_id), file_id)


@bp.route("/tramites/<int:filing_id>/constancia.pdf")
@roles_required(*DESK)
def filing_constancia(filing_id: int):
    return send_constancia(_get(filing_id))


@bp.route("/tramites/<int:filing_id>/validar", methods=["GET", "POST"])
@roles_required(*DESK)
def derive_filing(filing_id: int):
    return _act(_get(filing_id), BY_ACTION[FilingAction.DERIVAR])


@bp.route("/tramites/<int:filing_id>/observar", methods=["GET", "POST"])
@roles_required(*DESK)
def observe_filing(filing_id: int):
    return _act(_get(filing_id), BY_ACTION[FilingAction.OBSERVAR])


@bp.route("/tramites/<int:filing_id>/atender", methods=["GET", "POST"])
@roles_required(*DESK)
def attend_filing(filing_id: int):
    return _act(_get(filing_id), BY_ACTION[FilingAction.ATENDER])


def _act(filing: Filing, step: Step):
    """The confirmation page (GET, or a form with errors); on a valid POST, the move."""
    form = step.form()
    dependencias = _dependencias()
    if isinstance(form, DeriveForm):
        form.dependencia_id.choices = {"": "Elija una dependencia"} | dependencias
    error = ""
    if form.validate_on_submit():
        target = None
        if isinstance(form, DeriveForm):
            target = Dependencia.get_or_none(Dependencia.id == int(form.dependencia_id.data))
        note = form.data.get("note") or ""
        try:
            filings.move(
                filing,
                step.action,
                actor=current_actor(),
                now=utc_now(),
                note=note,
                to_dependencia=target,
            )
        except TransitionNotAllowed as refusal:
            error = str(refusal)
        except NotFilable as refusal:
            error = _on_fields(form, refusal.errors)
        else:
            flash(
                step.done.format(number=filing.tracking_number, dependencia=target and target.name)
            )
            return redirect_to("staff.filings.show_filing", filing_id=filing.id)
    return render(
        "staff/filings/act_on_filing.html",
        "filing",
        filing=filing,
        shown=filings.summary(filing),
        step=step,
        form=form,
        error=error,
        allowed=FILING.allows(filing.status, step.action, current_user.role_set),
    )


def _on_fields(form, errors: dict[str, str]) -> str:
    """Each of the use case's errors under its field; what no field asked for, on top."""
    left = []
    for name, message in errors.items():
        if name in form:
            form[name].errors = [*form[name].errors, message]
        else:
            left.append(message)
    return " ".join(left)
