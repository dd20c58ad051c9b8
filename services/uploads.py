"""Uploaded files: accepted by their content (magic bytes), stored outside static/ at random names.

The browser's file name and Content-Type are never read: a renamed .exe is still an .exe.
Bodies above MAX_CONTENT_LENGTH never get here (Flask answers 413 before reading them); each
kind of file has its own, smaller limit, checked while copying.
"""

import os
import re
import secrets
import tempfile
from dataclasses import dataclass

from flask import current_app

MB = 1024 * 1024
CHUNK = 64 * 1024

# ISO base media files carry "ftyp" at offset 4 and then a brand. "qt  " is QuickTime, what
# iPhones record; browsers play its H.264 video as MP4.
MP4_BRANDS = {
    b"isom",
    b"iso2",
    b"iso3",
    b"iso4",
    b"iso5",
    b"iso6",
    b"mp41",
    b"mp42",
    b"avc1",
    b"M4V ",
    b"dash",
    b"mmp4",
    b"MSNV",
    b"qt  ",
}
EXTENSIONS = {
    "image/jpeg": "jpg",
    "image/png": "png",
    "application/pdf": "pdf",
    "video/mp4": "mp4",
    "video/webm": "webm",
}
STORED_NAME = re.compile(r"^[0-9a-f]{32}\.(jpg|png|pdf|mp4|webm)$")


@dataclass(frozen=True)
class Kind:
    mimes: tuple[str, ...]
    max_bytes: int
    wrong_type: str
    too_big: str


KINDS = {
    "document": Kind(
        ("image/jpeg", "image/png", "application/pdf"),
        5 * MB,
        "El archivo no es una imagen JPG o PNG ni un PDF",
        "La foto del documento pesa más de 5 MB. Envíe una foto más liviana",
    ),
    "video": Kind(
        ("video/mp4", "video/webm"),
        20 * MB,
        "El archivo no es un video MP4 o WebM",
        "El video pesa más de 20 MB. Grabe uno más corto, de unos 30 segundos",
    ),
}


class Refused(Exception):
    """The file cannot be accepted; the message tells the person what to send instead."""


def sniff(head: bytes) -> str | None:
    """The MIME type the first bytes of a file prove, among the ones we accept; else None."""
    if head.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if head.startswith(b"%PDF-"):
        return "application/pdf"
    if head[4:8] == b"ftyp" and head[8:12] in MP4_BRANDS:
        return "video/mp4"
    if head.startswith(b"\x1a\x45\xdf\xa3") and b"webm" in head[:64]:  # EBML, DocType webm
        return "video/webm"
    return None


def folder(area: str) -> str:
    return os.path.join(current_app.config["UPLOAD_FOLDER"], area)


def save(upload, kind: str, area: str) -> tuple[str, str]:
    """Check `upload` (a FileStorage) and store it under UPLOAD_FOLDER/area; (name, mime)."""
    rule = KINDS[kind]
    stream = upload.stream
    head = stream.read(64)
    if not head:
        raise Refused("El archivo está vacío. Elija el archivo otra vez")
    mime = sniff(head)
    if mime not in rule.mimes:
        raise Refused(rule.wrong_type)
    target = folder(area)
    os.makedirs(target, exist_ok=True)
    name = f"{secrets.token_hex(16)}.{EXTENSIONS[mime]}"
    handle, temp = tempfile.mkstemp(dir=target, prefix=".part-")
    try:
        with os.fdopen(handle, "wb") as out:
            size = _copy(head, stream, out, rule)
            out.flush()
            os.fsync(out.fileno())
        if size > rule.max_bytes:
            raise Refused(rule.too_big)
        os.replace(temp, os.path.join(target, name))  # all or nothing: no half files
    except BaseException:
        os.unlink(temp)
        raise
    return name, mime


def _copy(head: bytes, stream, out, rule: Kind) -> int:
    """Copy until the end or one byte past the limit, whichever comes first."""
    out.write(head)
    size = len(head)
    while size <= rule.max_bytes:
        chunk = stream.read(CHUNK)
        if not chunk:
            break
        out.write(chunk)
        size += len(chunk)
    return size


def path(area: str, name: str) -> str:
    """The file of a stored name; a name we did not make is refused, so no path tricks."""
    if not STORED_NAME.match(name or ""):
        raise ValueError(f"not a stored upload name: {name!r}")
    return os.path.join(folder(area), name)


def remove(area: str, name: str) -> None:
    try:
        os.unlink(path(area, name))
    except FileNotFoundError:
        pass
