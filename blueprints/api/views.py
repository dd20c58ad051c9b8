"""The JSON API the kiosk reads: the same calculator and fee tables as the web pages.

GET only, and nothing here touches the session, so no cookie is set and no CSRF token is
needed. The fee table and the choices carry an ETag: the kiosk keeps a copy for when the
network drops and revalidates it cheaply (304) when it is back. /api/salud tells a load
balancer (and the kiosk) whether this server can work. Keys and parameters are English,
texts Spanish; every error is {"errors": {"<parameter>": ["what to correct"]}}.
"""

import hashlib
import json

from flask import make_response, request

from blueprints.api import bp
from blueprints.api.openapi import CALCULATOR_PARAMETERS, OPENAPI, WHOLE_QUERY
from db import database_reachable
from domain.fees import (
    ACTS,
    INSTANCES,
    PERSONS,
    PROCESSES,
    REFERENTIAL_NOTICE,
    ROLES,
    SITUATION_HINTS,
    SITUATIONS,
    WHERE_TO_PAY,
    FeeError,
    act_groups,
    per_unit,
    result_as_dict,
    schedule_as_dict,
)
from models import FeeYear
from services.clock import court_now
from services.fees import calculate_fee

CACHE_SECONDS = 3600  # a re-imported table reaches every kiosk within the hour
PARAMETERS = [parameter["name"] for parameter in CALCULATOR_PARAMETERS]
# The API's name of an answer → its key in the result page's link (domain.fees.request_params).
LINK_KEYS = {"amount": "cuantia", "monthly_amount": "monthly"}
API_NAMES = {key: name for name, key in LINK_KEYS.items()}


def as_json(data, status: int = 200):
    """UTF-8 JSON (Spanish stays readable and short), compact."""
    body = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return make_response(body, status, {"Content-Type": "application/json"})


def errors(status: int, problems: dict[str, str]):
    """The one error shape: per parameter, what to correct."""
    return as_json({"errors": {field: [message] for field, message in problems.items()}}, status)


def cacheable(data):
    """JSON with an ETag of its bytes; 304 when the kiosk's copy is the same."""
    response = as_json(data)
    response.set_etag(hashlib.sha256(response.get_data()).hexdigest()[:32])
    response.cache_control.public = True
    response.cache_control.max_age = CACHE_SECONDS
    return response.make_conditional(request)


def labelled(choices: dict) -> list[dict]:
    return [{"key": key, "label": label} for key, label in choices.items()]


@bp.route("/aranceles/calcular")
def calculate_fees():
    unknown = sorted(set(request.args) - set(PARAMETERS))
    if unknown:  # a misspelt or old name would otherwise change the amount without a word
        listed = ", ".join(PARAMETERS)
        message = f"Parámetro desconocido: {', '.join(unknown)}. Use solo estos: {listed}."
        return errors(400, {WHOLE_QUERY: message})
    answers = {LINK_KEYS.get(name, name): value for name, value in request.args.items()}
    try:
        _, result = calculate_fee(answers, today=court_now().date())
    except FeeError as error:
        field = API_NAMES.get(error.field, error.field) or WHOLE_QUERY
        return errors(400, {field: str(error)})
    return as_json(result_as_dict(result))


@bp.route("/aranceles/tabla/<int:year>")
def fee_table(year: int):
    schedule = FeeYear.schedules().get(year)
    if schedule is None:
        return errors(404, {"year": f"No hay Cuadro de Valores cargado para {year}."})
    return cacheable(schedule_as_dict(schedule))


@bp.route("/aranceles/opciones")
def fee_choices():
    acts = [
        {
            "key": key,
            "label": act.label,
            "code": act.code,
            "citation": act.citation,
            "amount_label": act.cuantia_label,
            "amount_required": act.rate is not None,
            "unit": per_unit(key),
            "note": act.note,
        }
        for key, act in ACTS.items()
    ]
    situations = [
        {"key": key, "label": label, "hint": SITUATION_HINTS.get(key, "")}
        for key, label in SITUATIONS.items()
    ]
    return cacheable(
        {
            "acts": acts,
            "act_groups": [{"label": label, "acts": keys} for label, keys in act_groups()],
            "processes": labelled(PROCESSES),
            "roles": labelled(ROLES),
            "persons": labelled(PERSONS),
            "situations": situations,
            "instances": labelled(INSTANCES),
            "years": sorted(FeeYear.schedules()),
            "where_to_pay": WHERE_TO_PAY,
            "referential_notice": REFERENTIAL_NOTICE,
        }
    )


@bp.route("/salud")
def health():
    """For load balancers and the kiosk: is this server able to reach its database?"""
    if database_reachable():
        response = as_json({"status": "ok"})
    else:
        message = "Este servidor no llega a su base de datos."
        response = as_json({"status": "error", "errors": {"database": [message]}}, 503)
    response.cache_control.no_store = True
    return response


@bp.route("/openapi.json")
def openapi():
    return cacheable(OPENAPI)
