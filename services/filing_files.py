"""A filing's files: received as a stream (sized and hashed as they arrive, never held in
memory), judged by their content on this machine, then kept under random names in the files'
store (services/storage.py: the filings' folder, or a bucket shared by several app servers).

The file name the browser sends only chooses which rule applies (its extension) and appears in
messages; the bytes decide: a renamed .exe is refused whatever it is called. A PDF must open, be
passive and not be encrypted (services/uploads.py checks it as for identity documents), and its
page count pre-fills the folios.
"""

import contextlib
import hashlib
import logging
import os
import re
import secrets
import tempfile
import zipfile
from dataclasses import dataclass

from flask import current_app

from domain.filings import FileRefused, megabytes
from services import storage
from services.uploads import CHUNK, Refused, check_pdf, file_name, shown_name

AREA = storage.AREA
log = logging.getLogger(__name__)
STORED_NAME = re.compile(r"^[0-9a-f]{32}\.(pdf|png|jpg|docx|doc|xlsx|xls|zip|rar)$")

# What the bytes must be for each extension a filer may send.
CONTENT_OF = {
    "pdf": "pdf",
    "png": "png",
    "jpg": "jpeg",
    "jpeg": "jpeg",
    "docx": "docx",
    "xlsx": "xlsx",
    "zip": "zip",
    "rar": "rar",
    "doc": "ole",
    "xls": "ole",
}
STORED_EXTENSION = {"jpeg": "jpg"}
OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # Word 97 and Excel 97 files


@dataclass(frozen=True)
class Received:
    """A file written whole under its final name, with what was read from it."""

    original_name: str
    stored_name: str
    size: int
    sha256: str
    pages: int | None


def folder() -> str:
    """The folder on this machine where files are written and checked before they are stored
    (with the default local store, the store itself)."""
    return os.path.join(current_app.config["UPLOAD_FOLDER"], AREA)


def checked(name: str) -> str:
    """A stored name we made; any other is refused, so no path or key tricks."""
    if not STORED_NAME.match(name or ""):
        raise ValueError(f"not a stored filing file: {name!r}")
    return name


def path(name: str) -> str:
    """The file of a stored name in the local folder (the default store; tests and tools)."""
    return os.path.join(folder(), checked(name))


def open_stored(name: str):
    """A stored file's bytes, as a binary stream to read once and close."""
    return storage.files().open(checked(name))


def remove(name: str) -> None:
    storage.files().delete(checked(name))


def extension_of(filename: str) -> str:
    name = file_name(filename)
    return name.rsplit(".", 1)[-1].lower() if "." in name else ""


def receive(stream, filename: str, limit: int, allowed: tuple[str, ...]) -> Received:
    """Keep `stream` in the files' store if it is what its extension says, within `limit`
    bytes; else raise FileRefused naming the file. Written, synced and checked on this
    machine before its final name appears in the store, so a file that has a name is whole."""
    shown = shown_name(filename)
    extension = extension_of(filename)
    if extension not in allowed:
        raise FileRefused(f"{shown}: el tipo de archivo no se admite (solo {', '.join(allowed)}).")
    store = storage.files()
    os.makedirs(store.scratch, exist_ok=True)
    digest = hashlib.sha256()
    size = 0
    handle, temp = tempfile.mkstemp(dir=store.scratch, prefix=".part-")
    try:
        with os.fdopen(handle, "wb") as out:
            while size <= limit:
                chunk = stream.read(CHUNK)
                if not chunk:
                    break
                out.write(chunk)
                digest.update(chunk)
                size += len(chunk)
            out.flush()
            os.fsync(out.fileno())
        if size == 0:
            raise FileRefused(f"{shown} está vacío. Elija el archivo otra vez.")
        if size > limit:
            raise FileRefused(f"{shown} pesa más de {megabytes(limit)}, el límite de este archivo.")
        pages = _check_content(temp, CONTENT_OF[extension], shown, filename)
        stored = f"{secrets.token_hex(16)}.{STORED_EXTENSION.get(extension, extension)}"
        try:
            store.put(stored, temp)
        except storage.Unavailable:
            # Said next to the file, like a refusal: the filer sends it again later.
            log.exception("filing file not stored")
            raise FileRefused(
                f"No se pudo guardar {shown} en este momento. Envíelo otra vez en unos minutos."
            ) from None
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temp)
        raise
    return Received(file_name(filename), stored, size, digest.hexdigest(), pages)


def _check_content(file: str, content: str, shown: str, filename: str) -> int | None:
    """Refuse a file whose bytes are not `content`; a PDF's page count."""
    with open(file, "rb") as fh:
        head = fh.read(8)
    if content == "pdf":
        if not head.startswith(b"%PDF-"):
            raise FileRefused(f"{shown} no es un PDF: su contenido es de otro tipo.")
        try:
            return check_pdf(file, filename)
        except Refused as refused:
            raise FileRefused(f"{refused}.") from None
    proof = {
        "png": head.startswith(b"\x89PNG\r\n\x1a\n"),
        "jpeg": head.startswith(b"\xff\xd8\xff"),
        "rar": head.startswith(b"Rar!\x1a\x07"),
        "ole": head == OLE,
        "zip": head.startswith(b"PK\x03\x04") and zipfile.is_zipfile(file),
        "docx": _office(file, "word/"),
        "xlsx": _office(file, "xl/"),
    }[content]
    if not proof:
        raise FileRefused(f"{shown} no es lo que dice su extensión: su contenido es de otro tipo.")
    return None


def _office(file: str, part: str) -> bool:
    """An Office Open XML file: a zip with its content types and the `part` folder."""
    try:
        with zipfile.ZipFile(file) as archive:
            names = archive.namelist()
    except (zipfile.BadZipFile, OSError):
        return False
    return "[Content_Types].xml" in names and any(name.startswith(part) for name in names)
