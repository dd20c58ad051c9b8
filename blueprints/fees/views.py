"""The fee calculator, one question per screen, answers carried in the link; then the result.

Every form is a GET to its own URL: sent, it is checked and redirects to the next question
with all the answers in the query string; so a result can be shared, printed or reopened
from its link, and nothing about the filer is stored.
"""

import re
from urllib.parse import urlencode

from flask import request, url_for

from blueprints.fees import bp, flow
from blueprints.fees.choices import act_hint, answer_texts, relevant_situations
from blueprints.fees.forms import (
    ActForm,
    CuantiaForm,
    DayForm,
    MonthlyForm,
    NotificationsForm,
    PersonForm,
    ProcessForm,
    QuantityForm,
    RoleForm,
    SituationsForm,
)
from blueprints.htmx import redirect_to, render
from domain.clock import long_date
from domain.fees import (
    ACTS,
    REFERENTIAL_NOTICE,
    SITUATIONS,
    FeeError,
    InvalidFeeRequest,
    act_groups,
    per_unit,
    request_params,
    valid_until,
)
from domain.fees.schedule import STATUS_LABELS, payment_code
from services.fees import calculate_fee
from services.notify import public_url

ROLE_HINTS = {
    "demandante": "Quien inició el proceso",
    "demandado": "Contra quien se inició el proceso",
    "tercero": "Otra persona que interviene en el proceso",
}


def step_form(cls, slug: str, **prefill):
    """The step's form: what was just sent, or the earlier answer to show again."""
    if flow.submitted(slug):
        return cls(request.args)
    form = cls()
    given = {key: request.args.get(key) for key in flow.BY_SLUG[slug].fields} | prefill
    for field in form:
        field.data = given.get(field.name)
    return form


def accept(form, slug: str, current: dict):
    """The redirect onward when the sent answer is good; None to show the form again."""
    if not flow.submitted(slug) or not form.validate():
        return None
    answered = {**current, **form.answers()}
    try:
        flow.check(answered)
    except InvalidFeeRequest as error:
        next(iter(form)).errors.append(str(error))
        return None
    return flow.go_on(answered)


def show(form, slug: str, current: dict, **context):
    return render(
        "fees/step.html",
        "step",
        form=form,
        step=slug,
        carry=current,
        back=flow.back_url(slug, current),
        progress=flow.progress(slug, current),
        **context,
    )


@bp.errorhandler(FeeError)
def broken_link(error):
    return render("fees/problem.html", "step", status=400, message=str(error))


@bp.route("/")
def start():
    return render("fees/start.html", "step")


@bp.route("/acto")
def choose_act():
    current, detour = flow.require("acto")
    if detour:
        return detour
    form = step_form(ActForm, "acto")
    hints = {key: act_hint(key) for key in ACTS}
    return accept(form, "acto", current) or show(
        form, "acto", current, groups=act_groups(), hints=hints
    )


@bp.route("/proceso")
def choose_process():
    current, detour = flow.require("proceso")
    if detour:
        return detour
    form = step_form(ProcessForm, "proceso")
    return accept(form, "proceso", current) or show(form, "proceso", current, hints={})


@bp.route("/rol")
def choose_role():
    current, detour = flow.require("rol")
    if detour:
        return detour
    form = step_form(RoleForm, "rol", filers=request.args.get("filers") or "1")
    intro = "Si usted es abogado, responda por su cliente."
    return accept(form, "rol", current) or show(form, "rol", current, hints=ROLE_HINTS, intro=intro)


@bp.route("/persona")
def choose_person():
    current, detour = flow.require("persona")
    if detour:
        return detour
    form = step_form(PersonForm, "persona")
    intro = "Quien presenta el escrito o el pedido, aunque lo firme su abogado."
    return accept(form, "persona", current) or show(form, "persona", current, hints={}, intro=intro)


@bp.route("/cuantia")
def choose_cuantia():
    current, detour = flow.require("cuantia")
    if detour:
        return detour
    given = request.args.get("cuantia")
    form = step_form(CuantiaForm, "cuantia", unquantified=given == "")
    act = ACTS[current["act"]]
    form.cuantia.label.text = act.cuantia_label
    if act.rate is not None:  # priced as a share of the amount: there must be one
        del form.unquantified
    return accept(form, "cuantia", current) or show(form, "cuantia", current, act=act)


@bp.route("/folios")
def choose_quantity():
    current, detour = flow.require("folios")
    if detour:
        return detour
    form = step_form(QuantityForm, "folios")
    act = ACTS[current["act"]]
    return accept(form, "folios", current) or show(
        form, "folios", current, act=act, unit=per_unit(current["act"])
    )


@bp.route("/situaciones")
def choose_situations():
    current, detour = flow.require("situaciones")
    if detour:
        return detour
    chosen = [s for s in request.args.get("situations", "").split(",") if s]
    form = step_form(SituationsForm, "situaciones", situations=chosen)
    hints = relevant_situations(current)
    form.situations.choices = {key: SITUATIONS[key] for key in hints}
    return accept(form, "situaciones", current) or show(form, "situaciones", current, hints=hints)


@bp.route("/pension")
def choose_monthly():
    current, detour = flow.require("pension")
    if detour:
        return detour
    form = step_form(MonthlyForm, "pension")
    return accept(form, "pension", current) or show(form, "pension", current)


@bp.route("/notificacion")
def choose_notifications():
    current, detour = flow.require("notificacion")
    if detour:
        return detour
    form = step_form(NotificationsForm, "notificacion")
    return accept(form, "notificacion", current) or show(form, "notificacion", current, hints={})


@bp.route("/fecha")
def choose_day():
    current, detour = flow.require("fecha")
    if detour:
        return detour
    today = flow.court_today()
    form = step_form(DayForm, "fecha", day=request.args.get("day") or today.isoformat())
    onward = accept(form, "fecha", current)
    if onward is not None:
        problem = flow.table_problem({**current, **form.answers()})
        if problem is None:
            return onward
        form.day.errors.append(problem)
    return show(form, "fecha", current, today=long_date(today))


# What werkzeug's url_for leaves unescaped in a query string (werkzeug.urls._urlencode).
URL_SAFE = "!$'()*,/:;?@"


@bp.route("/resultado")
def result():
    if not request.args:
        return redirect_to("fees.start")
    today = flow.court_today()
    fee_request, outcome = calculate_fee(request.args, today=today)
    params = request_params(fee_request)
    # Every link of the page carries all the answers: their query string is written once,
    # as url_for writes it, not once per link (that was a third of the page's time).
    query = "?" + urlencode(params, safe=URL_SAFE)
    link = public_url("fees.result") + query  # a link to share: on PUBLIC_URL, like e-mails
    steps = [s for s in flow.STEPS if flow.applies(s, params)]
    return render(
        "fees/result.html",
        "step",
        fee=outcome,
        asked=fee_request,
        steps=steps,
        change_links={step.endpoint: url_for(step.endpoint) + query for step in steps},
        link=link,
        link_chunks=re.split(r"(?<=[/?&,])", link),
        today=today,
        valid_from_today=valid_until(today),
        notice=REFERENTIAL_NOTICE,
        long_date=long_date,
        status_labels=STATUS_LABELS,
        payment_code=payment_code,
        acts=ACTS,
        answers=answer_texts(fee_request),
    )
