"""The filing's fees step (seed 004 art. 14.2), between the document and its files: which act
the document asks for, what it costs by the fee calculator, and the receipts that pay it,
each checked against the bank's payments at once and kept, with its PDF, in the draft."""

from decimal import Decimal

from flask import flash
from flask_login import current_user, login_required

from blueprints.filings import bp
from blueprints.filings.fee_forms import ACT_CHOICES, FeesForm, ReceiptForm
from blueprints.filings.forms import ConfirmForm
from blueprints.filings.views import draft_of_filer, filing_limits
from blueprints.htmx import redirect_to, render
from domain.fees import REFERENTIAL_NOTICE, FeeError, money
from domain.fees.schedule import payment_code
from services import filing_drafts, filing_fees
from services.clock import court_now, utc_now


def _today():
    return court_now().date()


def _answers_form(draft, posted: bool = True) -> FeesForm:
    """The act's questions: as just sent, else as kept in the draft."""
    form = FeesForm() if posted else FeesForm(formdata=None)
    if not (posted and form.is_submitted()):
        kept = filing_fees.answers_of(draft)
        if kept:
            form.fill(kept)
        else:
            filer_kind = filing_drafts.data_of(draft).get("filer_kind", "natural")
            form.person.data = "juridica" if filer_kind == "juridica" else "natural"
    return form


def _show(draft, form: FeesForm, receipt_form: ReceiptForm | None = None, error: str = ""):
    answers = filing_fees.answers_of(draft)
    result, problem = None, error
    if filing_fees.needs_fees(answers):
        try:
            result = filing_fees.result_for(answers, _today())
        except FeeError as refusal:
            problem = problem or str(refusal)
    lines = filing_fees.lines(draft, result)
    open_lines = [line for line in lines if line.open]
    receipt_form = receipt_form or ReceiptForm(formdata=None)
    receipt_form.code.choices = {
        payment_code(line.payment.code): f"{line.payment.code} · {line.payment.concept}"
        for line in open_lines
    }
    return render(
        "filings/fees.html",
        "step",
        draft=draft,
        form=form,
        receipt_form=receipt_form,
        answers=answers,
        result=result,
        lines=lines,
        open_lines=open_lines,
        problem=problem,
        money=money,
        decimal=Decimal,
        notice=REFERENTIAL_NOTICE,
        act_choices=ACT_CHOICES,
        act_label=_act_label(answers),
    )


def _act_label(answers) -> str:
    chosen = (answers or {}).get("act", "")
    return next((g[chosen] for g in ACT_CHOICES.values() if chosen in g), "")


@bp.route("/borrador/<string:key>/tasas", methods=["GET", "POST"])
@login_required
def fees(key: str):
    draft = draft_of_filer(key)
    form = _answers_form(draft)
    if form.validate_on_submit():
        answers = form.answers()
        try:
            result = filing_fees.choose(draft, answers, _today(), utc_now())
        except FeeError as refusal:
            form.field_for(refusal.field).errors.append(str(refusal))
        else:
            if result is None:
                return redirect_to("filings.files", key=key)
            return redirect_to("filings.fees", key=key, _anchor="pagos")
    return _show(draft, form)


@bp.route("/borrador/<string:key>/tasas/comprobante", methods=["POST"])
@login_required
def register_receipt(key: str):
    draft = draft_of_filer(key)
    form = ReceiptForm()
    form.code.choices = {line: line for line in _open_codes(draft)}
    if form.validate_on_submit():
        data = filing_drafts.data_of(draft)
        payer = filing_fees.payer_document(current_user, data.get("filer_kind", "natural"))
        try:
            receipt = filing_fees.register(
                draft,
                code=form.code.data,
                sequence=form.sequence.data.strip(),
                paid_on=form.paid_on.data,
                paid_time=form.paid_time.data,
                upload=form.image.data,
                payer=payer,
                today=_today(),
                now=utc_now(),
                limits=filing_limits(),
            )
        except filing_fees.ReceiptProblem as problem:
            for name, message in problem.errors.items():
                form[name].errors = [*form[name].errors, message]
        else:
            flash(f"Comprobante {receipt['label']} validado con el banco.")
            return redirect_to("filings.fees", key=key, _anchor="pagos")
    return _show(draft, _answers_form(draft, posted=False), form)


def _open_codes(draft) -> list[str]:
    answers = filing_fees.answers_of(draft)
    if not filing_fees.needs_fees(answers):
        return []
    try:
        result = filing_fees.result_for(answers, _today())
    except FeeError:
        return []
    return [payment_code(x.payment.code) for x in filing_fees.lines(draft, result) if x.open]


@bp.route("/borrador/<string:key>/tasas/comprobante/<int:payment_id>/quitar", methods=["POST"])
@login_required
def drop_receipt(key: str, payment_id: int):
    draft = draft_of_filer(key)
    if ConfirmForm().validate_on_submit():
        filing_fees.drop(draft, payment_id, utc_now())
    return redirect_to("filings.fees", key=key, _anchor="pagos")
