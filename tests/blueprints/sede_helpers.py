"""What the sede and closure tests share: the edit form as a browser would send it back."""

from bs4 import BeautifulSoup

from models import Appointment, AuditEvent, Sede
from tests.helpers import choices, submit_identity


def sede_named(code: str) -> Sede:
    return Sede.get(Sede.code == code)


def edit_url(sede: Sede) -> str:
    return f"/personal/configuracion/sedes/{sede.id}"


def form_values(page_text: str, form_action: str | None = None) -> dict:
    """Every field of the page's form (the one posting to `form_action`, else the first) with
    the value it shows: what a browser sends when nothing is changed."""
    soup = BeautifulSoup(page_text, "html.parser")
    form = soup.select_one(f'#sedes form[action="{form_action}"]' if form_action else "#sedes form")
    values = {}
    for element in form.select("input, textarea, select"):
        name = element.get("name")
        if not name or name == "csrf_token":
            continue
        if element.name == "textarea":
            values[name] = element.text
        elif element.name == "select":
            chosen = element.select_one("option[selected]") or element.select_one("option")
            values[name] = chosen.get("value", "")
        elif element.get("type") == "checkbox":
            if element.has_attr("checked"):
                values[name] = element.get("value", "y")
        else:
            values[name] = element.get("value", "")
    return values


def booked(code: str | None = None) -> Appointment:
    return Appointment.get(Appointment.code == code) if code else Appointment.get()


def actions(name: str) -> list[AuditEvent]:
    return list(AuditEvent.select().where(AuditEvent.action == name).order_by(AuditEvent.id))


def day_index(client, day) -> int:
    """Where `day` is in the booking walk's list of days (first sede and service)."""
    submit_identity(client)
    client.post("/citas/sede", data={"choice": choices(client.get("/citas/sede"))[0]})
    client.post("/citas/servicio", data={"choice": choices(client.get("/citas/servicio"))[0]})
    return choices(client.get("/citas/dia")).index(day.isoformat())
