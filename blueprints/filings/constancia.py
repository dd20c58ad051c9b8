"""The filer's constancia: the receipt PDF of their own filing (anyone else's is unknown)."""

from flask import abort
from flask_login import current_user, login_required

from blueprints.filing_downloads import send_constancia
from blueprints.filings import bp
from models import Filing


@bp.route("/<int:filing_id>/constancia.pdf")
@login_required
def constancia(filing_id: int):
    filing = Filing.of_filer(current_user.id, filing_id)
    if filing is None:
        abort(404)
    return send_constancia(filing)
