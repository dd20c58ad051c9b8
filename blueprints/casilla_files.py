"""How the casilla's files leave the server, for the addressee's pages and the staff's alike:
always as downloads, never cached, never sniffed, never run as a page of this site."""

from flask import abort, make_response, send_file

from services import uploads
from services.casilla import AREA

# Were a stored file opened by itself, the sandbox leaves it no origin and no reach.
FILE_POLICY = "sandbox; default-src 'none'"


def _safe(response):
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Content-Security-Policy"] = FILE_POLICY
    response.headers["Cache-Control"] = "no-store"
    return response


def stored_pdf(name: str, download_name: str):
    """A notification's document or annex, by its stored name."""
    try:
        response = send_file(
            uploads.path(AREA, name),
            mimetype="application/pdf",
            as_attachment=True,
            download_name=download_name
            if download_name.lower().endswith(".pdf")
            else "documento.pdf",
            max_age=0,
            etag=False,
        )
    except (ValueError, FileNotFoundError):
        abort(404)
    return _safe(response)


def proof_pdf(body: bytes, code: str):
    """A constancia de notificación, built on the fly."""
    response = make_response(body)
    response.mimetype = "application/pdf"
    response.headers["Content-Disposition"] = f'attachment; filename="constancia-{code}.pdf"'
    return _safe(response)
