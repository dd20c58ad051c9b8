"""A filing's files and its constancia as downloads, for the filer's pages and the clerk's
alike (blueprints/filings, blueprints/staff/filings): each decides who may ask, this module
only how it is sent. Never shown inline, never sniffed, never cached."""

from flask import abort, make_response, send_file

from models import Filing, FilingFile
from services import constancia, filing_files


def _private(response):
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Cache-Control"] = "private, no-store"
    return response


def send_filing_file(filing: Filing, file_id: int):
    """A filing's file, always as a download: never shown inline, never sniffed."""
    row = filing.files.where(FilingFile.id == file_id).first()
    if row is None:
        abort(404)
    response = make_response(
        send_file(
            filing_files.path(row.stored_name),
            as_attachment=True,
            download_name=row.original_name,
            mimetype="application/octet-stream",
        )
    )
    return _private(response)


def send_constancia(filing: Filing):
    """The constancia PDF, built now from the filing."""
    response = make_response(constancia.build(filing))
    response.mimetype = "application/pdf"
    name = constancia.file_name(filing)
    response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    return _private(response)
