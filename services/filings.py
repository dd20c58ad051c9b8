"""Electronic filing's use cases: submit a filing, and move it through its states.

A filing's files are written durably (services/uploads.py) before `submit` runs; `submit`
stores the filing, its files' rows, its number and its first history step in one transaction,
and removes the files again if that transaction fails, so a failure leaves no orphan and no
half-filing. Every state change is checked against domain.states.FILING, compare-and-set on
the state it was read in, kept in the history, audited and e-mailed to the filer.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from db import write_transaction
from domain.case_numbers import normalize_case_number
from domain.clock import stamp, to_utc
from domain.codes import new_code
from domain.filings import (
    DEFAULT_RECEPTION_HOURS,
    DocumentType,
    FilerKind,
    FileRole,
    FilingData,
    data_errors,
    reception_time,
)
from domain.roles import CITIZEN
from domain.states import (
    FILING,
    FILING_FOR_FILER,
    FilingAction,
    FilingStatus,
    IdentityStatus,
    WrongState,
)
from models import (
    Closure,
    Court,
    Dependencia,
    Filing,
    FilingCounter,
    FilingEvent,
    FilingFile,
    ReceptionHours,
)
from services import audit, constancia, filing_receipts
from services.actor import Actor
from services.notify import notify

AREA = "filings"  # the uploads folder of filings' files


class NotFilable(Exception):
    """The filing cannot be made as sent; `errors` maps each field to its Spanish message."""

    def __init__(self, errors: dict[str, str]):
        super().__init__("; ".join(errors.values()))
        self.errors = errors


@dataclass(frozen=True)
class StoredFile:
    """A file already written under the filings' folder, with what was read from it."""

    role: str
    position: int
    original_name: str
    stored_name: str
    size: int
    sha256: str
    pages: int | None = None


def reception_for(dependencia: Dependencia, submitted_utc: datetime) -> datetime:
    """When a filing sent at `submitted_utc` to `dependencia` counts as received (UTC)."""
    court = Court.current()
    local = court.local_time(submitted_utc)
    hours = ReceptionHours.of(dependencia) or DEFAULT_RECEPTION_HOURS
    closed = Closure.days_for(dependencia.sede_id, local.date(), local.date() + timedelta(400))
    received = reception_time(local, hours, closed)
    if received == local:
        return submitted_utc
    return to_utc(court.timezone, received.date(), received.time()).replace(tzinfo=None)


def submit(
    data: FilingData,
    files: list[StoredFile],
    *,
    submission_key: str,
    actor: Actor,
    now: datetime,
    remove_file=None,
    consumed_draft=None,
    receipts: Sequence[filing_receipts.ReceiptToUse] = (),
    fee_note: str = "",
) -> Filing:
    """File it: one filing per `submission_key`, however often the same form is sent.

    A repeated key returns the filing the first send made (and the files sent again are
    removed: the first send's are kept). `remove_file(stored_name)` deletes a stored file;
    it runs for every file when the filing is refused or its transaction fails.
    `consumed_draft` (services/filing_drafts.py) is deleted with the same commit. `receipts`
    are marked used by the same commit: one another filing took first refuses the whole
    filing (NotFilable on "fees"), nothing written. `fee_note` says which fees are missing or
    observed (seed 004 art. 14.1.3): the filing is accepted all the same."""
    person = actor.user
    try:
        earlier = Filing.get_or_none(Filing.submission_key == submission_key)
        if earlier is not None:
            if earlier.filer_id != person.id:
                raise NotFilable({"form": "Este formulario ya se usó. Empiece otra vez."})
            _discard(files, remove_file)
            return earlier
        if not may_file(person):
            raise NotFilable({"form": MAY_NOT_FILE})
        dependencia = Dependencia.get_or_none(Dependencia.id == data.dependencia_id)
        errors = filing_errors(data, files, dependencia, now)
        if data.filer_kind == FilerKind.JURIDICA and not person.company_ruc:
            errors["filer_kind"] = "Registre primero su persona jurídica en «Mi cuenta»."
        if errors:
            raise NotFilable(errors)
        received = reception_for(dependencia, now)
        for_company = data.filer_kind == FilerKind.JURIDICA
        with write_transaction():
            # Taken inside the transaction: a rollback gives the number back (no gaps), and
            # concurrent filers queue on the counter's row until this one commits.
            number = FilingCounter.take_next(dependencia.court_id, now.year)
            filing = Filing.create(
                court=dependencia.court_id,
                year=now.year,
                number=number,
                verification_code=new_code(),
                submission_key=submission_key,
                filer=person.id,
                filer_kind=data.filer_kind,
                company_ruc=(person.company_ruc or "") if for_company else "",
                company_name=person.company_name if for_company else "",
                contact_email=data.contact_email,
                contact_phone=data.contact_phone,
                dependencia=dependencia.id,
                document_type=data.document_type,
                document_number=data.document_number.strip().upper(),
                case_number=case_number(data, now),
                subject=data.subject.strip(),
                folios=data.folios,
                submitted_at=now,
                received_at=received,
                fee_note=fee_note.strip(),
                updated_at=now,
            )
            for stored in files:
                FilingFile.create(filing=filing, **stored.__dict__)
            try:
                filing_receipts.use_all(filing, receipts, actor, now)
            except filing_receipts.ReceiptTaken as taken:
                raise NotFilable({"fees": str(taken)}) from None
            FilingEvent.create(
                filing=filing,
                at=now,
                action=FilingAction.PRESENTAR,
                to_status=FilingStatus.PENDIENTE,
                actor=person.id,
                actor_label=actor.label,
            )
            audit.log(actor, "tramite_presentado", now, subject=filing.tracking_number)
            if consumed_draft is not None:
                consumed_draft.delete_instance(recursive=True)
    except BaseException:
        _discard(files, remove_file)
        raise
    notify(
        filing.contact_email,
        "filing_received",
        filing=summary(filing),
        attachments=[(constancia.ATTACHMENT, filing.id)],
    )
    return filing


def summary(filing: Filing) -> dict:
    """What e-mails and pages show of a filing, in words and the court's time."""
    court = Court.current()
    return {
        "court": court.name,
        "tracking_number": filing.tracking_number,
        "verification_code": filing.verification_code,
        "status": FilingStatus.label_of(filing.status),
        "status_text": FILING_FOR_FILER.get(filing.status, ""),
        "dependencia": filing.dependencia.name,
        "derived_to": filing.derived_to.name if filing.derived_to_id else "",
        "document_type": DocumentType.label_of(filing.document_type),
        "document_number": filing.document_number,
        "case_number": filing.case_number,
        "subject": filing.subject,
        "folios": filing.folios,
        "submitted": stamp(court.local_time(filing.submitted_at)),
        "received": stamp(court.local_time(filing.received_at)),
        "late": filing.received_at != filing.submitted_at,
        "observation": filing.observation,
        "fee_note": filing.fee_note,
        "receipts": filing_receipts.labels(filing),
    }


MAY_NOT_FILE = (
    "Para presentar documentos, confirme su correo y verifique su identidad en «Mi cuenta»."
)


def may_file(person) -> bool:
    """Only a person with a confirmed e-mail and an approved identity files (seed 003)."""
    return (
        person is not None
        and person.email_confirmed_at is not None
        and person.identity_status == IdentityStatus.APROBADA
    )


def court_today(now: datetime):
    return Court.current().local_time(now).date()


def case_number(data: FilingData, now: datetime) -> str:
    """The case number as the judiciary prints it ('' when none was given)."""
    typed = data.case_number.strip()
    return normalize_case_number(typed, court_today(now)) if typed else ""


def filing_errors(
    data: FilingData, files: list[StoredFile], dependencia, now: datetime
) -> dict[str, str]:
    errors = data_errors(data, court_today(now))
    if dependencia is None:
        errors["dependencia_id"] = "Elija la dependencia a la que dirige el documento."
    if not any(stored.role == FileRole.PRINCIPAL for stored in files):
        errors["main"] = "Adjunte el documento principal en PDF."
    return errors


def _discard(files: list[StoredFile], remove_file) -> None:
    if remove_file is None:
        return
    for stored in files:
        remove_file(stored.stored_name)


# --- moving a filing through its states -----------------------------------------------------

NOTE_REQUIRED = {FilingAction.OBSERVAR: "Escriba qué debe corregir el remitente."}
AUDIT_ACTIONS = {
    FilingAction.EDITAR: "tramite_modificado",
    FilingAction.ANULAR: "tramite_anulado",
    FilingAction.SUBSANAR: "tramite_subsanado",
    FilingAction.OBSERVAR: "tramite_observado",
    FilingAction.DERIVAR: "tramite_derivado",
    FilingAction.ATENDER: "tramite_atendido",
}
MOVED_ON = "Otra persona ya cambió este trámite; vuelva a abrirlo. No se cambió nada."


def move(
    filing: Filing,
    action: FilingAction,
    *,
    actor: Actor,
    now: datetime,
    note: str = "",
    to_dependencia: Dependencia | None = None,
) -> Filing:
    """Apply `action` to `filing` as `actor` (its filer acts as CITIZEN, on their own filing
    only); the filing as it now is. Raises TransitionNotAllowed (WrongState when someone else
    moved it first) or NotFilable for a missing note or dependencia."""
    roles = _roles_on(filing, actor)
    new_status = FILING.check(filing.status, action, roles)
    note = note.strip()
    if action in NOTE_REQUIRED and not note:
        raise NotFilable({"note": NOTE_REQUIRED[action]})
    if action == FilingAction.DERIVAR and to_dependencia is None:
        raise NotFilable({"dependencia_id": "Elija la dependencia a la que se deriva."})
    changes = {"status": new_status, "updated_at": now}
    if action == FilingAction.OBSERVAR:
        changes["observation"] = note
    if action == FilingAction.DERIVAR:
        changes["derived_to"] = to_dependencia.id
    with write_transaction():
        moved = (
            Filing.update(**changes)
            .where((Filing.id == filing.id) & (Filing.status == filing.status))
            .execute()
        )
        if not moved:
            raise WrongState(MOVED_ON)
        if action == FilingAction.ANULAR:
            filing_receipts.release(filing, actor, now)
        FilingEvent.create(
            filing=filing,
            at=now,
            action=action,
            from_status=filing.status,
            to_status=new_status,
            actor=actor.user.id if actor.user else None,
            actor_label=actor.label,
            note=note if action != FilingAction.DERIVAR else to_dependencia.name,
        )
        audit.log(actor, AUDIT_ACTIONS[action], now, subject=filing.tracking_number, detail=note)
    filing = Filing.get_by_id(filing.id)
    if action != FilingAction.EDITAR:
        notify(filing.contact_email, "filing_moved", filing=summary(filing), action=action.label)
    return filing


def _roles_on(filing: Filing, actor: Actor) -> set[str]:
    """The filer acts on their own filing as CITIZEN; staff by their roles."""
    if actor.user is None:
        return set()
    roles = set(actor.user.role_set) if actor.user.is_staff else set()
    if filing.filer_id == actor.user.id:
        roles.add(CITIZEN)
    return roles


def history(filing: Filing) -> list[FilingEvent]:
    return list(filing.events.order_by(FilingEvent.at, FilingEvent.id))


# --- the filer's changes while it awaits validation (seed 003) ----------------------------------

EDITABLE = {
    "contact_email": "correo de contacto",
    "contact_phone": "teléfono",
    "document_number": "número de documento",
    "case_number": "expediente",
    "subject": "asunto",
    "folios": "folios",
}


def edit(filing: Filing, data: FilingData, *, actor: Actor, now: datetime) -> Filing:
    """Change the filing's data as its filer, only while it awaits validation; the filing as
    it now is. Its number, dependencia, files' hashes and both instants stay."""
    FILING.check(filing.status, FilingAction.EDITAR, _roles_on(filing, actor))
    errors = data_errors(data, court_today(now))
    if errors:
        raise NotFilable(errors)
    changes = {
        "contact_email": data.contact_email.strip(),
        "contact_phone": data.contact_phone,
        "document_number": data.document_number.strip().upper(),
        "case_number": case_number(data, now),
        "subject": data.subject.strip(),
        "folios": data.folios,
    }
    changed = [EDITABLE[k] for k, v in changes.items() if getattr(filing, k) != v]
    if not changed:
        return filing
    with write_transaction():
        moved = (
            Filing.update(**changes, updated_at=now)
            .where((Filing.id == filing.id) & (Filing.status == FilingStatus.PENDIENTE))
            .execute()
        )
        if not moved:
            raise WrongState(MOVED_ON)
        note = "Cambió " + ", ".join(changed) + "."
        _event(filing, FilingAction.EDITAR, actor, now, note)
        audit.log(actor, "tramite_modificado", now, subject=filing.tracking_number, detail=note)
    return Filing.get_by_id(filing.id)


def replace_file(
    filing: Filing, file_id: int, new: StoredFile, *, actor: Actor, now: datetime
) -> FilingFile:
    """Put `new` (already stored) in the place of one of the filing's files, while it awaits
    validation. The replaced file's row stays, marked, for the history."""
    FILING.check(filing.status, FilingAction.EDITAR, _roles_on(filing, actor))
    old = filing.files.where((FilingFile.id == file_id) & FilingFile.replaced_at.is_null()).first()
    if old is None:
        raise NotFilable({"file": "Ese archivo ya no es parte del trámite."})
    with write_transaction():
        still = (
            Filing.update(updated_at=now)
            .where((Filing.id == filing.id) & (Filing.status == FilingStatus.PENDIENTE))
            .execute()
        )
        taken = (
            FilingFile.update(replaced_at=now)
            .where((FilingFile.id == old.id) & FilingFile.replaced_at.is_null())
            .execute()
        )
        if not (still and taken):
            raise WrongState(MOVED_ON)
        row = FilingFile.create(
            filing=filing, **(new.__dict__ | {"role": old.role, "position": old.position})
        )
        note = f"Reemplazó «{old.original_name}» por «{new.original_name}»."
        _event(filing, FilingAction.EDITAR, actor, now, note)
        audit.log(actor, "tramite_modificado", now, subject=filing.tracking_number, detail=note)
    return row


def _event(filing: Filing, action: FilingAction, actor: Actor, now: datetime, note: str) -> None:
    FilingEvent.create(
        filing=filing,
        at=now,
        action=action,
        from_status=filing.status,
        to_status=filing.status,
        actor=actor.user.id if actor.user else None,
        actor_label=actor.label,
        note=note,
    )
