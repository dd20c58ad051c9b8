"""Importing the court's configuration file: the court becomes what the file says.

One transaction: the file is previewed again inside it (services/court_config.py), so what was
checked is what is written; rows with a natural key are added, changed or removed by it, rows
without one are replaced, many-to-many lists are written anew; the removals come last,
children first. Audited with the preview's list of changes.
"""

from dataclasses import dataclass
from datetime import datetime

from db import write_transaction
from models import Court
from services import audit, court_config, imports
from services import config_tables as ct
from services.actor import Actor
from services.court_config import find


class NotApplied(Exception):
    """The file has errors or would remove rows in use; `problems` lists each one."""

    def __init__(self, problems: list[str]):
        super().__init__("El archivo tiene errores: no se cambió nada.")
        self.problems = problems


@dataclass(frozen=True)
class Applied:
    changes: list[str]
    notices: list[str]


def apply(
    text: str,
    filename: str,
    *,
    actor: Actor,
    now: datetime,
    staged_as: str = "",
    audited: bool = True,
) -> Applied:
    """Make the court what the file says, in one transaction, audited; NotApplied lists every
    error. `staged_as` names a previewed upload, imported once (AlreadyImported after that).
    Only the demo court is set up without an audit row (`audited`), like its fee tables."""
    with write_transaction():
        if staged_as and not imports.claim(staged_as, now):
            raise imports.AlreadyImported("Ese archivo ya se importó; no se cambió nada.")
        result = court_config.preview(text, now)  # what is checked is what is written
        if not result.ok:
            raise NotApplied(result.errors)
        if not result.changes:
            return Applied([], result.notices)
        document = result.document
        court = _write_court(document["court"])
        doomed: list = []
        for table in ct.TABLES:
            _sync(table, document[table.section], None, court, doomed)
        for table, instance in reversed(doomed):
            _delete(table, instance)
        ct.write_settings(document["settings"])
        if audited:
            audit.log(
                actor,
                "configuracion_importada",
                now,
                subject=filename,
                detail=f"{len(result.changes)} cambios: " + "; ".join(result.changes)[:2000],
            )
    return Applied(result.changes, result.notices)


def _write_court(values: dict) -> Court:
    court = Court.select().order_by(Court.id).first() or Court()
    for column in ct.columns(ct.COURT):
        setattr(court, column.name, ct.stored(ct.COURT, column, values[column.name]))
    court.save()
    return court


def _values(table: ct.Table, row: dict, parent, court) -> dict:
    values = {}
    for column in ct.columns(table):
        value = row[column.name]
        if isinstance(column, ct.pw.ForeignKeyField):
            target = ct.ref_table(column.rel_model)
            value = None if value is None else find(target, {target.key[0]: value}, None)
        values[column.name] = ct.stored(table, column, value)
    if table.parent:
        values[table.parent] = parent
    for column in table.model._meta.sorted_fields:
        if isinstance(column, ct.pw.ForeignKeyField) and column.rel_model is Court:
            values[column.name] = court
    return values


def _sync(table: ct.Table, rows: list, parent, court, doomed: list) -> None:
    """Write `rows` as the table's rows (under `parent`); rows to remove go to `doomed`."""
    query = table.model.select()
    if parent is not None:
        query = query.where(getattr(table.model, table.parent) == parent)
    if not table.key:
        for instance in list(query):  # read all before deleting any
            _delete(table, instance)
        for row in rows:
            _link(table, table.model.create(**_values(table, row, parent, court)), row, parent)
        return
    existing = {tuple(getattr(r, k) for k in table.key): r for r in query}
    for row in rows:
        key = tuple(row[k] for k in table.key)
        instance = existing.pop(key, None) or table.model()
        for name, value in _values(table, row, parent, court).items():
            setattr(instance, name, value)
        instance.save()
        for child in table.children:
            _sync(child, row[child.section], instance, court, doomed)
        _link(table, instance, row, parent)
    doomed.extend((table, instance) for instance in existing.values())


def _link(table: ct.Table, instance, row: dict, parent) -> None:
    """Write the row's many-to-many lists anew (a sibling's codes are looked up in `parent`)."""
    for link in table.links:
        own = getattr(link.through, link.own)
        link.through.delete().where(own == instance).execute()
        target = ct.link_target(link)
        scope = parent if target.parent else None
        for code in row[link.name]:
            other = find(target, {target.key[0]: code}, scope)
            link.through.create(**{link.own: instance, link.other: other})


def _delete(table: ct.Table, instance) -> None:
    for link in table.links:
        link.through.delete().where(getattr(link.through, link.own) == instance).execute()
    for child in reversed(table.children):  # a later child may link to an earlier one
        for row in list(child.model.select().where(getattr(child.model, child.parent) == instance)):
            _delete(child, row)
    instance.delete_instance()
