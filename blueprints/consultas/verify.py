"""Verify a document the court issued: by its code or QR link, and by its PDF's SHA-256."""

from flask import abort, request

from blueprints.consultas import bp
from blueprints.consultas.forms import SearchForm
from blueprints.fields import CheckFileForm
from blueprints.htmx import redirect_page, render
from services import uploads, verification
from services.clock import utc_now

NOT_FOUND = (
    "No encontramos un documento con ese código. Revise que lo copió completo, con sus "
    "letras y números"
)


@bp.route("/verificar")
def verify():
    form = SearchForm(request.args)
    if "codigo" in request.args and form.validate():
        found = verification.search(form.codigo.data, utc_now())
        if found is not None:
            kind, code = found
            page = verification.KINDS[kind].page  # a kind with a public page of its own
            if page:
                return redirect_page(page, code=code)
            return redirect_page("consultas.show_document", kind=kind, code=code)
        form.codigo.errors.append(NOT_FOUND)
    return render(
        "consultas/verify.html", "verify_search", form=form, kinds=verification.KINDS.values()
    )


@bp.route("/verificar/<string:kind>/<string:code>", methods=["GET", "POST"])
def show_document(kind, code):
    """GET: the document's public data and hashes. POST: the same page, with whether the
    uploaded PDF is this document's (hashed, then discarded)."""
    found = verification.document(kind, code) or abort(404)
    form = CheckFileForm()
    check = None
    if form.validate_on_submit():
        try:
            check = verification.check_file(found, form.archivo.data)
        except uploads.Refused as refusal:
            form.archivo.errors.append(str(refusal))
    return render(
        "consultas/show_document.html",
        "document_check",
        found=found,
        form=form,
        check=check,
        checked_at=verification.checked_at(utc_now()),
    )
