"""Files that arrive in pieces and resume after a dropped connection (the tus protocol, 1.0.0
core and creation): a phone on 3G that loses its link at 60 % sends only the last 40 %.

The partial file is the only record of the bytes received: its size is the offset the client
resumes from, so nothing is counted that did not reach the disk. When the last byte arrives the
file goes through the same checks as a plain upload (services/filing_drafts.add_file).
"""

import os
import re
import secrets
from datetime import datetime, timedelta

from flask import current_app

from domain.filings import FileLimits, FileRefused, FileRole, check_annex, check_main
from models import DraftFile, FilingDraft, ResumableUpload
from services import filing_drafts, filing_files
from services.uploads import CHUNK

AREA = "filings-partial"
KEY = re.compile(r"^[0-9a-f]{32}$")
KEPT = timedelta(days=1)  # a transfer left this long is abandoned


class OffsetMismatch(Exception):
    """The client's offset is not the server's: it must ask (HEAD) and resume from there."""


def folder() -> str:
    return os.path.join(current_app.config["UPLOAD_FOLDER"], AREA)


def partial_path(upload: ResumableUpload) -> str:
    if not KEY.match(upload.key):
        raise ValueError(f"not an upload key: {upload.key!r}")
    return os.path.join(folder(), f"{upload.key}.part")


def create(
    draft: FilingDraft, role: str, filename: str, length: int, now: datetime, limits: FileLimits
) -> ResumableUpload:
    """Announce a file of `length` bytes; refused at once (FileRefused, naming the file) when
    its name, its place among the annexes or its size cannot be accepted."""
    name = filing_files.file_name(filename)
    if role == FileRole.PRINCIPAL:
        if filing_files.extension_of(filename) != "pdf":
            raise FileRefused(f"«{name}»: el documento principal debe ser un PDF.")
        check_main(limits, name, length)
    elif role == FileRole.ANEXO:
        position = 1 + draft.files.where(DraftFile.role == FileRole.ANEXO).count()
        check_annex(limits, position, name, length)
    else:
        raise FileRefused("Elija si el archivo es el documento principal o un anexo.")
    if length <= 0:
        raise FileRefused(f"«{name}» está vacío. Elija el archivo otra vez.")
    upload = ResumableUpload.create(
        key=secrets.token_hex(16),
        draft=draft,
        role=role,
        filename=name,
        length=length,
        created_at=now,
    )
    os.makedirs(folder(), exist_ok=True)
    with open(partial_path(upload), "xb"):
        pass
    return upload


def offset(upload: ResumableUpload) -> int:
    try:
        return os.path.getsize(partial_path(upload))
    except FileNotFoundError:
        return 0


def append(upload: ResumableUpload, stream, at: int) -> int:
    """Add what `stream` carries at offset `at`; the new offset. Bytes received before a
    dropped connection are kept (flushed to disk), so the client resumes after them."""
    current = offset(upload)
    if at != current:
        raise OffsetMismatch(f"offset {at}, expected {current}")
    with open(partial_path(upload), "ab") as out:
        try:
            while current < upload.length:
                chunk = stream.read(min(CHUNK, upload.length - current))
                if not chunk:
                    break
                out.write(chunk)
                current += len(chunk)
        finally:
            out.flush()
            os.fsync(out.fileno())
    return current


def finish(upload: ResumableUpload, now: datetime, limits: FileLimits) -> DraftFile:
    """The whole file has arrived: check it as any upload and add it to its draft."""
    try:
        with open(partial_path(upload), "rb") as received:
            return filing_drafts.add_file(
                upload.draft, upload.role, received, upload.filename, now, limits
            )
    finally:
        discard(upload)


def discard(upload: ResumableUpload) -> None:
    try:
        os.unlink(partial_path(upload))
    except FileNotFoundError:
        pass
    upload.delete_instance()


def purge(now: datetime) -> int:
    """Remove transfers nobody resumed for a day."""
    stale = list(ResumableUpload.select().where(ResumableUpload.created_at < now - KEPT))
    for upload in stale:
        discard(upload)
    return len(stale)
