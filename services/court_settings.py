"""The administrator sets the court up: its profile and logo, sedes, services (trámites),
windows and dependencias. One transaction and one audit row per change; nothing a booking
refers to is ever deleted, only deactivated."""

from dataclasses import dataclass
from datetime import datetime

import peewee

from db import write_transaction
from domain import sede_setup
from domain.pdf.ticket import logo_problem
from models import (
    Court,
    Dependencia,
    FeeYear,
    ReceptionHours,
    Sede,
    Service,
    Window,
    WindowService,
)
from models.court import forget_setup
from services import audit, uploads
from services.actor import Actor
from services.court_setup import load_holidays, load_shipped_fees

LOGO_AREA = "court"
PROFILE_FIELDS = ("name", "short_name", "country", "timezone")
SEDE_FIELDS = ("name", "code", "address", "district", "city", "phone")
SERVICE_FIELDS = ("name", "description", "what_to_bring")


# What each screen's use case writes to the audit log: (when created, when changed).
AUDITED = {
    "court": ("tribunal_creado", "tribunal_cambiado"),
    "service": ("servicio_creado", "servicio_cambiado"),
    "window": ("ventanilla_creada", "ventanilla_cambiada"),
    "dependencia": ("dependencia_creada", "dependencia_cambiada"),
}


def _action(thing: str, created: bool) -> str:
    return AUDITED[thing][0 if created else 1]


class SetupRefusal(Exception):
    """The change cannot be made; the message says what to do instead."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.field = field


@dataclass(frozen=True)
class SetupProgress:
    """How far the first set-up got: the court's profile, then its first sede."""

    court_saved: bool
    has_sede: bool

    @property
    def done(self) -> bool:
        return self.court_saved and self.has_sede


def progress() -> SetupProgress:
    """Read now, never from a worker's kept copy: the wizard moves on right after a save."""
    return SetupProgress(Court.saved() is not None, Sede.select().exists())


def _changes(row, values: dict, fields) -> list[str]:
    """Set `values` on `row`; the changed fields as 'field: before → after'."""
    changed = []
    for field in fields:
        before, after = getattr(row, field), values[field]
        if before != after:
            changed.append(f"{field}: {_shown(before)} → {_shown(after)}")
            setattr(row, field, after)
    return changed


def _shown(value) -> str:
    if isinstance(value, bool):
        return "sí" if value else "no"
    return "-" if value is None or value == "" else str(value)


# --- the court's profile -----------------------------------------------------------------


def save_logo(upload) -> str:
    """Store an uploaded logo (PNG or JPEG, checked by its content and drawn once into a PDF);
    its stored name. uploads.Refused says what to send instead."""
    name, _mime = uploads.save(upload, "logo", LOGO_AREA)
    with open(uploads.path(LOGO_AREA, name), "rb") as fh:
        problem = logo_problem(fh.read())
    if problem:
        uploads.remove(LOGO_AREA, name)
        raise uploads.Refused(problem)
    return name


def court_logo(court: Court) -> bytes | None:
    """The logo's bytes for a PDF, or None when the court has none (or the file is gone)."""
    if not court.logo_file:
        return None
    try:
        with open(uploads.path(LOGO_AREA, court.logo_file), "rb") as fh:
            return fh.read()
    except (OSError, ValueError):
        return None


def save_profile(
    values: dict, *, logo: str | None = None, drop_logo: bool = False, actor: Actor, now: datetime
) -> Court:
    """Create the court's row (the first set-up) or change it. `logo` is a name save_logo()
    stored; `drop_logo` forgets the current one. The first save also loads what the country
    brings: its national holidays of this year and the next as closures and, for Peru, the
    fee tables Ventanilla ships."""
    with write_transaction():
        Court.lock_for_first_save()  # a double submit must not make two courts
        court = Court.saved()
        created = court is None
        court = court or Court(logo_file="")
        old_logo = court.logo_file
        changed = _changes(court, values, PROFILE_FIELDS)
        if logo or drop_logo:
            court.logo_file = logo or ""
        if court.logo_file != old_logo:
            changed.append("logotipo: " + ("nuevo" if court.logo_file else "quitado"))
        if changed or created:
            court.save()
            action = _action("court", created)
            audit.log(actor, action, now, subject=court.name, detail="; ".join(changed))
        if created:
            year = court.local_time(now).year
            load_holidays(court, [year, year + 1])
            if court.country == "PE" and not FeeYear.select().exists():
                load_shipped_fees(now)
    if old_logo and old_logo != court.logo_file:
        uploads.remove(LOGO_AREA, old_logo)
    forget_setup()
    return court


# --- sedes ---------------------------------------------------------------------------------


def create_sede(values: dict, *, actor: Actor, now: datetime) -> Sede:
    """A new sede, open, with no opening hours yet: its edit screen gives it hours."""
    court = Court.saved()
    if court is None:
        raise SetupRefusal("Primero guarde los datos del tribunal")
    try:
        with write_transaction():
            if Sede.select().where(Sede.code == values["code"]).exists():
                raise SetupRefusal("Ya hay una sede con ese código. Elija otro", "code")
            sede = Sede.create(court=court, **{f: values[f] for f in SEDE_FIELDS})
            audit.log(actor, "sede_creada", now, subject=sede.code, detail=sede.name)
    except peewee.IntegrityError:  # the same code saved a moment ago
        raise SetupRefusal("Ya hay una sede con ese código. Elija otro", "code") from None
    forget_setup()
    return sede


# --- services: one row per sede that offers it, all with the same code -------------------


def services_by_code() -> dict[str, list[Service]]:
    """Every service code with its rows (one per sede that offers or offered it)."""
    found: dict[str, list[Service]] = {}
    for service in Service.select(Service, Sede).join(Sede).order_by(Service.name, Sede.name):
        found.setdefault(service.code, []).append(service)
    return found


def save_service(
    code: str, values: dict, sede_ids: set[int], *, new: bool, actor: Actor, now: datetime
) -> list[Service]:
    """Offer service `code` at exactly `sede_ids`, with the same name and texts everywhere.
    A sede left out keeps its row, deactivated: appointments already booked refer to it."""
    try:
        return _save_service(code, values, sede_ids, new=new, actor=actor, now=now)
    except peewee.IntegrityError:  # the same new code saved a moment ago
        raise SetupRefusal("Ya hay un trámite con ese código. Elija otro", "code") from None
    finally:
        forget_setup()


def _save_service(code, values, sede_ids, *, new, actor, now) -> list[Service]:
    with write_transaction():
        rows = {s.sede_id: s for s in Service.select().where(Service.code == code)}
        if new and rows:
            raise SetupRefusal("Ya hay un trámite con ese código. Elija otro", "code")
        changed = []
        for sede_id in sede_ids | set(rows):
            row = rows.get(sede_id) or Service(sede=sede_id, code=code, **values)
            detail = _changes(row, values, SERVICE_FIELDS)
            active = sede_id in sede_ids
            if row.id is None or detail or row.active != active:
                row.active = active
                row.save()
                changed.append(f"sede {sede_id}: {'ofrece' if active else 'no ofrece'}")
            rows[sede_id] = row
        if changed:
            action = _action("service", new)
            audit.log(actor, action, now, subject=code, detail="; ".join(changed))
    return list(rows.values())


# --- windows -------------------------------------------------------------------------------


def save_window(
    window: Window, values: dict, service_ids: set[int], *, actor: Actor, now: datetime
) -> Window:
    """Create `window` (unsaved) or change it: number, name, active, the services it serves
    (only services of its own sede)."""
    allowed = {s.id for s in Service.select(Service.id).where(Service.sede == window.sede_id)}
    if not service_ids <= allowed:
        raise SetupRefusal("Elija trámites de la lista", "services")
    created = window.id is None
    try:
        with write_transaction():
            taken = Window.select().where(
                Window.sede == window.sede_id, Window.number == values["number"]
            )
            if not created:
                taken = taken.where(Window.id != window.id)
            if taken.exists():
                raise SetupRefusal("Esa sede ya tiene una ventanilla con ese número", "number")
            changed = _changes(window, values, ("number", "name", "active"))
            before = set() if created else window.service_ids()
            if created or changed:
                window.save()
            if service_ids != before:
                changed.append(f"trámites: {len(before)} → {len(service_ids)}")
                WindowService.delete().where(WindowService.window == window).execute()
                for service_id in sorted(service_ids):
                    WindowService.create(window=window, service=service_id)
            if changed:
                action = _action("window", created)
                subject = f"{window.sede.code} {window.label}"
                audit.log(actor, action, now, subject=subject, detail="; ".join(changed))
    except peewee.IntegrityError:
        raise SetupRefusal("Esa sede ya tiene una ventanilla con ese número", "number") from None
    return window


# --- dependencias --------------------------------------------------------------------------


def save_dependencia(
    dependencia: Dependencia, values: dict, *, actor: Actor, now: datetime
) -> Dependencia:
    """Create `dependencia` (unsaved) or change it: code, name, sede (or none), active."""
    court = Court.saved()
    if court is None:
        raise SetupRefusal("Primero guarde los datos del tribunal")
    created = dependencia.id is None
    refusal = SetupRefusal("Ya hay una dependencia con ese código. Elija otro", "code")
    try:
        with write_transaction():
            taken = Dependencia.select().where(Dependencia.code == values["code"])
            if not created:
                taken = taken.where(Dependencia.id != dependencia.id)
            if taken.exists():
                raise refusal
            dependencia.court = court
            changed = _changes(dependencia, values, ("code", "name", "sede_id", "active"))
            week = values.get("week", {})
            before = {} if created else ReceptionHours.of(dependencia)
            if week != before:
                words = sede_setup.changes_text(
                    {"horario": before or "general"}, {"horario": week or "general"}
                )
                changed.append(words)
            if changed or created:
                dependencia.save()
                if week != before:  # all the week's rows at once: a day left empty is closed
                    _store_reception_hours(dependencia, week)
                action = _action("dependencia", created)
                audit.log(actor, action, now, subject=dependencia.code, detail="; ".join(changed))
    except peewee.IntegrityError:
        raise refusal from None
    return dependencia


def _store_reception_hours(dependencia: Dependencia, week: dict) -> None:
    """Replace the dependencia's reception hours; none: the court's default applies."""
    ReceptionHours.delete().where(ReceptionHours.dependencia == dependencia.id).execute()
    for weekday, periods in sorted(week.items()):
        for opens, closes in periods:
            ReceptionHours.create(
                dependencia=dependencia.id, weekday=weekday, opens=opens, closes=closes
            )
