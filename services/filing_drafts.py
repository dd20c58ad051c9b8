"""A filing being written, step by step: what each step keeps, the files it has received, and
the confirmation that turns it into a filing (services/filings.submit).

The draft lives in the database, not in the session: files are too big for a cookie, and a
phone that drops its connection between steps comes back to everything it had sent.
"""

import json
import os
import secrets
import time
from datetime import datetime, timedelta

from db import write_transaction
from domain.filings import FileLimits, FileRole, FilingData, check_annex
from models import DraftFile, Filing, FilingDraft, FilingFile
from services import filing_fees, filing_files, filings, storage
from services.actor import Actor
from services.filings import MAY_NOT_FILE, NotFilable, StoredFile, may_file

FIELDS = (
    "filer_kind",
    "contact_email",
    "contact_phone",
    "dependencia_id",
    "document_type",
    "document_number",
    "case_number",
    "subject",
    "folios",
    "privacy",
)
DRAFT_KEPT = timedelta(days=7)
ORPHAN_AGE = timedelta(hours=6)  # a file this old that no draft or filing names was abandoned


def start(person, now: datetime) -> FilingDraft:
    if not may_file(person):
        raise NotFilable({"form": MAY_NOT_FILE})
    return FilingDraft.create(
        key=secrets.token_urlsafe(18),
        filer=person.id,
        data=json.dumps(
            {
                "filer_kind": "natural",
                "contact_email": person.email,
                "contact_phone": person.phone or "",
            }
        ),
        created_at=now,
        updated_at=now,
    )


def data_of(draft: FilingDraft) -> dict:
    return json.loads(draft.data or "{}")


def keep(draft: FilingDraft, fields: dict, now: datetime) -> dict:
    """Add what a step typed to the draft (only the filing's own fields); the whole data."""
    data = data_of(draft) | {k: v for k, v in fields.items() if k in FIELDS}
    FilingDraft.update(data=json.dumps(data), updated_at=now).where(
        FilingDraft.id == draft.id
    ).execute()
    draft.data = json.dumps(data)
    return data


def files_of(draft: FilingDraft) -> list[DraftFile]:
    return list(draft.files.order_by(DraftFile.role.desc(), DraftFile.position))


def add_file(
    draft: FilingDraft, role: str, stream, filename: str, now: datetime, limits: FileLimits
) -> DraftFile:
    """Receive a file into the draft: the main document replaces the one before; an annex
    takes the next place. Raises FileRefused naming the file."""
    if role == FileRole.PRINCIPAL:
        position, limit, allowed = 0, limits.main_bytes, ("pdf",)
    else:
        position = 1 + draft.files.where(DraftFile.role == FileRole.ANEXO).count()
        check_annex(limits, position, filing_files.file_name(filename), 0)
        limit, allowed = limits.annex_bytes(position), limits.annex_types
    received = filing_files.receive(stream, filename, limit, allowed)
    try:
        with write_transaction():
            replaced = list(
                draft.files.where((DraftFile.role == role) & (DraftFile.position == position))
            )
            for old in replaced:
                old.delete_instance()
            row = DraftFile.create(
                draft=draft,
                role=role,
                position=position,
                original_name=received.original_name,
                stored_name=received.stored_name,
                size=received.size,
                pages=received.pages,
                sha256=received.sha256,
                received_at=now,
            )
            if role == FileRole.PRINCIPAL and received.pages and not data_of(draft).get("folios"):
                keep(draft, {"folios": received.pages}, now)
    except BaseException:
        filing_files.remove(received.stored_name)
        raise
    for old in replaced:
        filing_files.remove(old.stored_name)
    return row


def drop_file(draft: FilingDraft, file_id: int) -> bool:
    """Take a file out of the draft; annexes after it move up one place."""
    row = draft.files.where(DraftFile.id == file_id).first()
    if row is None:
        return False
    with write_transaction():
        row.delete_instance()
        later = draft.files.where(
            (DraftFile.role == row.role) & (DraftFile.position > row.position)
        ).order_by(DraftFile.position)
        for moved in later:
            DraftFile.update(position=moved.position - 1).where(DraftFile.id == moved.id).execute()
    filing_files.remove(row.stored_name)
    return True


def filing_data(draft: FilingDraft) -> FilingData:
    data = data_of(draft)
    return FilingData(
        filer_kind=str(data.get("filer_kind", "")),
        contact_email=str(data.get("contact_email", "")),
        contact_phone=str(data.get("contact_phone", "")),
        dependencia_id=as_int(data.get("dependencia_id")),
        document_type=str(data.get("document_type", "")),
        document_number=str(data.get("document_number", "")),
        case_number=str(data.get("case_number", "")),
        subject=str(data.get("subject", "")),
        folios=as_int(data.get("folios")),
    )


def as_int(value) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return 0


def submit(draft: FilingDraft, *, actor: Actor, now: datetime) -> Filing:
    """Turn the draft into a filing; its files move with it, its receipts are marked used by
    the same commit (services/filing_fees.py). Once only: the draft's key is the filing's
    submission key."""
    if not data_of(draft).get("privacy"):
        raise NotFilable({"privacy": "Acepte la política de privacidad para presentar."})
    stored = [
        StoredFile(
            role=f.role,
            position=f.position,
            original_name=f.original_name,
            stored_name=f.stored_name,
            size=f.size,
            sha256=f.sha256,
            pages=f.pages,
        )
        for f in files_of(draft)
    ]
    receipts, fee_note = filing_fees.for_submit(draft, actor.user, now)
    return filings.submit(
        filing_data(draft),
        stored,
        submission_key=draft.key,
        actor=actor,
        now=now,
        consumed_draft=draft,
        receipts=receipts,
        fee_note=fee_note,
    )


def purge(now: datetime) -> dict[str, int]:
    """Forget drafts nobody touched for a week, and remove files that neither a draft nor a
    filing names (a crash between writing a file and its row leaves one)."""
    old = list(FilingDraft.select().where(FilingDraft.updated_at < now - DRAFT_KEPT))
    for draft in old:
        names = [f.stored_name for f in draft.files]
        with write_transaction():
            draft.delete_instance(recursive=True)
        for name in names:
            filing_files.remove(name)
    kept = {row.stored_name for row in DraftFile.select(DraftFile.stored_name)}
    kept |= {row.stored_name for row in FilingFile.select(FilingFile.stored_name)}
    # Files carry the system's real time: their age is measured on it, not on `now`.
    limit = time.time() - ORPHAN_AGE.total_seconds()
    store = storage.files()
    abandoned = [
        name
        for name, modified in store.names()
        if name not in kept and modified <= limit and filing_files.STORED_NAME.match(name)
    ]
    for name in abandoned:
        store.delete(name)
    orphans = len(abandoned)
    # Writes a crash interrupted before they were checked and stored (".part-" files).
    scratch = store.scratch
    if os.path.isdir(scratch):
        for name in os.listdir(scratch):
            full = os.path.join(scratch, name)
            if name.startswith(".part-") and os.path.getmtime(full) <= limit:
                os.unlink(full)
                orphans += 1
    return {"drafts": len(old), "orphan_files": orphans}
