"""The court's configuration as one file: export it, and preview what importing one changes.

Importing (services/config_import.py) makes the court what the file says, in one
transaction: the court's profile and settings are overwritten; rows with a natural key (sedes,
services, dependencias) are added, changed or removed by that key; rows without one (opening
hours, closures) are replaced as a whole. A row that something else points to (a sede or a
service with appointments) is never removed: the preview lists it as an error and says to mark
it inactive instead. The fee tables are not in the file (they have their own CSV); the file
lists the years loaded, and the preview says which of them this court lacks.
"""

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime

from domain import config_text
from domain import court_config as cc
from domain.clock import local_now, national_holidays
from models import Court
from services import audit
from services import config_tables as ct
from services.actor import Actor

# What an outside row that keeps a configuration row from being removed is, in words.
DEPENDENTS = {
    "appointment": "citas",
    "slot": "turnos de citas",
    # The lobby's queue: kiosk keys are secrets, never in the file, and tickets are history.
    "kiosk_device": "terminales de kiosco",
    "queue_ticket": "turnos de la cola",
    "queue_counter": "turnos de la cola",
    "queue_event": "llamados de la cola",
}
LISTED_ROWS = 10  # rows without a key added or removed that a preview lists one by one


@dataclass
class Preview:
    errors: list[str] = field(default_factory=list)
    changes: list[str] = field(default_factory=list)  # one line per change, in Spanish
    notices: list[str] = field(default_factory=list)  # not errors: what to do afterwards
    document: dict = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.errors


# --- export -------------------------------------------------------------------------------


def export() -> dict:
    """The court's configuration as a canonical document (an empty court: no sedes)."""
    court = Court.select().order_by(Court.id).first()
    document = {"format": cc.FORMAT, "version": cc.VERSION}
    document["court"] = _row(ct.COURT, court) if court else _defaults(ct.COURT)
    for table in ct.TABLES:
        document[table.section] = _rows(table, table.model.select())
    document["settings"] = ct.read_settings()
    document["fee_tables"] = [{"year": year} for year in ct.fee_years()]
    return document


def export_text(fmt: str = "yaml") -> str:
    return config_text.dump(export(), fmt)


def download(fmt: str, *, actor: Actor, now: datetime) -> str:
    """The configuration as text for a person, audited: it names every sede and setting."""
    text = export_text(fmt)
    audit.log(actor, "configuracion_exportada", now, subject=f"configuración en {fmt.upper()}")
    return text


def _defaults(table: ct.Table) -> dict:
    return {c.name: ct.field_spec(table, c).default for c in ct.columns(table)}


def _row(table: ct.Table, instance) -> dict:
    row = {}
    for column in ct.columns(table):
        if isinstance(column, ct.pw.ForeignKeyField):
            target = getattr(instance, column.name)
            key = ct.ref_table(column.rel_model).key[0]
            row[column.name] = getattr(target, key) if target else None
        else:
            row[column.name] = ct.written(table, column, getattr(instance, column.name))
    for link in table.links:
        key = ct.link_target(link).key[0]
        joined = link.through.select().where(getattr(link.through, link.own) == instance)
        row[link.name] = [
            getattr(getattr(j, link.other), key) for j in joined.order_by(link.through.id)
        ]
    for child in table.children:
        parent_fk = getattr(child.model, child.parent)
        row[child.section] = _rows(child, child.model.select().where(parent_fk == instance))
    return row


def _rows(table: ct.Table, query) -> list[dict]:
    """Rows with a key in the order they were added (the file's order when it made them);
    rows without one by `table.order`, so the same rows are always written alike."""
    if table.key:
        return [_row(table, instance) for instance in query.order_by(table.model.id)]
    instances = sorted(query, key=lambda i: tuple(_sortable(i, name) for name in table.order))
    return [_row(table, instance) for instance in instances]


def _sortable(instance, name: str):
    value = getattr(instance, name)
    if isinstance(value, ct.pw.Model):
        value = str(value.id)
    return (value is not None, value if value is not None else 0)


# --- preview ------------------------------------------------------------------------------


def preview(text: str, now: datetime) -> Preview:
    """Every error of the file, or what importing it would change; nothing is written. `now`
    decides the years of national holidays a `national_holidays` instruction adds."""
    try:
        document = config_text.parse(text)
    except config_text.NotReadable as error:
        return Preview(errors=[str(error)])
    checked = cc.check(document, ct.spec())
    if not checked.ok:
        return Preview(errors=checked.errors)
    incoming, current = with_holidays(checked.document, now), export()
    result = Preview(document=incoming)
    _diff_court(current, incoming, result.changes)
    removed: list[tuple[str, ct.Table, dict]] = []
    for table in ct.TABLES:
        _diff(
            table, current[table.section], incoming[table.section], table.section, result, removed
        )
    _diff_settings(current["settings"], incoming["settings"], result.changes)
    result.errors = _blockers(removed)
    missing = sorted({r["year"] for r in incoming["fee_tables"]} - set(ct.fee_years()))
    if missing:
        result.notices.append(
            f"Falta cargar el Cuadro de Valores de {', '.join(map(str, missing))}: impórtelo en "
            "«Tablas de aranceles» o con «flask --app app load-fees»."
        )
    return result


def with_holidays(document: dict, now: datetime) -> dict:
    """The document with its `national_holidays` instruction made into closures: the
    country's holidays of the court's current year and the next ones, except on days the file
    already closes court-wide (as load_holidays does)."""
    instruction = document.pop("national_holidays", None)
    if not instruction:
        return document
    court = document["court"]
    year = local_now(court["timezone"], now).year
    years = list(range(year, year + instruction["years_after_current"] + 1))
    closed = {c["day"] for c in document["closures"] if c["sede"] is None}
    blank = _defaults(ct.closure_table())
    for day, name in national_holidays(court["country"], years):
        if day.isoformat() not in closed:
            row = blank | {"sede": None, "day": day.isoformat(), "reason": name, "kind": "feriado"}
            document["closures"].append(row)
    return document


def _diff_court(current: dict, incoming: dict, changes: list[str]) -> None:
    if not Court.select().exists():
        changes.append(f"Se crea la corte «{incoming['court']['name']}».")
        return
    for name, value in incoming["court"].items():
        if current["court"][name] != value:
            changes.append(f"court.{name}: {_shown(current['court'][name])} → {_shown(value)}")


def _diff_settings(current: dict, incoming: dict, changes: list[str]) -> None:
    for name, value in incoming.items():
        if current[name] != value:
            changes.append(f"settings.{name}: {_shown(current[name])} → {_shown(value)}")


def _diff(
    table: ct.Table, before: list, after: list, path: str, result: Preview, removed, parent=None
) -> None:
    """Lines for what changes from `before` to `after`; rows left out go to `removed`."""
    if not table.key:
        result.changes.extend(_replaced(before, after, path))
        return
    old = {_key(table, r): r for r in before}
    now = {_key(table, r): r for r in after}
    for key, row in now.items():
        here = f"{path}[{key}]"
        if key not in old:
            result.changes.append(f"{here}: nuevo")
            continue
        fields = [name for name in ct.field_names(table) if old[key][name] != row[name]]
        for name in fields:
            result.changes.append(f"{here}.{name}: {_shown(old[key][name])} → {_shown(row[name])}")
        instance = find(table, old[key], parent) if table.children else None
        for child in table.children:
            _diff(child, old[key][child.section], row[child.section], f"{here}.{child.section}",
                  result, removed, instance)  # fmt: skip
    for key, row in old.items():
        if key not in now:
            result.changes.append(f"{path}[{key}]: se quita")
            removed.append((f"{path}[{key}]", table, row, parent))


def _replaced(before: list, after: list, path: str) -> list[str]:
    """Rows without a key: each one added or removed, or a count when there are many."""
    rows = {_frozen(r): r for r in before + after}
    gone = Counter(map(_frozen, before)) - Counter(map(_frozen, after))
    new = Counter(map(_frozen, after)) - Counter(map(_frozen, before))
    if sum(gone.values()) + sum(new.values()) > LISTED_ROWS:
        return [
            f"{path}: {sum(new.values())} nuevos, {sum(gone.values())} quitados "
            f"(quedan {len(after)})"
        ]
    return [f"{path}: se agrega {_brief(rows[r])}" for r in new.elements()] + [
        f"{path}: se quita {_brief(rows[r])}" for r in gone.elements()
    ]


def _brief(row: dict) -> str:
    return " · ".join(str(v) for v in row.values() if v not in (None, "", []))


def _key(table: ct.Table, row: dict) -> str:
    return "/".join(str(row[name]) for name in table.key)


def _frozen(row: dict):
    return tuple(sorted((k, _frozen(v) if isinstance(v, dict) else str(v)) for k, v in row.items()))


def _shown(value) -> str:
    if isinstance(value, list):
        value = ", ".join(map(str, value))
    return "vacío" if value is None or value == "" else f"«{value}»"


def _blockers(removed) -> list[str]:
    """Rows the file leaves out that something outside the configuration still points to."""
    blocked: dict[str, list[str]] = {}
    hint: dict[str, bool] = {}
    for path, table, row, parent in removed:
        instance = find(table, row, parent)
        for where, what, can_pause in _in_use(table, instance, path):
            blocked.setdefault(where, []).append(what)
            hint[where] = can_pause
    return [
        f"{where}: no se puede quitar porque tiene {' y '.join(sorted(what, key=_rank))}"
        + ("; déjelo en el archivo con «active: false» si ya no atiende" if hint[where] else "")
        for where, what in blocked.items()
    ]


def _rank(what: str) -> int:
    labels = list(DEPENDENTS.values())
    return labels.index(what) if what in labels else len(labels)


def _in_use(table: ct.Table, instance, path: str):
    for fk, model in table.model._meta.backrefs.items():
        if model in ct.config_models():
            continue
        if model.select().where(fk == instance).exists():
            name = model._meta.table_name
            yield path, DEPENDENTS.get(name, name), "active" in table.model._meta.fields
    for child in table.children:
        parent_fk = getattr(child.model, child.parent)
        for row in child.model.select().where(parent_fk == instance):
            label = "/".join(str(getattr(row, k)) for k in child.key) or str(row.id)
            yield from _in_use(child, row, f"{path}.{child.section}[{label}]")


def find(table: ct.Table, row: dict, parent):
    """The stored row of `table` with the natural key of `row` (under `parent`)."""
    query = table.model.select()
    if parent is not None:
        query = query.where(getattr(table.model, table.parent) == parent)
    for name in table.key:
        query = query.where(getattr(table.model, name) == row[name])
    return query.get()
