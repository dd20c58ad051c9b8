"""The calculator's questions in order, and the answers they carry in the query string.

Nothing is kept in the session: every step's URL holds the answers given so far (the keys
of domain.fees.request_params), so a back link, a reload or a shared link shows the same
thing, and the result page can be rebuilt from its link alone.
"""

from dataclasses import dataclass, replace
from datetime import date

from flask import request, url_for

from blueprints.fees.choices import relevant_situations
from blueprints.htmx import redirect_to
from domain.fees import (
    ACTS,
    INSTANCES,
    PERSONS,
    PROCESSES,
    ROLES,
    FeeError,
    FeeRequest,
    InvalidFeeRequest,
    NoSchedule,
    UnknownConcept,
    check_request,
    needs_monthly,
    per_unit,
    request_from_params,
    request_params,
)
from models import FeeYear
from services.clock import court_now
from services.fees import calculate_fee

# In request_params' order, so the address bar at the result is the link it shows.
KEYS = (
    "act",
    "process",
    "role",
    "person",
    "cuantia",
    "day",
    "situations",
    "parties",
    "instance",
    "quantity",
    "monthly",
    "filers",
)
SUBMITTED = "step"  # the hidden field that says which step's form was sent
# Valid stand-ins for answers not given yet, so the domain can check the ones that were.
STAND_INS = {
    "act": next(iter(ACTS)),
    "process": next(iter(PROCESSES)),
    "role": next(iter(ROLES)),
    "person": next(iter(PERSONS)),
    "instance": next(iter(INSTANCES)),
    "monthly": "0",  # asked after the situations, only where a rule reads it
    "parties": "1",  # derechos alone need one; asked at the notifications step
}


@dataclass(frozen=True)
class Step:
    slug: str  # the URL segment, also the value of SUBMITTED
    endpoint: str
    keys: tuple[str, ...]  # the answers this step asks
    what: str  # "Cambiar <what>" on the result page
    optional: tuple[str, ...] = ()  # answers its form also carries, with a default when blank

    @property
    def fields(self) -> tuple[str, ...]:
        return self.keys + self.optional


STEPS = (
    Step("acto", "fees.choose_act", ("act",), "el acto"),
    Step("proceso", "fees.choose_process", ("process",), "el tipo de proceso"),
    Step("rol", "fees.choose_role", ("role",), "su rol", optional=("filers",)),
    Step("persona", "fees.choose_person", ("person",), "el tipo de persona"),
    Step("cuantia", "fees.choose_cuantia", ("cuantia",), "la cuantía"),
    Step("folios", "fees.choose_quantity", ("quantity",), "los folios"),
    Step("situaciones", "fees.choose_situations", ("situations",), "las situaciones"),
    Step("pension", "fees.choose_monthly", ("monthly",), "la pensión mensual"),
    Step(
        "notificacion", "fees.choose_notifications", ("parties", "instance"), "las notificaciones"
    ),
    Step("fecha", "fees.choose_day", ("day",), "la fecha"),
)
BY_SLUG = {step.slug: step for step in STEPS}


def court_today() -> date:
    return court_now().date()


def answers(leave_out: tuple[str, ...] = ()) -> dict[str, str]:
    """The answers in the query string, in the steps' order."""
    return {key: request.args[key] for key in KEYS if key in request.args and key not in leave_out}


def ordered(current: dict[str, str]) -> dict[str, str]:
    return {key: current[key] for key in KEYS if key in current}


def check(current: dict[str, str]) -> FeeRequest:
    """Raise InvalidFeeRequest when an answer given so far is not one the domain accepts."""
    try:
        fee_request = request_from_params({**STAND_INS, **current}, court_today())
        check_request(fee_request)
    except (ValueError, ArithmeticError):
        raise InvalidFeeRequest("Revise los números del enlace.") from None
    # The stand-in monthly amount only lets the check pass; it is no answer for the link.
    return fee_request if "monthly" in current else replace(fee_request, monthly=None)


def table_problem(current: dict[str, str]) -> str | None:
    """What the date's table lacks for this act (no table that year, or not the concept)."""
    try:
        calculate_fee(current, today=court_today())
    except (NoSchedule, UnknownConcept) as error:
        years = ", ".join(str(year) for year in sorted(FeeYear.schedules()))
        return f"{error} Hay cuadros de estos años: {years}."
    except FeeError:
        return None  # another answer is missing or wrong: its own step asks for it again
    return None


def applies(step: Step, current: dict[str, str]) -> bool:
    if step.slug == "folios":
        return per_unit(current.get("act")) is not None
    if step.slug == "situaciones":
        return bool(relevant_situations(current))
    if step.slug == "pension":
        situations = frozenset(s for s in current.get("situations", "").split(",") if s)
        return needs_monthly(
            current.get("act"),
            current.get("process"),
            current.get("role"),
            current.get("person"),
            situations,
        )
    return True


def missing(step: Step, current: dict[str, str]) -> bool:
    if step.slug == "cuantia" and current.get("cuantia") == "" and needs_amount(current):
        return True  # "no cuantificable" was answered for an act priced as a share of it
    return applies(step, current) and any(key not in current for key in step.keys)


def needs_amount(current: dict[str, str]) -> bool:
    act = ACTS.get(current.get("act", ""))
    return act is not None and act.rate is not None


def require(slug: str):
    """(the other steps' answers, None) when the step can be asked, else (…, a redirect).

    The step's own keys are left out: they hold what the form was just sent with, which
    the form checks and explains; a wrong answer to any other step is a broken link.
    """
    position = STEPS.index(BY_SLUG[slug])
    current = answers(leave_out=STEPS[position].fields)
    check(current)
    for step in STEPS[:position]:
        if missing(step, current):
            return current, redirect_to(step.endpoint, **current)
    if not applies(STEPS[position], current):
        return current, go_on(current)
    return current, None


def submitted(slug: str) -> bool:
    return request.args.get(SUBMITTED) == slug


def go_on(current: dict[str, str]):
    """After an answer: the first question still unanswered, else the result."""
    current = ordered(current)
    for step in STEPS:
        if missing(step, current):
            return redirect_to(step.endpoint, **current)
    return redirect_to("fees.result", **request_params(check(current)))


def back_url(slug: str, current: dict[str, str]) -> str:
    earlier = [s for s in STEPS[: STEPS.index(BY_SLUG[slug])] if applies(s, current)]
    return url_for(earlier[-1].endpoint, **current) if earlier else url_for("fees.start")


def progress(slug: str, current: dict[str, str]) -> tuple[int, int]:
    shown = [s.slug for s in STEPS if applies(s, current) or s.slug == slug]
    return shown.index(slug) + 1, len(shown)
