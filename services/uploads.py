"""Uploaded files: accepted by their content (magic bytes), stored outside static/ at random names.

The browser's file name and Content-Type are never read to judge a file (a renamed .exe is still
an .exe); the name only appears in messages, so the person knows which file was refused.
Bodies above MAX_CONTENT_LENGTH never get here (Flask answers 413 before reading them); each
kind of file has its own, smaller limit, checked while copying. A PDF must be passive: a
verifier opens it, so nothing in it may run, open another program or carry other files.
"""

import hashlib
import os
import re
import secrets
import tempfile
from dataclasses import dataclass

import pypdf
from flask import current_app
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject

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
    "logo": Kind(
        ("image/png", "image/jpeg"),
        1 * MB,
        "El logotipo debe ser una imagen PNG o JPG",
        "El logotipo pesa más de 1 MB. Envíe una imagen más liviana",
    ),
    "video": Kind(
        ("video/mp4", "video/webm"),
        20 * MB,
        "El archivo no es un video MP4 o WebM",
        "El video pesa más de 20 MB. Grabe uno más corto, de unos 30 segundos",
    ),
    "notification": Kind(
        ("application/pdf",),
        20 * MB,
        "El archivo no es un PDF. Guarde el documento como PDF y súbalo otra vez",
        "El PDF pesa más de 20 MB. Guárdelo con menos resolución o divídalo en anexos",
    ),
}


# What makes a PDF active, by the dictionary key that carries it, and how we name it.
ACTIVE_KEYS = {
    "/JS": "JavaScript",
    "/JavaScript": "JavaScript",
    "/AA": "acciones automáticas",
    "/EmbeddedFiles": "archivos adjuntos",
    "/EmbeddedFile": "archivos adjuntos",
    "/EF": "archivos adjuntos",
    "/XFA": "un formulario XFA (que puede ejecutar código)",
    "/RichMedia": "contenido multimedia activo",
    "/RichMediaContent": "contenido multimedia activo",
}
# Actions (/S) that only move inside the document or follow a link: anything else runs code,
# opens a program or a file, sends data or plays media, and is refused.
PASSIVE_ACTIONS = {"/GoTo", "/URI", "/Named", "/Thread"}
ACTIVE_ACTIONS = {
    "/JavaScript": "JavaScript",
    "/Launch": "una orden para abrir otro programa",
    "/GoToE": "archivos adjuntos",
    "/GoToR": "una orden para abrir otro archivo",
}
PDF_OBJECTS_LIMIT = 200_000  # far above a scanned document's; beyond it, not worth the time


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
        if mime == "application/pdf":
            check_pdf(temp, upload.filename)
        os.replace(temp, os.path.join(target, name))  # all or nothing: no half files
    except BaseException:
        os.unlink(temp)
        raise
    return name, mime


def pdf_digest(upload, max_bytes: int) -> str:
    """The SHA-256 of an uploaded PDF (checked by its first bytes), read as it streams in and
    never stored: whoever checks a document on /verificar keeps it to themselves."""
    stream = upload.stream
    head = stream.read(64)
    if not head:
        raise Refused("El archivo está vacío. Elija el archivo otra vez")
    if sniff(head) != "application/pdf":
        name = shown_name(upload.filename)
        name = "El archivo" if name == "El PDF" else f"El archivo {name}"
        raise Refused(f"{name} no es un PDF. Elija el PDF que recibió")
    digest, size = hashlib.sha256(head), len(head)
    while chunk := stream.read(CHUNK):
        size += len(chunk)
        if size > max_bytes:
            raise Refused(f"El PDF pesa más de {max_bytes // MB} MB. Elija el PDF que recibió")
        digest.update(chunk)
    return digest.hexdigest()


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


def check_pdf(file: str, filename: str | None) -> int:
    """Refuse an encrypted PDF (it cannot be checked) and one with active content; its pages."""
    shown = shown_name(filename)
    try:
        reader = pypdf.PdfReader(file, strict=False)
        if reader.is_encrypted:
            raise Refused(
                f"{shown} está protegido con contraseña o cifrado y no se puede revisar. Envíe"
                " una foto del documento o un PDF sin protección"
            )
        active = active_content(reader)
        pages = len(reader.pages)
    except Refused:
        raise
    except Exception:  # pypdf fails in many ways on a broken file; a viewer might still open it
        raise Refused(
            f"{shown} no es un PDF que se pueda leer: está dañado o incompleto. Envíe una foto"
            " del documento o guarde el PDF otra vez"
        ) from None
    if active:
        raise Refused(
            f"{shown} contiene {active}, y por seguridad no aceptamos PDF que ejecuten o abran"
            " algo. Envíe una foto del documento o un PDF escaneado sin esos elementos"
        )
    return pages


def active_content(reader: pypdf.PdfReader) -> str | None:
    """What makes this PDF active (in Spanish), or None: every object reachable from the
    trailer is visited once, so nothing hides in a page, an annotation or a name tree."""
    seen: set[tuple[int, int]] = set()
    stack: list = [reader.trailer]
    while stack:
        item = stack.pop()
        if isinstance(item, IndirectObject):
            if (item.idnum, item.generation) in seen:
                continue
            seen.add((item.idnum, item.generation))
            if len(seen) > PDF_OBJECTS_LIMIT:
                return "demasiados objetos para revisarlo"
            item = item.get_object()
        if isinstance(item, DictionaryObject):
            found = _active_dictionary(item)
            if found:
                return found
            stack.extend(item.values())
        elif isinstance(item, ArrayObject):
            stack.extend(item)
    return None


def _active_dictionary(item: DictionaryObject) -> str | None:
    for key in item:
        if key in ACTIVE_KEYS:
            return ACTIVE_KEYS[key]
    # Actions hang from /A (links, outlines, fields), /OpenAction and /Next (a chain). Opening
    # at a page (a destination: an array) or moving inside the document is passive.
    actions = [item] if item.get("/Type") == "/Action" else []
    for key in ("/A", "/OpenAction", "/Next"):
        if key in item:
            value = item[key]  # resolved by pypdf
            actions.extend(value if isinstance(value, ArrayObject) else [value])
    for action in actions:
        action = action.get_object() if isinstance(action, IndirectObject) else action
        kind = action.get("/S") if isinstance(action, DictionaryObject) else None
        if kind is not None and kind not in PASSIVE_ACTIONS:
            return ACTIVE_ACTIONS.get(kind, f"una acción de tipo {str(kind).lstrip('/')}")
    return None


def file_name(filename: str | None) -> str:
    """The browser's file name without folders or control characters ('' when none)."""
    name = os.path.basename((filename or "").replace("\\", "/"))
    return "".join(c for c in name if c.isprintable())[:80]


def shown_name(filename: str | None) -> str:
    """The browser's file name, fit to quote in a message."""
    name = file_name(filename)
    return f"«{name}»" if name else "El PDF"


def path(area: str, name: str) -> str:
    """The file of a stored name; a name we did not make is refused, so no path tricks."""
    if not STORED_NAME.match(name or ""):
        raise ValueError(f"not a stored upload name: {name!r}")
    return os.path.join(folder(area), name)


def sha256(area: str, name: str) -> tuple[str, int]:
    """The SHA-256 (hex) and size of a stored file."""
    digest, size = hashlib.sha256(), 0
    with open(path(area, name), "rb") as stored:
        while chunk := stored.read(CHUNK):
            digest.update(chunk)
            size += len(chunk)
    return digest.hexdigest(), size


def remove(area: str, name: str) -> None:
    try:
        os.unlink(path(area, name))
    except FileNotFoundError:
        pass
