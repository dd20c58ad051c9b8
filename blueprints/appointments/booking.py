"""The booking draft kept in the session, and what each step needs to show it."""

import secrets
from datetime import date, time
from functools import lru_cache

from flask import session

from blueprints.htmx import redirect_to, render
from domain import slots
from domain.clock import hhmm, long_date, short_date
from domain.identity import DOCUMENT_TYPES
from models import Sede, Service

KEY = "cita"
IDENTITY_FIELDS = ("doc_type", "doc_number", "names", "surnames", "email", "phone")

# The draft's keys in the order the steps fill them, and the step that fills each.
ORDER = ["doc_number", "sede_id", "service_id", "day", "start"]
FILLED_BY = {
    "doc_number": "appointments.identity",
    "sede_id": "appointments.choose_sede",
    "service_id": "appointments.choose_service",
    "day": "appointments.choose_day",
    "start": "appointments.choose_time",
}
# step -> the last key it needs; a step's back link goes to the step that filled that key
NEEDS = {
    "sede": "doc_number",
    "service": "sede_id",
    "day": "service_id",
    "time": "day",
    "review": "start",
}


def draft() -> dict:
    return session.get(KEY, {})


def save(**values) -> None:
    """Store a step's answer; answers of later steps that depended on it are dropped."""
    current = dict(draft())
    for key, value in values.items():
        if current.get(key) != value:
            for later in ORDER[ORDER.index(key) + 1 :] if key in ORDER else []:
                current.pop(later, None)
            current.pop("request_key", None)
        current[key] = value
    session[KEY] = current


def person_of(form) -> dict:
    """Who the identity form says is booking, as the quotas count them."""
    return {name: getattr(form, name).data for name in ("doc_type", "doc_number", "email")}


def save_identity(form) -> None:
    values = {name: getattr(form, name).data for name in IDENTITY_FIELDS}
    values["names"] = " ".join(values["names"].split())
    values["surnames"] = " ".join(values["surnames"].split())
    values["email"] = values["email"].strip().lower()
    values["birth_date"] = form.birth_date.data.isoformat()
    values["vulnerable"] = bool(form.vulnerable.data)
    if draft().get("doc_number") not in (None, values["doc_number"]):
        session.pop(KEY, None)  # another person on the same phone starts from scratch
    save(**values)


def identity_data(current: dict) -> dict | None:
    """What the person typed before, for the form; None when nothing was typed yet."""
    if not current.get("doc_number"):
        return None
    data = {name: current.get(name) for name in IDENTITY_FIELDS}
    data["birth_date"] = birth_date(current)
    data["vulnerable"] = current.get("vulnerable", False)
    return data


def account_data(user) -> dict | None:
    """A signed-in person's own data, so they need not type it again."""
    if not user.is_authenticated or not user.doc_type or user.doc_type not in DOCUMENT_TYPES:
        return None
    fields = ("doc_type", "doc_number", "names", "surnames", "email", "phone", "birth_date")
    return {name: getattr(user, name) for name in fields}


def birth_date(current: dict) -> date | None:
    return date.fromisoformat(current["birth_date"]) if current.get("birth_date") else None


def require(step: str):
    """(draft, None) when the step can be shown, else (draft, redirect to the missing step)."""
    current = draft()
    for key in ORDER[: ORDER.index(NEEDS[step]) + 1]:
        if not current.get(key):
            return current, redirect_to(FILLED_BY[key])
    return current, None


def render_choice(form, step: str, intro: str = "", **context):
    return render(
        "appointments/choose.html",
        "step",
        form=form,
        step=step,
        intro=intro,
        back=FILLED_BY[NEEDS[step]],
        **context,
    )


def time_key(start: time) -> str:
    return hhmm(start)


def time_label(service, start: time) -> str:
    return time_range(start, service.sede.slot_minutes)


@lru_cache(maxsize=1024)  # a few dozen times of day: the slot page shows them all each time
def time_range(start: time, slot_minutes: int) -> str:
    return f"{hhmm(start)} a {hhmm(slots.slot_end(start, slot_minutes))}"


def day_label(day: date) -> str:
    return short_date(day).capitalize()


def places_text(count: int, noun: str) -> str:
    plural = {"horario": "horarios libres", "lugar": "lugares"}[noun]
    singular = {"horario": "horario libre", "lugar": "lugar"}[noun]
    if noun == "lugar":
        return f"Queda 1 {singular}" if count == 1 else f"Quedan {count} {plural}"
    return f"1 {singular}" if count == 1 else f"{count} {plural}"


def booking_args(current: dict) -> dict:
    """The draft as the booking use case takes it."""
    person = {name: current[name] for name in IDENTITY_FIELDS}
    person["birth_date"] = birth_date(current)
    return {
        "service": Service.with_sede(current["service_id"]),
        "day": date.fromisoformat(current["day"]),
        "start": time.fromisoformat(current["start"]),
        "person": person,
        "vulnerable": current.get("vulnerable", False),
    }


def summary(current: dict) -> dict:
    sede = Sede.kept(current["sede_id"])
    service = Service.with_sede(current["service_id"])
    day = date.fromisoformat(current["day"])
    start = time.fromisoformat(current["start"])
    return {
        "person": f"{current['names']} {current['surnames']}",
        "document": f"{DOCUMENT_TYPES[current['doc_type']]} {current['doc_number']}",
        "contact": f"{current['email']} · {current['phone']}",
        "sede": sede,
        "service": service,
        "day": long_date(day),
        "time": time_label(service, start),
    }


def request_key(current: dict) -> str:
    """The review form's nonce, kept in the draft so a reload shows the same form."""
    if "request_key" not in current:
        current["request_key"] = secrets.token_urlsafe(16)
        session[KEY] = current
    return current["request_key"]


def finish(appointment) -> None:
    """Forget the draft: the next person on a shared phone starts clean."""
    session.pop(KEY, None)
