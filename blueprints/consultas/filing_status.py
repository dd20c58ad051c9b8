"""The filing-status query: by tracking number and the filer's document number."""

from blueprints.consultas import bp
from blueprints.consultas.forms import FilingStatusForm
from blueprints.htmx import render
from services import filing_status

NOT_FOUND = (
    "No encontramos un trámite con esos datos. Revise el número de trámite de su constancia "
    "y el número de documento de quien lo presentó"
)


@bp.route("/consultas/tramite", methods=["GET", "POST"])
def filing_status_query():
    form = FilingStatusForm()
    found = None
    if form.validate_on_submit():
        found = filing_status.find(form.numero.data, form.documento.data)
        if found is None:
            form.numero.errors.append(NOT_FOUND)
        else:
            form = FilingStatusForm(formdata=None)  # the next query starts empty
    return render("consultas/filing_status.html", "filing_status", form=form, found=found)
