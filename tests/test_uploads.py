"""Uploads are judged by their first bytes, capped per kind, and stored at random names."""

import io
import os

import pytest
from flask import Flask
from werkzeug.datastructures import FileStorage

from services import uploads
from tests.blueprints.identity_helpers import pdf

JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00"
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06"
PDF = pdf()
MP4 = b"\x00\x00\x00\x20ftypisom\x00\x00\x02\x00isomiso2avc1mp41\x00\x00\x00\x08free"
MP4_PHONE = b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom\x00\x00\x00\x08free"
MOV_IPHONE = b"\x00\x00\x00\x14ftypqt  \x00\x00\x00\x00qt  \x00\x00\x00\x08wide"
WEBM = (  # what Chrome's MediaRecorder writes: EBML header with DocType "webm"
    b"\x1a\x45\xdf\xa3\x9f\x42\x86\x81\x01\x42\xf7\x81\x01\x42\xf2\x81\x04\x42\xf3\x81\x08"
    b"\x42\x82\x84webm\x42\x87\x81\x04\x42\x85\x81\x02\x18\x53\x80\x67"
)
MATROSKA = WEBM.replace(b"\x84webm", b"\x88matroska")
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"This program cannot"
HTML = b"<!doctype html><html><script>alert(document.cookie)</script></html>"
SVG = b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'
GIF = b"GIF89a\x01\x00\x01\x00\x80\x00\x00"
ZIP = b"PK\x03\x04\x14\x00\x00\x00\x08\x00"
HEIC = b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic"
ELF = b"\x7fELF\x02\x01\x01\x00"


@pytest.mark.parametrize(
    ("head", "mime"),
    [
        (JPEG, "image/jpeg"),
        (b"\xff\xd8\xff\xe1\x00\x18Exif\x00\x00", "image/jpeg"),  # a phone camera's JPEG
        (PNG, "image/png"),
        (PDF, "application/pdf"),
        (MP4, "video/mp4"),
        (MP4_PHONE, "video/mp4"),
        (MOV_IPHONE, "video/mp4"),
        (WEBM, "video/webm"),
        (MATROSKA, None),
        (EXE, None),
        (HTML, None),
        (SVG, None),
        (GIF, None),
        (ZIP, None),
        (HEIC, None),
        (ELF, None),
        (b" %PDF-1.7", None),  # the signature must be at the very start
        (b"\xff\xd8", None),  # too short to be a JPEG
        (b"", None),
    ],
)
def test_sniff_knows_each_allowed_kind_by_its_first_bytes(head, mime):
    assert uploads.sniff(head) == mime


@pytest.fixture
def app(tmp_path):
    app = Flask(__name__)
    app.config["UPLOAD_FOLDER"] = str(tmp_path / "uploads")
    with app.app_context():
        yield app


def upload(content: bytes, filename="archivo.jpg", content_type="image/jpeg") -> FileStorage:
    return FileStorage(io.BytesIO(content), filename=filename, content_type=content_type)


def stored_files(app) -> list[str]:
    folder = os.path.join(app.config["UPLOAD_FOLDER"], "identity")
    return sorted(os.listdir(folder)) if os.path.isdir(folder) else []


@pytest.mark.parametrize(
    ("kind", "content", "mime"),
    [
        ("document", JPEG, "image/jpeg"),
        ("document", PNG, "image/png"),
        ("document", PDF, "application/pdf"),
        ("video", MP4, "video/mp4"),
        ("video", WEBM, "video/webm"),
    ],
)
def test_allowed_files_are_stored_with_their_detected_type(app, kind, content, mime):
    name, detected = uploads.save(upload(content + b"\0" * 100), kind, "identity")
    assert detected == mime
    with open(uploads.path("identity", name), "rb") as fh:
        assert fh.read() == content + b"\0" * 100


@pytest.mark.parametrize(
    ("kind", "content", "filename", "message"),
    [
        ("document", EXE, "dni.jpg", "El archivo no es una imagen JPG o PNG ni un PDF"),
        ("document", HTML, "dni.jpg", "El archivo no es una imagen JPG o PNG ni un PDF"),
        ("document", SVG, "dni.png", "El archivo no es una imagen JPG o PNG ni un PDF"),
        ("document", MP4, "dni.pdf", "El archivo no es una imagen JPG o PNG ni un PDF"),
        ("video", PDF, "video.mp4", "El archivo no es un video MP4 o WebM"),
        ("video", JPEG, "video.webm", "El archivo no es un video MP4 o WebM"),
        ("video", MATROSKA, "video.webm", "El archivo no es un video MP4 o WebM"),
        ("video", b"", "video.mp4", "El archivo está vacío"),
    ],
)
def test_disguised_files_are_refused_whatever_their_name_says(
    app, kind, content, filename, message
):
    with pytest.raises(uploads.Refused, match=message):
        uploads.save(upload(content, filename, "video/mp4"), kind, "identity")
    assert stored_files(app) == []


def test_the_browsers_content_type_is_ignored(app):
    with pytest.raises(uploads.Refused):
        uploads.save(upload(EXE, "dni.jpg", "image/jpeg"), "document", "identity")
    name, mime = uploads.save(
        upload(JPEG, "x.bin", "application/octet-stream"), "document", "identity"
    )
    assert mime == "image/jpeg" and name.endswith(".jpg")


@pytest.mark.parametrize(("kind", "head", "limit"), [("document", JPEG, 5), ("video", MP4, 20)])
def test_each_kind_has_its_size_limit_and_leaves_no_half_file(app, kind, head, limit):
    exact = head + b"\0" * (limit * 1024 * 1024 - len(head))
    uploads.save(upload(exact), kind, "identity")
    with pytest.raises(uploads.Refused, match=f"más de {limit} MB"):
        uploads.save(upload(exact + b"\0"), kind, "identity")
    assert len(stored_files(app)) == 1 and not any(n.startswith(".") for n in stored_files(app))


def test_names_are_random_and_never_the_users_file_name(app, tmp_path):
    evil = "../../app.py"
    first, _ = uploads.save(upload(JPEG, evil), "document", "identity")
    second, _ = uploads.save(upload(JPEG, evil), "document", "identity")
    assert first != second
    for name in (first, second):
        assert uploads.STORED_NAME.match(name) and "app" not in name
    assert stored_files(app) == sorted([first, second])
    assert [p.name for p in tmp_path.iterdir()] == ["uploads"]  # nothing escaped the folder


def test_files_are_kept_outside_static(app):
    name, _ = uploads.save(upload(PNG), "document", "identity")
    real = os.path.realpath(uploads.path("identity", name))
    static = os.path.realpath(os.path.join(os.path.dirname(uploads.__file__), "static"))
    assert not real.startswith(static + os.sep)
    assert real.startswith(os.path.realpath(app.config["UPLOAD_FOLDER"]) + os.sep)


@pytest.mark.parametrize(
    "name", ["../app.py", "/etc/passwd", "ab.jpg", f"{'a' * 32}.exe", f"{'a' * 32}.jpg/../x", ""]
)
def test_only_names_we_made_can_be_opened(app, name):
    with pytest.raises(ValueError):
        uploads.path("identity", name)


JS = {"/S": "/JavaScript", "/JS": "app.launchURL('https://evil.example/')"}
LAUNCH = {"/S": "/Launch", "/F": "C:\\Windows\\System32\\calc.exe"}
LINK = {"/Type": "/Annot", "/Subtype": "/Link", "/Rect": [0, 0, 50, 50]}


@pytest.mark.parametrize(
    ("content", "why"),
    [
        (pdf(catalog={"/OpenAction": JS}), "contiene JavaScript"),
        (pdf(catalog={"/Names": {"/JavaScript": {"/Names": ["a", JS]}}}), "contiene JavaScript"),
        (pdf(catalog={"/OpenAction": LAUNCH}), "otro programa"),
        (pdf(catalog={"/OpenAction": {"/S": "/SubmitForm", "/F": "x"}}), "SubmitForm"),
        (pdf(page={"/AA": {"/O": {"/S": "/GoTo", "/D": [0, "/Fit"]}}}), "acciones automáticas"),
        (pdf(page={"/Annots": [LINK | {"/A": LAUNCH}]}), "otro programa"),
        (
            pdf(page={"/Annots": [LINK | {"/A": {"/S": "/URI", "/URI": "x", "/Next": JS}}]}),
            "JavaScript",
        ),
        (pdf(catalog={"/AcroForm": {"/Fields": [], "/XFA": "<xdp/>"}}), "XFA"),
        (pdf(attachment=("factura.exe", b"MZ\x90\x00")), "archivos adjuntos"),
    ],
)
def test_a_pdf_with_active_content_is_refused_naming_the_file_and_why(app, content, why):
    with pytest.raises(uploads.Refused) as refusal:
        uploads.save(upload(content, "dni escaneado.pdf"), "document", "identity")
    assert str(refusal.value).startswith("«dni escaneado.pdf» contiene")
    assert why in str(refusal.value)
    assert stored_files(app) == []


def test_a_name_spelt_with_hex_escapes_is_still_seen():
    """/J#61vaScript is /JavaScript to every reader; the file is rebuilt with the new offsets."""
    raw = pdf(catalog={"/OpenAction": JS}).replace(b"/JavaScript", b"/J#61vaScript")
    with pytest.raises(uploads.Refused, match="JavaScript"):
        uploads.check_pdf(io.BytesIO(raw), "x.pdf")


@pytest.mark.parametrize("password", ["", "clave"])
def test_an_encrypted_pdf_is_refused_even_without_a_password_to_open_it(app, password):
    with pytest.raises(uploads.Refused, match="«dni.pdf» está protegido con contraseña"):
        uploads.save(upload(pdf(password=password), "dni.pdf"), "document", "identity")
    assert stored_files(app) == []


def test_a_pdf_no_reader_can_check_is_refused(app):
    broken = pdf()[:60] + b"\0" * 300
    with pytest.raises(uploads.Refused, match="«C:/fakepath/dni.pdf»|«dni.pdf» no es un PDF"):
        uploads.save(upload(broken, "C:\\fakepath\\dni.pdf"), "document", "identity")


@pytest.mark.parametrize(
    "content",
    [
        pdf(catalog={"/OpenAction": [0, "/Fit"]}),  # "open at the first page": a destination
        pdf(page={"/Annots": [LINK | {"/A": {"/S": "/URI", "/URI": "https://www.pj.gob.pe"}}]}),
        pdf(catalog={"/PageLabels": {"/Nums": [0, {"/S": "/D"}]}}),  # /S here is a number style
    ],
)
def test_a_passive_pdf_with_links_and_destinations_is_accepted(app, content):
    _, mime = uploads.save(upload(content, "dni.pdf"), "document", "identity")
    assert mime == "application/pdf"
