"""The filing's constancia (receipt PDF) and its public verification.

The constancia is rebuilt from the filing whenever it is asked for (the filer's page, the
clerk's screen, the e-mail's attachment), so the queue stores no file. The public check shows
only what proves the constancia genuine without telling anyone who filed or about what: the
number, both instants, the dependencia, the document type, the state, and the files' sizes,
pages and SHA-256 (README, «Verificar una constancia»).
"""

from datetime import datetime

from flask import current_app

from domain import clock
from domain.codes import normalize_code
from domain.filings import DocumentType, FileRole, megabytes, parse_tracking_number
from domain.identity import DOCUMENT_NAMES
from domain.pdf.constancia import ConstanciaData, FileLine, constancia_pdf
from domain.states import FilingAction, FilingStatus
from models import Court, Filing, FilingEvent, FilingFile
from services import filing_receipts, limits
from services.notify import attachment, public_url

PER_MINUTE = 60  # public look-ups a minute per address: a person makes a few
CODE_LENGTH = 14  # '7K3M-9QXD-2P4A'
ATTACHMENT = "constancia_pdf"  # the e-mail attachment's builder (services/notify.py)


def file_label(row: FilingFile) -> str:
    if row.role == FileRole.PRINCIPAL:
        return FileRole.label_of(row.role)
    return f"{FileRole.label_of(row.role)} {row.position}"


def instant(court: Court, utc: datetime) -> str:
    return f"{clock.stamp(court.local_time(utc))} (hora de {court.timezone.split('/')[-1]})"


def verify_url(filing: Filing) -> str:
    return public_url("filing_check.show_filing", code=filing.verification_code)


def constancia_data(filing: Filing) -> ConstanciaData:
    court, person = Court.current(), filing.filer
    document = f"{DOCUMENT_NAMES.get(person.doc_type, person.doc_type or '')} {person.doc_number}"
    company = ""
    if filing.company_ruc:
        company = f"RUC {filing.company_ruc} · {filing.company_name}"
    return ConstanciaData(
        court=court.name,
        tracking_number=filing.tracking_number,
        verification_code=filing.verification_code,
        submitted=instant(court, filing.submitted_at),
        received=instant(court, filing.received_at),
        late=filing.received_at != filing.submitted_at,
        filer=person.full_name,
        filer_document=document.strip() if person.doc_number else "Sin documento",
        company=company,
        dependencia=filing.dependencia.name,
        document_type=DocumentType.label_of(filing.document_type),
        document_number=filing.document_number,
        case_number=filing.case_number,
        subject=filing.subject,
        folios=filing.folios,
        files=tuple(
            FileLine(file_label(f), f.original_name, megabytes(f.size), f.pages, f.sha256)
            for f in filing.current_files()
        ),
        fee_note=filing.fee_note,
        verify_url=verify_url(filing),
        receipts=tuple(filing_receipts.labels(filing)),
    )


def file_name(filing: Filing) -> str:
    return f"constancia-{filing.tracking_number}.pdf"


def build(filing: Filing) -> bytes:
    return constancia_pdf(constancia_data(filing))


@attachment(ATTACHMENT)
def constancia_file(filing_id: int) -> tuple[str, bytes, str]:
    """The e-mail's attachment, rebuilt by the deliver job from the filing's id."""
    filing = Filing.get_by_id(filing_id)
    return file_name(filing), build(filing), "application/pdf"


# --- the public check ---------------------------------------------------------------------


def count_query(address: str, now: datetime) -> None:
    """Count one public look-up from `address`; limits.TooMany past the minute's budget.
    The key and setting are the other public queries' (PUBLIC_QUERIES_PER_MINUTE), so every
    public page shares one budget per address."""
    limit = int(current_app.config.get("PUBLIC_QUERIES_PER_MINUTE", PER_MINUTE))
    limits.check(f"consulta-ip:{address}", limit, 60, limits.timestamp_of(now))


def by_code(typed: str) -> Filing | None:
    code = normalize_code(typed[:40])
    if len(code) != CODE_LENGTH:
        return None
    return Filing.get_or_none(Filing.verification_code == code)


def by_number_and_code(number: str, typed_code: str) -> Filing | None:
    """The filing only when both match: the number alone is sequential, anyone could guess it."""
    parsed = parse_tracking_number(number[:20])
    filing = by_code(typed_code)
    if parsed is None or filing is None or (filing.year, filing.number) != parsed:
        return None
    return filing


# How the public page tells each step: what happened, never the notes (an observation or a
# replaced file's name may name people); a derivation names only the dependencia.
PUBLIC_STEPS = {
    FilingAction.PRESENTAR: "Presentado",
    FilingAction.EDITAR: "Datos o archivos cambiados por quien lo presentó",
    FilingAction.ANULAR: "Anulado por quien lo presentó",
    FilingAction.SUBSANAR: "Subsanado por quien lo presentó",
    FilingAction.OBSERVAR: "Observado por mesa de partes",
    FilingAction.DERIVAR: "Validado y derivado a {dependencia}",
    FilingAction.ATENDER: "Atendido",
}


def public_steps(filing: Filing, court: Court) -> list[tuple[str, str]]:
    steps = []
    for event in filing.events.order_by(FilingEvent.at, FilingEvent.id):
        told = PUBLIC_STEPS.get(event.action, FilingStatus.label_of(event.to_status))
        # move() keeps the new dependencia's name as a derivation's note.
        steps.append((instant(court, event.at), told.format(dependencia=event.note)))
    return steps


def public_record(filing: Filing) -> dict:
    """What the verification page shows: nothing that names the filer or the matter. Files
    the filer replaced stay listed, marked, so a constancia printed before still checks."""
    court = Court.current()
    every_file = filing.files.order_by(FilingFile.role.desc(), FilingFile.position, FilingFile.id)
    return {
        "court": court.name,
        "tracking_number": filing.tracking_number,
        "submitted": instant(court, filing.submitted_at),
        "received": instant(court, filing.received_at),
        "late": filing.received_at != filing.submitted_at,
        "dependencia": filing.dependencia.name,
        "document_type": DocumentType.label_of(filing.document_type),
        "status": FilingStatus.label_of(filing.status),
        "folios": filing.folios,
        "files": [
            {
                "label": file_label(f),
                "size": megabytes(f.size),
                "pages": f.pages,
                "sha256": f.sha256,
                "replaced": instant(court, f.replaced_at) if f.replaced_at else "",
            }
            for f in every_file
        ],
        "steps": public_steps(filing, court),
    }
