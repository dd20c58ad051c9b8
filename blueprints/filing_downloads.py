"""A filing's files and its constancia as downloads, for the filer's pages and the clerk's
alike (blueprints/filings, blueprints/staff/filings): each decides who may ask, this module
only how it is sent. Never shown inline, never sniffed, never cached."""

from flask import abort, request, send_file
from werkzeug.exceptions import RequestedRangeNotSatisfiable

from blueprints.downloads import as_file, pdf_download
from models import Filing, FilingFile
from services import constancia, filing_files, storage


def send_filing_file(filing: Filing, file_id: int):
    """A filing's file, always as a download: never shown inline, never sniffed. Streamed
    from the store (a local file or a bucket's object), never held whole; its size is the one
    recorded, so the download shows its progress and a broken one resumes (Range)."""
    row = filing.files.where(FilingFile.id == file_id).first()
    if row is None:
        abort(404)
    try:
        stored = filing_files.open_stored(row.stored_name)
    except FileNotFoundError:
        abort(404)
    except storage.Unavailable:
        abort(503)  # the bucket does not answer: a Spanish "try again later", not a 500
    response = send_file(
        stored,
        as_attachment=True,
        download_name=row.original_name,
        mimetype="application/octet-stream",
        conditional=False,
        etag=False,
    )
    response.content_length = row.size
    try:
        response = response.make_conditional(
            request.environ, accept_ranges=True, complete_length=row.size
        )
    except RequestedRangeNotSatisfiable:
        stored.close()  # a range past the end: 416, and the stream is not left open
        raise
    return as_file(response)


def send_constancia(filing: Filing):
    """The constancia PDF, built now from the filing."""
    return pdf_download(constancia.build(filing), constancia.file_name(filing))
