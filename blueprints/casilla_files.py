"""How the casilla's files leave the server, for the addressee's pages and the staff's alike:
always as downloads, never cached, never sniffed, never run as a page of this site."""

from flask import abort, send_file

from blueprints.downloads import as_file, pdf_download
from services import uploads
from services.casilla import AREA


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
    return as_file(response)


def proof_pdf(body: bytes, code: str):
    """A constancia de notificación, built on the fly."""
    return pdf_download(body, f"constancia-{code}.pdf")
