"""The tus endpoints of a draft's files (https://tus.io/protocols/resumable-upload, 1.0.0 core
and creation). static/filings-upload.js drives them with the vendored tus-js-client; without
JavaScript the files step is a plain multipart form and none of this is used."""

import base64
import binascii

from flask import abort, make_response, request, url_for
from flask_login import login_required

from blueprints.filings import bp
from blueprints.filings.views import draft_of_filer, filing_limits
from domain.filings import FileRefused
from models import ResumableUpload
from services import resumable
from services.clock import utc_now

VERSION = "1.0.0"


def max_size() -> int:
    limits = filing_limits()
    return max(limits.main_bytes, limits.first_annex_bytes, limits.other_annex_bytes)


def _reply(status: int, body: str = "", **headers):
    response = make_response(body, status)
    response.headers["Tus-Resumable"] = VERSION
    response.headers["Cache-Control"] = "no-store"
    if body:
        response.mimetype = "text/plain"
    for name, value in headers.items():
        response.headers[name.replace("_", "-")] = str(value)
    return response


def _metadata() -> dict[str, str]:
    """Upload-Metadata: "key base64value,key base64value"."""
    pairs = {}
    for item in request.headers.get("Upload-Metadata", "").split(","):
        parts = item.strip().split(" ")
        if len(parts) == 2:
            try:
                pairs[parts[0]] = base64.b64decode(parts[1], validate=True).decode()
            except (binascii.Error, UnicodeDecodeError):
                continue
    return pairs


def _number(header: str) -> int | None:
    text = request.headers.get(header, "")
    if not (text.isascii() and text.isdigit()) or len(text) > 18:
        return None
    return int(text)


def _upload(key: str, upload_key: str) -> ResumableUpload:
    draft = draft_of_filer(key)
    upload = ResumableUpload.get_or_none(
        (ResumableUpload.key == upload_key) & (ResumableUpload.draft == draft.id)
    )
    if upload is None:
        abort(_reply(404, "Esta subida ya no existe: elija el archivo otra vez."))
    return upload


@bp.route("/borrador/<string:key>/subidas", methods=["POST", "OPTIONS"])
@login_required
def tus_create(key: str):
    draft = draft_of_filer(key)
    if request.method == "OPTIONS":
        return _reply(
            204, Tus_Version=VERSION, Tus_Extension="creation,termination", Tus_Max_Size=max_size()
        )
    length = _number("Upload-Length")
    if length is None:
        return _reply(400, "Falta el tamaño del archivo (Upload-Length).")
    if length > max_size():
        return _reply(413, "El archivo es demasiado grande.")
    meta = _metadata()
    try:
        upload = resumable.create(
            draft,
            meta.get("role", ""),
            meta.get("filename", ""),
            length,
            utc_now(),
            filing_limits(),
        )
    except FileRefused as refusal:
        return _reply(422, str(refusal))
    location = url_for("filings.tus_upload", key=key, upload_key=upload.key)
    return _reply(201, Location=location, Upload_Offset=0)


@bp.route("/borrador/<string:key>/subidas/<string:upload_key>", methods=["HEAD"])
@login_required
def tus_offset(key: str, upload_key: str):
    upload = _upload(key, upload_key)
    return _reply(200, Upload_Offset=resumable.offset(upload), Upload_Length=upload.length)


@bp.route("/borrador/<string:key>/subidas/<string:upload_key>", methods=["PATCH", "DELETE"])
@login_required
def tus_upload(key: str, upload_key: str):
    upload = _upload(key, upload_key)
    if request.method == "DELETE":
        resumable.discard(upload)
        return _reply(204)
    if request.mimetype != "application/offset+octet-stream":
        return _reply(415, "Tipo de contenido inesperado.")
    at = _number("Upload-Offset")
    if at is None:
        return _reply(400, "Falta la posición (Upload-Offset).")
    try:
        reached = resumable.append(upload, request.stream, at)
    except resumable.OffsetMismatch:
        return _reply(409, "La subida siguió por otro lado: se retoma desde donde quedó.")
    if reached < upload.length:
        return _reply(204, Upload_Offset=reached)
    try:
        resumable.finish(upload, utc_now(), filing_limits())
    except FileRefused as refusal:
        return _reply(422, str(refusal), Upload_Offset=reached)
    return _reply(204, Upload_Offset=reached)
