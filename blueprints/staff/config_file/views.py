"""The configuration file screens (administrador): download, upload, preview, confirm.

The upload is staged like a CSV import (blueprints/staff/staged_csv.py), so what is applied is
exactly the file previewed, once; services/court_config.py does the checking and the writing.
"""

from flask import Response, abort, flash, request
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired

from blueprints.actor import current_actor
from blueprints.htmx import redirect_to, render
from blueprints.staff.access import roles_required
from blueprints.staff.config_file import bp
from blueprints.staff.staged_csv import (
    CONTROL,
    MB,
    ConfirmImportForm,
    NotCsv,
    discard,
    gone,
    stage,
    staged,
)
from domain.roles import ADMIN
from models import Closure, Court, Dependencia, Sede, Service
from services import config_import, court_config, uploads
from services.clock import utc_now
from services.imports import AlreadyImported

KIND = "config"
FORMATS = {"yaml": "application/yaml", "json": "application/json"}
SHOWN = 300  # changes or errors listed; past this, a count (a 1 MB file may have thousands)


class ConfigUploadForm(FlaskForm):
    file = FileField(
        "Archivo de configuración",
        validators=[
            FileRequired("Elija el archivo de configuración (.yaml o .json) que va a subir")
        ],
    )


def read_config_upload(upload, max_bytes: int) -> str:
    """The text of an uploaded YAML or JSON file, judged by its bytes."""
    data = upload.stream.read(max_bytes + 1)
    if not data.strip():
        raise NotCsv("El archivo está vacío. Elija el archivo de configuración otra vez")
    if len(data) > max_bytes:
        raise NotCsv(f"El archivo pesa más de {max_bytes // MB} MB: no es una configuración")
    if (
        b"\x00" in data
        or data.startswith((b"PK\x03\x04", b"\xd0\xcf\x11\xe0"))
        or uploads.sniff(data[:64])
    ):
        raise NotCsv("El archivo no es de texto. Elija el .yaml o .json que descargó aquí")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise NotCsv("El archivo no está en UTF-8. Guárdelo como texto UTF-8") from None
    if CONTROL.search(text.replace("\t", " ")):
        raise NotCsv("El archivo tiene caracteres de control: no es un archivo de texto")
    return text


def _court_summary() -> dict:
    return {
        "court": Court.select().order_by(Court.id).first(),
        "sedes": Sede.select().count(),
        "services": Service.select().count(),
        "closures": Closure.select().count(),
        "dependencias": Dependencia.select().count(),
    }


@bp.route("/configuracion/archivo", methods=["GET", "POST"])
@roles_required(*ADMIN)
def config_file():
    form = ConfigUploadForm()
    if form.validate_on_submit():
        try:
            ref = stage(form.file.data, KIND, read=read_config_upload, suffix=".txt")
            return redirect_to("staff.config_file.preview_config", ref=ref)
        except NotCsv as refusal:
            form.file.errors.append(str(refusal))
    return render(
        "staff/config_file/config_file.html", "config_file", form=form, **_court_summary()
    )


@bp.route("/configuracion/archivo/descargar")
@roles_required(*ADMIN)
def download_config():
    fmt = request.args.get("formato", "yaml")
    if fmt not in FORMATS:
        abort(404)
    text = court_config.download(fmt, actor=current_actor(), now=utc_now())
    response = Response(text, mimetype=FORMATS[fmt])
    day = utc_now().date().isoformat()
    response.headers["Content-Disposition"] = f"attachment; filename=configuracion-{day}.{fmt}"
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.route("/configuracion/archivo/revisar")
@roles_required(*ADMIN)
def preview_config():
    ref = request.args.get("ref", "")
    file = staged(ref, KIND)
    if file is None:
        return gone(ref, KIND, "staff.config_file.config_file", "staff.config_file.config_file")
    result = court_config.preview(file.text, utc_now())
    return render(
        "staff/config_file/preview_config.html",
        "config_preview",
        result=result,
        changes=result.changes[:SHOWN],
        hidden=max(0, len(result.changes) - SHOWN),
        errors=result.errors[:SHOWN],
        hidden_errors=max(0, len(result.errors) - SHOWN),
        file=file,
        form=ConfirmImportForm(ref=file.ref),
    )


@bp.post("/configuracion/archivo/confirmar")
@roles_required(*ADMIN)
def confirm_config():
    form = ConfirmImportForm()
    ref = (form.ref.data or "") if form.validate_on_submit() else ""
    file = staged(ref, KIND)
    if file is None:
        return gone(ref, KIND, "staff.config_file.config_file", "staff.config_file.config_file")
    try:
        done = config_import.apply(
            file.text, file.filename, actor=current_actor(), now=utc_now(), staged_as=file.name
        )
    except config_import.NotApplied:
        flash("La configuración cambió mientras revisaba el archivo: vea los errores de ahora.")
        return redirect_to("staff.config_file.preview_config", ref=file.ref)
    except AlreadyImported as refusal:
        discard(file)
        flash(str(refusal))
        return redirect_to("staff.config_file.config_file")
    discard(file)
    if done.changes:
        flash(
            f"Importamos la configuración del archivo {file.filename}: {len(done.changes)} cambios."
        )
    else:
        flash("La configuración ya era la del archivo: no cambió nada.")
    for notice in done.notices:
        flash(notice)
    return redirect_to("staff.config_file.config_file")
