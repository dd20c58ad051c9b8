"""Mesa de partes electrónica for the filer: file a document step by step, then follow it.

A filing being written is a draft in the database (services/filing_drafts.py) named by an
unguessable key in the URL and owned by its filer: each step keeps what it typed, the files
step keeps what it received, and the review confirms it once.
"""

from datetime import date, datetime, timedelta

from flask import abort, current_app, flash, request
from flask_login import current_user, login_required

from blueprints.actor import current_actor
from blueprints.filing_downloads import send_filing_file
from blueprints.filings import bp
from blueprints.filings.forms import (
    ConfirmForm,
    CorrectionForm,
    DocumentForm,
    EditForm,
    FilerForm,
    FilesForm,
    ReplaceForm,
    ReviewForm,
)
from blueprints.htmx import redirect_to, render
from blueprints.query import page_number, query_day
from domain.filings import (
    MB,
    DocumentType,
    FileLimits,
    FileRefused,
    FileRole,
    FilingData,
    data_errors,
    outside_hours,
    parse_tracking_number,
)
from domain.roles import CITIZEN
from domain.states import FILING, FilingAction, FilingStatus, TransitionNotAllowed
from models import Court, Dependencia, Filing, FilingDraft
from services import filing_drafts, filing_fees, filing_files, filings
from services.clock import utc_now
from services.filings import MAY_NOT_FILE, NotFilable, may_file


def filing_limits() -> FileLimits:
    """The court's limits for a filing's files (app.py: FILING_* settings)."""
    config = current_app.config
    return FileLimits(
        main_bytes=config["FILING_MAIN_MB"] * MB,
        annexes=config["FILING_ANNEXES"],
        first_annex_bytes=config["FILING_FIRST_ANNEX_MB"] * MB,
        other_annex_bytes=config["FILING_OTHER_ANNEX_MB"] * MB,
    )


PAGE_SIZE = 20


def draft_of_filer(key: str) -> FilingDraft:
    draft = FilingDraft.of_filer(current_user.id, key)
    if draft is None:
        # Confirmed already (a reload, a second tap): the filing it became, else unknown.
        filing = Filing.get_or_none(
            (Filing.submission_key == key) & (Filing.filer == current_user.id)
        )
        if filing is not None:
            abort(redirect_to("filings.detail", filing_id=filing.id))
        abort(404)
    return draft


def _dependencias() -> dict[str, str]:
    return {str(d.id): d.name for d in Dependencia.select().order_by(Dependencia.name)}


@bp.route("/")
@login_required
def mine():
    status = request.args.get("estado", "")
    query = Filing.select().where(Filing.filer == current_user.id)
    if status in FilingStatus.choices():
        query = query.where(Filing.status == status)
    else:
        status = ""
    first, last = query_day("desde", None), query_day("hasta", None)
    if first:
        query = query.where(Filing.submitted_at >= first)
    if last:
        query = query.where(Filing.submitted_at < _day_after(last))
    searched = request.args.get("numero", "").strip()[:20]
    if searched:
        parsed = parse_tracking_number(searched)
        year, number = parsed if parsed else (0, 0)
        query = query.where((Filing.year == year) & (Filing.number == number))
    page = page_number("pagina")
    rows = list(query.order_by(Filing.submitted_at.desc()).paginate(page, PAGE_SIZE))
    return render(
        "filings/mine.html",
        "results",
        filings=[filings.summary(f) | {"id": f.id, "raw_status": f.status} for f in rows],
        state=status,
        first=first,
        last=last,
        searched=searched,
        page=page,
        more=len(rows) == PAGE_SIZE,
        may_file=may_file(current_user),
    )


def _day_after(day: date) -> datetime:
    return datetime.combine(day, datetime.min.time()) + timedelta(days=1)


@bp.route("/nuevo", methods=["GET", "POST"])
@login_required
def start():
    form = ConfirmForm()
    allowed = may_file(current_user)
    if allowed and form.validate_on_submit():
        draft = filing_drafts.start(current_user._get_current_object(), utc_now())
        return redirect_to("filings.filer", key=draft.key)
    return render("filings/start.html", "step", form=form, allowed=allowed, refusal=MAY_NOT_FILE)


@bp.route("/borrador/<string:key>/remitente", methods=["GET", "POST"])
@login_required
def filer(key: str):
    draft = draft_of_filer(key)
    form = FilerForm(data=filing_drafts.data_of(draft))
    if not current_user.company_ruc:
        form.filer_kind.choices = {"natural": "Persona natural"}
    if form.validate_on_submit():
        filing_drafts.keep(draft, form.data, utc_now())
        return redirect_to("filings.document", key=key)
    return render("filings/filer.html", "step", form=form, draft=draft, user=current_user)


@bp.route("/borrador/<string:key>/documento", methods=["GET", "POST"])
@login_required
def document(key: str):
    draft = draft_of_filer(key)
    form = DocumentForm(data=filing_drafts.data_of(draft))
    form.dependencia_id.choices = [("", "Elija una dependencia")] + list(_dependencias().items())
    if form.validate_on_submit():
        errors = _document_errors(form)
        if not errors:
            filing_drafts.keep(draft, form.data, utc_now())
            return redirect_to("filings.fees", key=key)
        for name, message in errors.items():
            form[name].errors = [*form[name].errors, message]
    return render("filings/document.html", "step", form=form, draft=draft)


def _document_errors(form) -> dict[str, str]:
    """The domain's rules on what this step asks (the rest waits for the review)."""
    probe = FilingData(
        filer_kind="natural",
        contact_email="",
        contact_phone="",
        dependencia_id=0,
        document_type=form.document_type.data or "",
        document_number=form.document_number.data or "",
        case_number=form.case_number.data or "",
        subject=form.subject.data or "",
        folios=1,
    )
    asked = ("document_type", "document_number", "case_number", "subject")
    today = filings.court_today(utc_now())
    return {k: v for k, v in data_errors(probe, today).items() if k in asked}


@bp.route("/borrador/<string:key>/archivos", methods=["GET", "POST"])
@login_required
def files(key: str):
    draft = draft_of_filer(key)
    data = filing_drafts.data_of(draft)
    form = FilesForm(data={"folios": data.get("folios")})
    if form.validate_on_submit():
        now = utc_now()
        for role, field in ((FileRole.PRINCIPAL, form.main_document), (FileRole.ANEXO, form.annex)):
            upload = field.data
            if upload and upload.filename:
                try:
                    filing_drafts.add_file(
                        draft, role, upload.stream, upload.filename, now, filing_limits()
                    )
                except FileRefused as refusal:
                    field.errors = [str(refusal)]
        if form.folios.data:
            filing_drafts.keep(draft, {"folios": form.folios.data}, now)
        has_main = any(f.role == FileRole.PRINCIPAL for f in filing_drafts.files_of(draft))
        if not form.errors and request.form.get("seguir") and not has_main:
            form.main_document.errors = ["Adjunte el documento principal en PDF"]
        if not form.errors:
            if request.form.get("seguir"):
                return redirect_to("filings.review", key=key)
            return redirect_to("filings.files", key=key)
    data = filing_drafts.data_of(draft)
    if not form.folios.errors:
        form.folios.data = data.get("folios")
    return render(
        "filings/files.html",
        "step",
        form=form,
        draft=draft,
        files=filing_drafts.files_of(draft),
        limits=filing_limits(),
    )


@bp.route("/borrador/<string:key>/archivos/<int:file_id>/quitar", methods=["POST"])
@login_required
def drop_file(key: str, file_id: int):
    draft = draft_of_filer(key)
    if ConfirmForm().validate_on_submit():
        filing_drafts.drop_file(draft, file_id)
    return redirect_to("filings.files", key=key)


@bp.route("/borrador/<string:key>/revision", methods=["GET", "POST"])
@login_required
def review(key: str):
    draft = draft_of_filer(key)
    form = ReviewForm(data=filing_drafts.data_of(draft))
    errors: dict[str, str] = {}
    if form.validate_on_submit():
        filing_drafts.keep(draft, {"privacy": True}, utc_now())
        try:
            filing = filing_drafts.submit(draft, actor=current_actor(), now=utc_now())
        except NotFilable as refusal:
            errors = refusal.errors
        else:
            flash("Su documento fue presentado. Guarde su constancia.")
            return redirect_to("filings.detail", filing_id=filing.id)
    data = filing_drafts.data_of(draft)
    dependencia = Dependencia.get_or_none(
        Dependencia.id == filing_drafts.as_int(data.get("dependencia_id"))
    )
    now = utc_now()
    received = filings.reception_for(dependencia, now) if dependencia else now
    court = Court.current()
    receipts, fee_note = filing_fees.for_submit(draft, current_user, now, check=False)
    return render(
        "filings/review.html",
        "step",
        form=form,
        draft=draft,
        data=data,
        dependencia=dependencia,
        files=filing_drafts.files_of(draft),
        errors=errors,
        kind=DocumentType.label_of(data.get("document_type", "")),
        late=outside_hours(now, received),
        received=court.local_time(received),
        receipts=receipts,
        fee_note=fee_note,
        fees_answered=filing_fees.answers_of(draft) is not None,
    )


# --- a filing once filed --------------------------------------------------------------------


def _own(filing_id: int) -> Filing:
    filing = Filing.of_filer(current_user.id, filing_id)
    if filing is None:
        abort(404)
    return filing


@bp.route("/<int:filing_id>")
@login_required
def detail(filing_id: int):
    filing = _own(filing_id)
    return render(
        "filings/detail.html",
        "filing",
        filing=filing,
        shown=filings.summary(filing),
        files=filing.current_files(),
        history=_history(filing),
        may_edit=FILING.allows(filing.status, FilingAction.EDITAR, {CITIZEN}),
        may_cancel=FILING.allows(filing.status, FilingAction.ANULAR, {CITIZEN}),
        may_correct=FILING.allows(filing.status, FilingAction.SUBSANAR, {CITIZEN}),
    )


def _history(filing: Filing) -> list[dict]:
    court = Court.current()
    return [
        {
            "at": court.local_time(event.at),
            "action": FilingAction.label_of(event.action),
            "status": FilingStatus.label_of(event.to_status),
            "note": event.note,
        }
        for event in filings.history(filing)
    ]


@bp.route("/<int:filing_id>/anular", methods=["GET", "POST"])
@login_required
def cancel(filing_id: int):
    filing = _own(filing_id)
    form = ConfirmForm()
    error = ""
    if form.validate_on_submit():
        try:
            filings.move(filing, FilingAction.ANULAR, actor=current_actor(), now=utc_now())
        except TransitionNotAllowed as refusal:
            error = str(refusal)
        else:
            flash(f"Anuló el trámite {filing.tracking_number}.")
            return redirect_to("filings.detail", filing_id=filing.id)
    return render(
        "filings/cancel.html",
        "filing",
        form=form,
        filing=filing,
        shown=filings.summary(filing),
        error=error,
    )


@bp.route("/<int:filing_id>/subsanar", methods=["GET", "POST"])
@login_required
def correct(filing_id: int):
    filing = _own(filing_id)
    form = CorrectionForm()
    error = ""
    if form.validate_on_submit():
        try:
            filings.move(
                filing,
                FilingAction.SUBSANAR,
                actor=current_actor(),
                now=utc_now(),
                note=form.note.data,
            )
        except TransitionNotAllowed as refusal:
            error = str(refusal)
        else:
            flash("Envió la subsanación: su trámite vuelve a validación.")
            return redirect_to("filings.detail", filing_id=filing.id)
    return render(
        "filings/correct.html",
        "filing",
        form=form,
        filing=filing,
        shown=filings.summary(filing),
        error=error,
    )


@bp.route("/<int:filing_id>/archivos/<int:file_id>")
@login_required
def download(filing_id: int, file_id: int):
    filing = _own(filing_id)
    return send_filing_file(filing, file_id)


@bp.route("/<int:filing_id>/modificar", methods=["GET", "POST"])
@login_required
def edit(filing_id: int):
    filing = _own(filing_id)
    form = EditForm(obj=filing)
    error = ""
    changes: list[tuple[str, str, str]] = []
    if form.validate_on_submit():
        data = FilingData(
            filer_kind=filing.filer_kind,
            contact_email=form.contact_email.data,
            contact_phone=form.contact_phone.data,
            dependencia_id=filing.dependencia_id,
            document_type=filing.document_type,
            document_number=form.document_number.data,
            case_number=form.case_number.data or "",
            subject=form.subject.data,
            folios=form.folios.data,
        )
        changes = [
            (label, str(getattr(filing, name)), str(getattr(data, name)).strip())
            for name, label in filings.EDITABLE.items()
            if str(getattr(filing, name)) != str(getattr(data, name)).strip()
        ]
        if changes and request.form.get("confirmar") == "1":
            try:
                filings.edit(filing, data, actor=current_actor(), now=utc_now())
            except NotFilable as refusal:
                for name, message in refusal.errors.items():
                    if name in form:
                        form[name].errors = [*form[name].errors, message]
                changes = []
            except TransitionNotAllowed as refusal:
                error, changes = str(refusal), []
            else:
                flash("Guardó los cambios de su trámite.")
                return redirect_to("filings.detail", filing_id=filing.id)
        elif not changes:
            form.form_errors.append("No cambió ningún dato.")
    return render(
        "filings/edit.html",
        "filing",
        form=form,
        filing=filing,
        shown=filings.summary(filing),
        changes=changes,
        error=error,
        may_edit=FILING.allows(filing.status, FilingAction.EDITAR, {CITIZEN}),
    )


@bp.route("/<int:filing_id>/archivos/<int:file_id>/reemplazar", methods=["GET", "POST"])
@login_required
def replace(filing_id: int, file_id: int):
    filing = _own(filing_id)
    current = {f.id: f for f in filing.current_files()}
    if file_id not in current:
        abort(404)
    old = current[file_id]
    form = ReplaceForm()
    error = ""
    if form.validate_on_submit():
        upload = form.replacement.data
        if not (upload and upload.filename):
            form.replacement.errors = ["Elija el archivo nuevo"]
        else:
            main = old.role == FileRole.PRINCIPAL
            limit = (
                filing_limits().main_bytes if main else filing_limits().annex_bytes(old.position)
            )
            if old.role == FileRole.RECIBO:  # a receipt's image is a PDF (seed 004 art. 14.2.2)
                limit = filing_limits().other_annex_bytes
            allowed = ("pdf",) if old.role != FileRole.ANEXO else filing_limits().annex_types
            try:
                received = filing_files.receive(upload.stream, upload.filename, limit, allowed)
            except FileRefused as refusal:
                form.replacement.errors = [str(refusal)]
            else:
                try:
                    filings.replace_file(
                        filing,
                        file_id,
                        filings.StoredFile(role=old.role, position=old.position, **vars(received)),
                        actor=current_actor(),
                        now=utc_now(),
                    )
                except (TransitionNotAllowed, NotFilable) as refusal:
                    filing_files.remove(received.stored_name)
                    error = str(refusal)
                else:
                    flash(f"Reemplazó «{old.original_name}» por «{received.original_name}».")
                    return redirect_to("filings.detail", filing_id=filing.id)
    return render(
        "filings/replace.html",
        "filing",
        form=form,
        filing=filing,
        old=old,
        shown=filings.summary(filing),
        error=error,
        may_edit=FILING.allows(filing.status, FilingAction.EDITAR, {CITIZEN}),
    )
