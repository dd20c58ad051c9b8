"""Verifying a document the court issued: by its code or its QR link, and by its file's SHA-256.

One registry of document kinds. A kind is one entry: its name in the URL
(/verificar/<kind>/<code>), its label, and a function from a code to what the public may see
of that document (never a person's name, document number or e-mail). A kind with a public
page of its own (the filing's constancia, /verificar/tramite/<code>; the notification's proof,
/verificar/notificacion/<code>) names that page: the search sends people there, and the
generic page never shows that kind.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime
from functools import lru_cache
from hashlib import sha256

from domain import clock
from domain.codes import normalize_code
from domain.fees import money, valid_until
from domain.pdf.ticket import ticket_pdf
from domain.states import FOR_CITIZEN, VOID, AppointmentStatus, FilingStatus
from models import (
    Appointment,
    Court,
    Filing,
    FilingFile,
    NotificationDelivery,
    ReceiptHabilitation,
    ReceiptUse,
)
from services import constancia, uploads
from services.court_settings import court_logo
from services.tickets import ticket_data

MAX_PDF_BYTES = 20 * uploads.MB  # the largest document a court issues (a notified resolution)
LINK = re.compile(r"/verificar/([a-z-]+)/([^/?#\s]+)")


@dataclass(frozen=True)
class Verified:
    """What the public sees of a genuine document."""

    kind: str
    title: str
    code: str
    in_force: bool  # still valid for what it was issued for
    state: str
    facts: tuple[tuple[str, str], ...]
    files: tuple[tuple[str, str], ...] = ()  # (which file, its SHA-256 in hex)
    note: str = ""


@dataclass(frozen=True)
class DocumentKind:
    label: str
    find: Callable[[str], Verified | None]  # a normalized code -> the document, or None
    exists: Callable[[str, datetime], bool]  # (code, now); cheap: the search asks every kind
    page: str = ""  # the endpoint (taking `code`) of the kind's own public page, if it has one


@dataclass(frozen=True)
class FileCheck:
    matches: bool
    digest: str
    file: str  # which of the document's files it is ('' when none matched)


# --- the kinds --------------------------------------------------------------------------


def _sha(data: bytes) -> str:
    return sha256(data).hexdigest()


@lru_cache(maxsize=1024)
def _ticket_sha(data, logo_file: str | None) -> str:
    """The SHA-256 of the ticket PDF these data make (headed by the court's logo, named by its
    stored file), remembered per worker: building the PDF is most of the verification page's
    time, and the same data and logo always make the same bytes (a changed sede address, state
    or logo is another entry)."""
    return _sha(ticket_pdf(data, court_logo(Court.current())))


def _ticket(code: str) -> Verified | None:
    appointment = Appointment.by_code(code)
    if appointment is None:
        return None
    court = Court.current()
    data = ticket_data(appointment, court)
    void = appointment.status in VOID
    # The ticket's PDF is built when it is downloaded, the same bytes each time (its creation
    # date is the booking's): the file as issued, and as a void ticket once it is one.
    files = [("Ticket en PDF, como se emitió", _ticket_sha(_as_issued(data), court.logo_file))]
    if void:
        files.append((f"Ticket en PDF, marcado {data.void}", _ticket_sha(data, court.logo_file)))
    return Verified(
        kind="cita",
        title="Ticket de cita en mesa de partes",
        code=appointment.code,
        in_force=appointment.status == AppointmentStatus.ACTIVA,
        state=_ticket_state(appointment.status),
        facts=(
            ("Código", appointment.code),
            ("Trámite", data.service),
            ("Sede", f"{data.sede}, {data.address}"),
            ("Fecha", data.day),
            ("Hora", data.time),
            ("Emitido el", data.issued),
        ),
        files=tuple(files),
        note="El PDF del ticket se genera cada vez que se descarga y siempre resulta igual; si "
        "la sede cambió de dirección después, el ticket que usted tiene ya no coincidirá.",
    )


def _as_issued(data):
    return replace(data, void="")


def _ticket_state(status: str) -> str:
    if status == AppointmentStatus.ACTIVA:
        return "Cita reservada: el ticket es válido para ser atendido."
    if status in (AppointmentStatus.ATENDIDA, AppointmentStatus.NO_ASISTIO):
        return f"Cita ya cerrada ({AppointmentStatus.label_of(status).lower()})."
    return FOR_CITIZEN[AppointmentStatus(status)].replace("Su cita", "La cita")


def _receipt(code: str) -> Verified | None:
    use = ReceiptUse.by_verification_code(code)
    if use is None:
        return None
    payment = use.payment
    court = Court.current()
    validated = clock.stamp(clock.local_now(court.timezone, use.used_at))
    habilitated = ReceiptHabilitation.get_or_none(ReceiptHabilitation.payment == payment)
    state = "Validado por la mesa de partes y usado en un trámite: no puede usarse otra vez."
    if habilitated is not None:
        state = "Validado y luego habilitado nuevamente por la corte (art. 36-37)."
    return Verified(
        kind="comprobante",
        title="Comprobante de pago validado",
        code=use.verification_code,
        in_force=True,
        state=state,
        facts=(
            ("Código de verificación", use.verification_code),
            ("Comprobante (secuencia)", payment.sequence),
            ("Pagado el", f"{payment.paid_on:%d/%m/%Y}"),
            ("Monto", money(payment.amount)),
            ("Código de arancel", payment.concept_code),
            ("Validado el", validated),
            ("Vigencia", f"hasta el {valid_until(payment.paid_on):%d/%m/%Y} (art. 16)"),
        ),
        note="La corte no emite un archivo de este comprobante: compare estos datos con el "
        "comprobante del banco que usted tiene.",
    )


def _constancia(code: str) -> Verified | None:
    """The constancia as the upload box needs it: every file's hash, a replaced one too (a
    constancia printed before the change still lists it). Its page is filing_check's."""
    filing = Filing.get_or_none(Filing.verification_code == code)
    if filing is None:
        return None
    files = []
    for row in filing.files.order_by(FilingFile.role.desc(), FilingFile.position, FilingFile.id):
        replaced = " (reemplazado después)" if row.replaced_at else ""
        files.append((f"{constancia.file_label(row)}{replaced}", row.sha256))
    return Verified(
        kind="tramite",
        title=f"Constancia del trámite {filing.tracking_number}",
        code=filing.verification_code,
        in_force=True,
        state=FilingStatus.label_of(filing.status),
        facts=(("Número de trámite", filing.tracking_number),),
        files=tuple(files),
    )


def _no_generic_page(code: str) -> None:
    """A kind whose own page shows it: the generic page answers 404 for it."""
    return None


KINDS: dict[str, DocumentKind] = {
    "cita": DocumentKind(
        "Ticket de cita",
        _ticket,
        lambda code, now: Appointment.select().where(Appointment.code == code).exists(),
    ),
    "tramite": DocumentKind(
        "Constancia de un trámite de la mesa de partes electrónica",
        _constancia,
        lambda code, now: Filing.select().where(Filing.verification_code == code).exists(),
        page="filing_check.show_filing",
    ),
    "notificacion": DocumentKind(
        "Constancia de una notificación electrónica",
        _no_generic_page,
        # Only once available to its addressee: before, its proof page does not exist either.
        lambda code, now: NotificationDelivery.public(code, now) is not None,
        page="casilla.verify_notification",
    ),
    "comprobante": DocumentKind(
        "Comprobante de pago validado",
        _receipt,
        lambda code, now: ReceiptUse.select().where(ReceiptUse.verification_code == code).exists(),
    ),
}


# --- the use cases ----------------------------------------------------------------------


def _code(typed: str) -> str:
    code = normalize_code(typed)
    return code if len(code) <= 40 else ""


def document(kind: str, typed_code: str) -> Verified | None:
    """The document of that kind and code (typed any way a person types it), or None."""
    entry, code = KINDS.get(kind), _code(typed_code)
    if entry is None or not code:
        return None
    return entry.find(code)


def search(typed: str, now: datetime) -> tuple[str, str] | None:
    """A typed code or a pasted or scanned verification link: (kind, code) of the one
    document it names at `now`, or None."""
    text = (typed or "").strip()[:300]
    link = LINK.search(text)
    kinds = [link.group(1)] if link else list(KINDS)
    code = _code(link.group(2) if link else text)
    for kind in kinds:
        if code and kind in KINDS and KINDS[kind].exists(code, now):
            return kind, code
    return None


def check_file(found: Verified, upload) -> FileCheck:
    """Whether an uploaded PDF is one of the document's files, by SHA-256; the file is hashed
    as it arrives and never kept. uploads.Refused when it is not a PDF or is too big."""
    digest = uploads.pdf_digest(upload, MAX_PDF_BYTES)
    for label, registered in found.files:
        if registered == digest:
            return FileCheck(True, digest, label)
    return FileCheck(False, digest, "")


def checked_at(now: datetime) -> str:
    """When a check was made, on the court's wall clock (the page says it)."""
    return clock.stamp(clock.local_now(Court.current().timezone, now))
