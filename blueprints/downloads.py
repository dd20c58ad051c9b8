"""How a stored file or a built PDF leaves the server, for every feature alike: as a download.

app.py already gives every answer `nosniff`; a file is never cached (send_file would otherwise
write its own Cache-Control) and gets a policy of its own in place of the pages' one: were it
opened by itself, the sandbox leaves it no origin and no reach. Each view decides who may
ask; this module only how the file is sent.
"""

from flask import make_response

FILE_POLICY = "sandbox; default-src 'none'"


def as_file(response):
    response.headers["Cache-Control"] = "no-store"
    response.headers["Content-Security-Policy"] = FILE_POLICY
    return response


def pdf_download(body: bytes, file_name: str):
    """A PDF built on the fly (a constancia, a proof), as an attachment."""
    response = make_response(body)
    response.mimetype = "application/pdf"
    response.headers["Content-Disposition"] = f'attachment; filename="{file_name}"'
    return as_file(response)
