"""Fee tables (Cuadro de Valores): upload a CSV, preview every row, then import it.

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
from collections import defaultdict
from dataclasses import dataclass, replace
from datetime import timedelta
from decimal import Decimal

from flask import current_app, flash, request
from flask_login import current_user
from itsdangerous import BadSignature, URLSafeTimedSerializer
from peewee import JOIN

from blueprints.htmx import redirect_to, render
from blueprints.staff import bp, roles_required
from blueprints.staff.fee_forms import ConfirmImportForm, CsvUploadForm
from blueprints.staff.views import MENU
from db import write_transaction
from domain.clock import local_now, stamp
from domain.fees import REFERENTIAL_NOTICE, Status, parse_schedules
from domain.fees.csv_import import EVIDENCE
from models import Court, FeeYear, User
from models.security import UsedToken
from services import audit, uploads
from services.clock import utc_now

ADMIN = ("administrador",)
AREA = "imports"  # staged CSV files: UPLOAD_FOLDER/imports/<32 hex>.csv
MB = 1024 * 1024
MAX_BYTES = {"fees": 2 * MB, "bank": 10 * MB}
REF_MAX_AGE = 2 * 3600  # seconds a preview stays importable
STALE_SECONDS = 24 * 3600
STAGED_NAME = re.compile(r"^[0-9a-f]{32}\.csv$")
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
SHOW_ALL = 600  # longer files show their rows with errors and the first FIRST_ROWS
FIRST_ROWS = 100
LISTED = (FeeYear.year, FeeYear.referential, FeeYear.source_name, FeeYear.imported_at)

MENU.append((ADMIN, "staff.fee_years", "Tablas de aranceles"))


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
        raise NotCsv("Es un libro de Excel, no un CSV. En Excel use «Guardar como» y elija "
                     "«CSV UTF-8 (delimitado por comas)»")  # fmt: skip
    if data.startswith((b"\xff\xfe", b"\xfe\xff")) or b"\x00" in data or uploads.sniff(data[:64]):
        raise NotCsv("El archivo no es un CSV de texto. Elija el archivo .csv")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise NotCsv("El archivo no está en UTF-8. En Excel use «Guardar como» y elija "
                     "«CSV UTF-8 (delimitado por comas)»") from None  # fmt: skip
    if CONTROL.search(text):
        raise NotCsv("El archivo tiene caracteres de control: no es un CSV de texto")
    header = text.lstrip().split("\n", 1)[0]
    if ";" in header and "," not in header:
        raise NotCsv("Las columnas están separadas por punto y coma. Guarde el archivo como "
                     "«CSV UTF-8 (delimitado por comas)»")  # fmt: skip
    return text


def _signer(kind: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.secret_key, salt=f"csv-import:{kind}")


def _folder() -> str:
    return uploads.folder(AREA)


def stage(upload, kind: str) -> str:
    """Keep the checked text at a random name; return the signed reference to it."""
    text = read_csv_upload(upload, MAX_BYTES[kind])
    folder = _folder()
    os.makedirs(folder, exist_ok=True)
    _sweep(folder)
    name = f"{secrets.token_hex(16)}.csv"
    handle, temp = tempfile.mkstemp(dir=folder, prefix=".part-")
    with os.fdopen(handle, "w", encoding="utf-8") as out:
        out.write(text)
    os.replace(temp, os.path.join(folder, name))
    shown = " ".join(os.path.basename(upload.filename or "archivo.csv").split())[:100]
    digest = hashlib.sha256(text.encode()).hexdigest()
    return _signer(kind).dumps({"n": name, "h": digest, "u": current_user.id, "f": shown})


def _sweep(folder: str) -> None:
    """Forget previews nobody confirmed within a day."""
    limit = time.time() - STALE_SECONDS
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


def claim(file: Staged) -> bool:
    """True for the first import of a staged file (call inside the import's transaction)."""
    return UsedToken.use(f"import:{file.name}", utc_now() + timedelta(seconds=REF_MAX_AGE))


def discard(file: Staged) -> None:
    try:
        os.unlink(os.path.join(_folder(), file.name))
    except FileNotFoundError:
        pass


def gone(ref: str, kind: str, upload_endpoint: str, done_endpoint: str):
    """Where a preview without its file leads: to the result if it was imported, else upload."""
    data = _reference(ref, kind)
    if data and UsedToken.select().where(UsedToken.token == f"import:{data['n']}").exists():
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


def _local(instant) -> str:
    return stamp(local_now(Court.current().timezone, instant))


# --- fee tables -------------------------------------------------------------------------


@bp.route("/aranceles")
@roles_required(*ADMIN)
def fee_years():
    schedules = FeeYear.schedules()
    stored = (
        FeeYear.select(*LISTED, User.email)
        .join(User, JOIN.LEFT_OUTER, on=FeeYear.imported_by == User.id)
        .order_by(FeeYear.year.desc())
    )
    years = [
        (row, schedules.get(row.year), _local(row.imported_at), row.imported_by) for row in stored
    ]
    return render(
        "staff/fees_years.html", "fee_years", years=years, notice=REFERENTIAL_NOTICE,
        referential=any(row.referential for row, *_ in years),
    )  # fmt: skip


@bp.route("/aranceles/importar", methods=["GET", "POST"])
@roles_required(*ADMIN)
def import_fees():
    form = CsvUploadForm()
    if form.validate_on_submit():
        try:
            return redirect_to("staff.preview_fees", ref=stage(form.file.data, "fees"))
        except NotCsv as refusal:
            form.file.errors.append(str(refusal))
    return render("staff/fees_import.html", "fee_import", form=form)


@bp.route("/aranceles/importar/revisar")
@roles_required(*ADMIN)
def preview_fees():
    ref = request.args.get("ref", "")
    file = staged(ref, "fees")
    if file is None:
        return gone(ref, "fees", "staff.import_fees", "staff.fee_years")
    result = with_rows(parse_schedules(file.text))
    rows, hidden = shown_rows(result.rows)
    return render(
        "staff/fees_preview.html", "fee_preview", result=result, rows=rows, hidden=hidden,
        years=year_summary(result), file=file, form=ConfirmImportForm(ref=file.ref),
    )  # fmt: skip


@bp.post("/aranceles/importar/confirmar")
@roles_required(*ADMIN)
def confirm_fees():
    form = ConfirmImportForm()
    ref = (form.ref.data or "") if form.validate_on_submit() else ""
    file = staged(ref, "fees")
    if file is None:
        return gone(ref, "fees", "staff.import_fees", "staff.fee_years")
    result = with_rows(parse_schedules(file.text))
    if not result.ok:
        flash("El archivo tiene errores: no se importó nada. Corríjalo y súbalo otra vez.")
        return redirect_to("staff.preview_fees", ref=file.ref)
    with write_transaction():
        first = claim(file)
        if first:
            years = FeeYear.store(file.text, result.schedules, utc_now(), current_user.id,
                                  file.filename)  # fmt: skip
            audit.record("aranceles_importados", subject=file.filename,
                         detail=f"años: {', '.join(map(str, years))}")  # fmt: skip
    discard(file)
    if first:
        flash(f"Importamos el Cuadro de Valores de {', '.join(map(str, years))}. "
              "Los demás años no cambiaron.")  # fmt: skip
    else:
        flash("Ese archivo ya se importó; no se cambió nada.")
    return redirect_to("staff.fee_years")


@dataclass(frozen=True)
class YearSummary:
    year: str
    urp: str
    concepts: int
    official: bool
    stored: FeeYear | None


def year_summary(result) -> list[YearSummary]:
    """Per year of the file: URP, concepts, and whether every figure is from the official annex."""
    groups = defaultdict(list)
    for row in result.rows:
        groups[row.values["year"]].append(row.values)
    stored = {str(row.year): row for row in FeeYear.select(*LISTED)}
    summary = []
    for year, rows in sorted(groups.items()):
        official = all(
            EVIDENCE.get(v["evidence"]) is Status.OFFICIAL and v["amount_pen"] for v in rows
        )
        urp = rows[0]["urp_pen"]
        urp = f"S/ {Decimal(urp):,.2f}" if re.fullmatch(r"\d+(\.\d+)?", urp) else urp
        concepts = len({v["code"] for v in rows})
        summary.append(YearSummary(year, urp, concepts, official, stored.get(year)))
    return summary
