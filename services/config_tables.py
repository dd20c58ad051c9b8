"""What the court's configuration file holds: one declaration per configuration table.

The fields of each table are read from its peewee model, so a field added to a model is in
the file at once (a field that is not configuration goes in `skip`). A foreign key to the one
court is implicit; one to the enclosing table is the nesting itself; any other names the row
of the table it points to by that table's natural key (a sede's code), never by an id.
Adding a table is one Table(...) line here, in TABLES or in its parent's `children`.
"""

from dataclasses import dataclass, field
from datetime import date, time

import peewee as pw

from domain import config_rules as rules
from domain import court_config as cc
from domain.passwords import DEFAULT_POLICY, POLICIES
from domain.queue import PRIORITY_EVERY_CHOICES
from domain.quotas import HIGHEST, LOWEST, QUOTAS
from domain.slots import ClosureKind
from models import (
    Closure,
    Court,
    Dependencia,
    FeeYear,
    OpeningHours,
    ReceptionHours,
    Sede,
    Service,
    Setting,
    Window,
    WindowService,
)

WEEKDAYS = ("lunes", "martes", "miércoles", "jueves", "viernes", "sábado", "domingo")


@dataclass(frozen=True)
class Link:
    """A many-to-many list: the rows of `through` that join this table's row (`own`) to the
    rows of another table (`other`), written as the list of those rows' codes."""

    name: str  # the key in the file
    through: type
    own: str  # the join model's foreign key to this table's row
    other: str  # its foreign key to the row named


@dataclass(frozen=True)
class Table:
    section: str  # the key in the file
    model: type
    key: tuple[str, ...] = ()  # natural key; none: the rows are replaced as a whole
    parent: str = ""  # the foreign key to the enclosing table's row
    order: tuple[str, ...] = ()  # how a table without a key is listed
    children: tuple["Table", ...] = ()
    links: tuple[Link, ...] = ()  # e.g. Link("services", WindowService, "window", "service")
    skip: tuple[str, ...] = ()  # model fields that are not configuration
    codecs: dict = field(default_factory=dict)  # field: {stored value: written value}
    choices: dict = field(default_factory=dict)  # field: the stored values allowed
    limits: dict = field(default_factory=dict)  # integer field: (lowest, highest)
    row_rules: tuple = ()
    list_rules: tuple = ()
    single: bool = False
    note: str = ""


COURT = Table(
    "court",
    Court,
    single=True,
    skip=("logo_file",),  # a file, not text: uploaded on the court's screen
    choices={"country": ("PE", "GT")},
    row_rules=(rules.valid_time_zone("timezone"),),
    note="nombre, país (PE o GT: documentos, feriados, moneda y aranceles) y zona horaria",
)
TABLES = (
    Table(
        "sedes",
        Sede,
        key=("code",),
        limits={
            "slot_minutes": (5, 480),
            "capacity_per_slot": (1, 1000),
            "horizon_days": (1, 366),
            "cancel_cutoff_hours": (0, 720),
            "outcome_margin_minutes": (0, 480),
            "queue_priority_every": (PRIORITY_EVERY_CHOICES[0], PRIORITY_EVERY_CHOICES[-1]),
            "latitude": (-90, 90),
            "longitude": (-180, 180),
        },
        children=(
            Table(
                "opening_hours",
                OpeningHours,
                parent="sede",
                order=("weekday", "opens"),
                codecs={"weekday": dict(enumerate(WEEKDAYS))},
                row_rules=(rules.closes_after_opens("opens", "closes"),),
                list_rules=(rules.no_overlap("weekday", "opens", "closes"),),
                note="horario de atención por día de la semana; varios tramos si hay descanso",
            ),
            Table(
                "services",
                Service,
                key=("code",),
                parent="sede",
                row_rules=(rules.queue_letter("queue_prefix"),),
                list_rules=(rules.distinct_letters("queue_prefix"),),
                note="servicios que la sede ofrece, con lo que hay que traer y la letra de sus "
                "turnos (queue_prefix; vacía: la primera libre de su nombre)",
            ),
            Table(
                "windows",
                Window,
                # Kept by number, never written anew: the queue's tickets point to windows.
                key=("number",),
                parent="sede",
                order=("number",),
                limits={"number": (1, 999)},
                links=(Link("services", WindowService, "window", "service"),),
                note="ventanillas de la sede; sin servicios, atiende todos los de la sede",
            ),
        ),
        note="sedes con su dirección, turnos, capacidad, horizonte y plazos; "
        "queue_priority_every: 1, los turnos preferenciales y las citas pasan siempre primero; "
        "N, en una de cada N llamadas",
    ),
    Table(
        "closures",
        Closure,
        order=("day", "sede", "reason"),
        choices={"kind": tuple(ClosureKind)},
        row_rules=(rules.closes_after_opens("closed_from", "closed_until"),),
        note="días sin atención: feriados nacionales (sede vacía) y cierres de la corte",
    ),
    Table(
        "dependencias",
        Dependencia,
        key=("code",),
        children=(
            Table(
                "reception_hours",
                ReceptionHours,
                parent="dependencia",
                order=("weekday", "opens"),
                codecs={"weekday": dict(enumerate(WEEKDAYS))},
                row_rules=(rules.closes_after_opens("opens", "closes"),),
                list_rules=(rules.no_overlap("weekday", "opens", "closes"),),
                note="horario de recepción de escritos; sin filas, lunes a viernes 08:00-16:45",
            ),
        ),
        note="juzgados, salas y áreas que reciben escritos",
    ),
)

# Administrator settings kept in the Setting table: (key, kind, default, choices, limits).
SETTINGS = (
    cc.Field("password_policy", "choice", default=DEFAULT_POLICY, choices=tuple(POLICIES)),
    *(cc.Field(q.name, "int", default=q.default, minimum=LOWEST, maximum=HIGHEST) for q in QUOTAS),
)
SETTINGS_SECTION = cc.Section(
    "settings", SETTINGS, single=True, note="política de contraseñas y cupos de citas"
)
# The fee tables have their own file (a Cuadro de Valores CSV) and import screen: the
# configuration names the years the court has loaded, to notice one that is missing.
FEE_TABLES = cc.Section(
    "fee_tables",
    (cc.Field("year", "int", required=True, minimum=2000, maximum=2100),),
    key=("year",),
    note="años del Cuadro de Valores cargados (se importan aparte, en Tablas de aranceles)",
)
DIRECTIVES = (
    cc.Directive(
        "national_holidays",
        (cc.Field("years_after_current", "int", required=True, minimum=0, maximum=5),),
    ),
)


def all_tables(tables=None):
    """Every table, parents before their children."""
    for table in (COURT, *TABLES) if tables is None else tables:
        yield table
        yield from all_tables(table.children)


def closure_table() -> Table:
    return next(t for t in TABLES if t.model is Closure)


def config_models() -> frozenset:
    """The models the file writes: a row pointing from one of them never blocks a removal."""
    tables = list(all_tables())
    return frozenset([t.model for t in tables] + [link.through for t in tables for link in t.links])


def ref_table(target, nested: bool = False) -> Table:
    """The table a foreign key to `target` names by natural key (`nested`: a table inside a
    sede may be named, by a sibling, within that sede)."""
    for table in all_tables():
        if table.model is target and (nested or not table.parent) and len(table.key) == 1:
            return table
    raise TypeError(f"{target.__name__}: no configuration table names its rows by one key")


def link_target(link: Link) -> Table:
    return ref_table(getattr(link.through, link.other).rel_model, nested=True)


def field_names(table: Table) -> list[str]:
    return [c.name for c in columns(table)] + [link.name for link in table.links]


def columns(table: Table) -> list[pw.Field]:
    """The model fields the file holds for `table`, in the model's order."""
    return [
        f
        for f in table.model._meta.sorted_fields
        if not isinstance(f, pw.AutoField)
        and f.name not in table.skip
        and f.name != table.parent
        and not (isinstance(f, pw.ForeignKeyField) and f.rel_model is Court)
    ]


def _kind(column: pw.Field) -> str:
    for types, kind in KINDS:
        if isinstance(column, types):
            return kind
    raise TypeError(
        f"{column.model.__name__}.{column.name}: put it in its Table's `skip` (not configuration, "
        "or binary like a logo) or add its kind to config_tables.KINDS"
    )


KINDS = (
    (pw.ForeignKeyField, "ref"),
    (pw.BooleanField, "bool"),
    (pw.IntegerField, "int"),
    (pw.FloatField, "number"),
    ((pw.CharField, pw.TextField), "text"),
    (pw.TimeField, "time"),
    (pw.DateField, "date"),
)


def field_spec(table: Table, column: pw.Field) -> cc.Field:
    """The file's view of one model field."""
    name, kind = column.name, _kind(column)
    default = column.default() if callable(column.default) else column.default
    spec = {
        "required": not column.null and default is None,
        "nullable": column.null,
        "default": written(table, column, default),
    }
    if kind == "ref":
        spec["ref"] = ref_table(column.rel_model).section
    if name in table.codecs or name in table.choices:
        kind = "choice"
        spec["choices"] = tuple(table.codecs.get(name, {}).values()) or table.choices[name]
    if isinstance(column, pw.CharField):
        spec["max_length"] = column.max_length
    if name in table.limits:
        spec["minimum"], spec["maximum"] = table.limits[name]
    return cc.Field(name, kind, **spec)


def link_spec(link: Link) -> cc.Field:
    return cc.Field(link.name, "refs", default=[], ref=link_target(link).section)


def section(table: Table) -> cc.Section:
    names = field_names(table) + [child.section for child in table.children]
    if len(set(names)) != len(names):
        raise TypeError(f"{table.section}: a child table or list has a column's name: {names}")
    return cc.Section(
        table.section,
        tuple(field_spec(table, c) for c in columns(table)) + tuple(map(link_spec, table.links)),
        key=table.key,
        children=tuple(section(child) for child in table.children),
        single=table.single,
        row_rules=table.row_rules,
        list_rules=table.list_rules,
        note=table.note,
    )


def spec() -> cc.Spec:
    """The whole file's declaration, for domain.court_config.check()."""
    sections = (section(COURT), *map(section, TABLES), SETTINGS_SECTION, FEE_TABLES)
    return cc.Spec(sections, DIRECTIVES)


# --- values between the database and the file ---------------------------------------------


def written(table: Table, column: pw.Field, value):
    """A stored value as the file writes it (foreign keys: see natural_key)."""
    if value is None:
        return None
    if column.name in table.codecs:
        return table.codecs[column.name][value]
    if isinstance(value, time):
        return value.strftime("%H:%M:%S" if value.second else "%H:%M")
    if isinstance(value, date):
        return value.isoformat()
    return value


def stored(table: Table, column: pw.Field, value):
    """A canonical file value as the model stores it (foreign keys: resolved by the caller)."""
    if value is None:
        return None
    if column.name in table.codecs:
        return {v: k for k, v in table.codecs[column.name].items()}[value]
    kind = _kind(column)
    if kind == "time":
        return time.fromisoformat(value)
    if kind == "date":
        return date.fromisoformat(value)
    return value


def read_settings() -> dict:
    return {f.name: type(f.default)(Setting.read(f.name, str(f.default))) for f in SETTINGS}


def write_settings(values: dict) -> None:
    """Store the settings that differ from what is read now (a default stays unstored)."""
    current = read_settings()
    for f in SETTINGS:
        if values[f.name] != current[f.name]:
            Setting.write(f.name, str(values[f.name]))


def fee_years() -> list[int]:
    return [row.year for row in FeeYear.select(FeeYear.year).order_by(FeeYear.year)]
