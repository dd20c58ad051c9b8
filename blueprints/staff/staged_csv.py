"""Staged uploads, shared by the fee tables, the bank's payment file (CSV) and the court's
configuration file (YAML or JSON text).

An upload is checked by its content and kept under UPLOAD_FOLDER/imports at a random name;
the preview and the "Confirmar" button carry a signed reference to it (file name, content
hash, uploader), so what is imported is exactly the file previewed, and only once.
"""

import hashlib
import os
import re
import secrets
import tempfile
import time
from dataclasses import dataclass, replace

from flask import current_app, flash
from flask_login import current_user
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from itsdangerous import BadSignature, URLSafeTimedSerializer
from wtforms import HiddenField

from blueprints.htmx import redirect_to
from services import imports, uploads

AREA = "imports"  # staged CSV files: UPLOAD_FOLDER/imports/<32 hex>.csv
MB = 1024 * 1024
MAX_BYTES = {"fees": 2 * MB, "bank": 10 * MB, "config": 1 * MB}
REF_MAX_AGE = int(imports.ONCE_FOR.total_seconds())  # seconds a preview stays importable
STALE_SECONDS = 24 * 3600
STAGED_NAME = re.compile(r"^[0-9a-f]{32}\.(csv|txt)$")
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
SHOW_ALL = 600  # longer files show their rows with errors and the first FIRST_ROWS
FIRST_ROWS = 100


class CsvUploadForm(FlaskForm):
    file = FileField(
        "Archivo CSV", validators=[FileRequired("Elija el archivo CSV que va a subir")]
    )


class ConfirmImportForm(FlaskForm):
    ref = HiddenField()


class NotCsv(Exception):
    """The upload is not a CSV we can read; the message says what to send instead."""


@dataclass(frozen=True)
class Staged:
    ref: str
    name: str
    filename: str
    text: str


def read_csv_upload(upload, max_bytes: int) -> str:
    """The text of an uploaded CSV, judged by its bytes (never by its name or type)."""
    data = upload.stream.read(max_bytes + 1)
    if not data.strip():
        raise NotCsv("El archivo está vacío. Elija el archivo CSV otra vez")
    if len(data) > max_bytes:
        raise NotCsv(f"El archivo pesa más de {max_bytes // MB} MB. Divídalo en partes")
    if data.startswith((b"PK\x03\x04", b"\xd0\xcf\x11\xe0")):
        raise NotCsv(
            "Es un libro de Excel, no un CSV. En Excel use «Guardar como» y elija "
            "«CSV UTF-8 (delimitado por comas)»"
        )
    if data.startswith((b"\xff\xfe", b"\xfe\xff")) or b"\x00" in data or uploads.sniff(data[:64]):
        raise NotCsv("El archivo no es un CSV de texto. Elija el archivo .csv")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise NotCsv(
            "El archivo no está en UTF-8. En Excel use «Guardar como» y elija "
            "«CSV UTF-8 (delimitado por comas)»"
        ) from None
    if CONTROL.search(text):
        raise NotCsv("El archivo tiene caracteres de control: no es un CSV de texto")
    header = text.lstrip().split("\n", 1)[0]
    if ";" in header and "," not in header:
        raise NotCsv(
            "Las columnas están separadas por punto y coma. Guarde el archivo como "
            "«CSV UTF-8 (delimitado por comas)»"
        )
    return text


def _signer(kind: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.secret_key, salt=f"csv-import:{kind}")


def _folder() -> str:
    return uploads.folder(AREA)


def stage(upload, kind: str, read=read_csv_upload, suffix: str = ".csv") -> str:
    """Keep the text `read` checked at a random name; return the signed reference to it."""
    text = read(upload, MAX_BYTES[kind])
    folder = _folder()
    os.makedirs(folder, exist_ok=True)
    _sweep(folder)
    name = f"{secrets.token_hex(16)}{suffix}"
    handle, temp = tempfile.mkstemp(dir=folder, prefix=".part-")
    with os.fdopen(handle, "w", encoding="utf-8") as out:
        out.write(text)
    os.replace(temp, os.path.join(folder, name))
    shown = " ".join(os.path.basename(upload.filename or "archivo.csv").split())[:100]
    digest = hashlib.sha256(text.encode()).hexdigest()
    return _signer(kind).dumps({"n": name, "h": digest, "u": current_user.id, "f": shown})


def _sweep(folder: str) -> None:
    """Forget previews nobody confirmed within a day."""
    limit = time.time() - STALE_SECONDS  # file times are the wall clock's, not the app clock's
    for entry in os.scandir(folder):
        if entry.is_file() and entry.stat().st_mtime < limit:
            os.unlink(entry.path)


def _reference(ref: str, kind: str) -> dict | None:
    """The signed reference's contents, if it is genuine, recent and this person's."""
    try:
        data = _signer(kind).loads(ref, max_age=REF_MAX_AGE)
    except BadSignature:  # also when it expired
        return None
    if data.get("u") != current_user.id or not STAGED_NAME.match(data.get("n", "")):
        return None
    return data


def staged(ref: str, kind: str) -> Staged | None:
    """The staged file of a reference this person got, unchanged; None when it is not so."""
    data = _reference(ref, kind)
    if data is None:
        return None
    try:
        with open(os.path.join(_folder(), data["n"]), encoding="utf-8") as fh:
            text = fh.read()
    except FileNotFoundError:
        return None
    if hashlib.sha256(text.encode()).hexdigest() != data.get("h"):
        return None
    return Staged(ref, data["n"], data.get("f", ""), text)


def discard(file: Staged) -> None:
    try:
        os.unlink(os.path.join(_folder(), file.name))
    except FileNotFoundError:
        pass


def gone(ref: str, kind: str, upload_endpoint: str, done_endpoint: str):
    """Where a preview without its file leads: to the result if it was imported, else upload."""
    data = _reference(ref, kind)
    if data and imports.was_imported(data["n"]):
        flash("Ese archivo ya se importó; no se cambió nada.")
        return redirect_to(done_endpoint)
    flash("La vista previa venció o no es válida. Suba el archivo otra vez.")
    return redirect_to(upload_endpoint)


def shown_rows(rows) -> tuple[list, int]:
    """The rows a preview lists, and how many clean rows it leaves out."""
    if len(rows) <= SHOW_ALL:
        return list(rows), 0
    picked = [row for i, row in enumerate(rows) if i < FIRST_ROWS or row.errors]
    return picked, len(rows) - len(picked)


def with_rows(result):
    """A file with only its header is not clean: importing it would do nothing."""
    if result.rows or result.file_errors:
        return result
    return replace(result, file_errors=("El archivo solo tiene la cabecera: no trae filas.",))
