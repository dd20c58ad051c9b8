"""The constancia's public check: the form, and the page its QR code opens."""

from flask import request

from blueprints.filing_check import bp
from blueprints.filing_check.forms import CheckForm
from blueprints.htmx import redirect_page, render
from services import constancia

NOT_FOUND = (
    "No existe un trámite con ese número y ese código. Revise que los copió completos, "
    "como figuran en la constancia"
)


@bp.route("")
def find_filing():
    form = CheckForm(request.args)
    if request.args and form.validate():
        filing = constancia.by_number_and_code(form.numero.data, form.codigo.data)
        if filing is not None:
            return redirect_page("filing_check.show_filing", code=filing.verification_code)
        form.codigo.errors.append(NOT_FOUND)
    return render("filing_check/find_filing.html", "check_form", form=form)


@bp.route("/<string:code>")
def show_filing(code: str):
    filing = constancia.by_code(code)
    if filing is None:
        return render("filing_check/unknown.html", "check_result", code=code[:40], status=404)
    return render(
        "filing_check/show_filing.html", "check_result", found=constancia.public_record(filing)
    )
