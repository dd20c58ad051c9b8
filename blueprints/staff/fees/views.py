"""Fee tables (Cuadro de Valores): the stored years, and importing a CSV after a preview."""

import re
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from flask import flash, request
from peewee import JOIN

from blueprints.actor import current_actor
from blueprints.htmx import redirect_to, render
from blueprints.staff.access import roles_required
from blueprints.staff.fees import bp
from blueprints.staff.staged_csv import (
    ConfirmImportForm,
    CsvUploadForm,
    NotCsv,
    discard,
    gone,
    shown_rows,
    stage,
    staged,
    with_rows,
)
from domain.clock import local_now, stamp
from domain.fees import REFERENTIAL_NOTICE, Status, money, parse_schedules
from domain.fees.csv_import import EVIDENCE
from domain.roles import ADMIN
from models import Court, FeeYear, User
from services.clock import utc_now
from services.fee_tables import AlreadyImported, NotImported, import_fee_table

LISTED = (FeeYear.year, FeeYear.referential, FeeYear.source_name, FeeYear.imported_at)


def _local(instant) -> str:
    return stamp(local_now(Court.current().timezone, instant))


@bp.route("/aranceles")
@roles_required(*ADMIN)
def fee_years():
    schedules = FeeYear.schedules()
    stored = (
        FeeYear.select(*LISTED, User.email)
        .join(User, JOIN.LEFT_OUTER, on=FeeYear.imported_by == User.id)
        .order_by(FeeYear.year.desc())
    )
    years = [
        (row, schedules.get(row.year), _local(row.imported_at), row.imported_by) for row in stored
    ]
    return render(
        "staff/fees/fee_years.html",
        "fee_years",
        years=years,
        notice=REFERENTIAL_NOTICE,
        referential=any(row.referential for row, *_ in years),
    )


@bp.route("/aranceles/importar", methods=["GET", "POST"])
@roles_required(*ADMIN)
def import_fees():
    form = CsvUploadForm()
    if form.validate_on_submit():
        try:
            return redirect_to("staff.fees.preview_fees", ref=stage(form.file.data, "fees"))
        except NotCsv as refusal:
            form.file.errors.append(str(refusal))
    return render("staff/fees/import_fees.html", "fee_import", form=form)


@bp.route("/aranceles/importar/revisar")
@roles_required(*ADMIN)
def preview_fees():
    ref = request.args.get("ref", "")
    file = staged(ref, "fees")
    if file is None:
        return gone(ref, "fees", "staff.fees.import_fees", "staff.fees.fee_years")
    result = with_rows(parse_schedules(file.text))
    rows, hidden = shown_rows(result.rows)
    return render(
        "staff/fees/preview_fees.html",
        "fee_preview",
        result=result,
        rows=rows,
        hidden=hidden,
        years=year_summary(result),
        file=file,
        form=ConfirmImportForm(ref=file.ref),
    )


@bp.post("/aranceles/importar/confirmar")
@roles_required(*ADMIN)
def confirm_fees():
    form = ConfirmImportForm()
    ref = (form.ref.data or "") if form.validate_on_submit() else ""
    file = staged(ref, "fees")
    if file is None:
        return gone(ref, "fees", "staff.fees.import_fees", "staff.fees.fee_years")
    try:
        years = import_fee_table(
            file.text, file.filename, actor=current_actor(), now=utc_now(), staged_as=file.name
        )
    except NotImported as refusal:
        flash(str(refusal))
        return redirect_to("staff.fees.preview_fees", ref=file.ref)
    except AlreadyImported as refusal:
        discard(file)
        flash(str(refusal))
        return redirect_to("staff.fees.fee_years")
    discard(file)
    flash(
        f"Importamos el Cuadro de Valores de {', '.join(map(str, years))}. "
        "Los demás años no cambiaron."
    )
    return redirect_to("staff.fees.fee_years")


@dataclass(frozen=True)
class YearSummary:
    year: str
    urp: str
    concepts: int
    official: bool
    stored: FeeYear | None


def year_summary(result) -> list[YearSummary]:
    """Per year of the file: URP, concepts, and whether every figure is from the official annex."""
    groups = defaultdict(list)
    for row in result.rows:
        groups[row.values["year"]].append(row.values)
    stored = {str(row.year): row for row in FeeYear.select(*LISTED)}
    summary = []
    for year, rows in sorted(groups.items()):
        official = all(
            EVIDENCE.get(v["evidence"]) is Status.OFFICIAL and v["amount_pen"] for v in rows
        )
        urp = rows[0]["urp_pen"]
        urp = money(Decimal(urp)) if re.fullmatch(r"\d+(\.\d+)?", urp) else urp
        concepts = len({v["code"] for v in rows})
        summary.append(YearSummary(year, urp, concepts, official, stored.get(year)))
    return summary
