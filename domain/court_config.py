"""The court's configuration file: checking a parsed document against the declared sections.

services/config_tables.py declares the sections (one per configuration table, its fields read
from the peewee model); this module only reads that declaration, so a new table or field is
checked without a line here. check() returns every error at once, each with its path
(`sedes[1].opening_hours[2].closes: ...`, lists counted from 0), and the document in its
canonical form: defaults filled in, times as "HH:MM", dates as "YYYY-MM-DD". Two canonical
documents are equal exactly when they configure the same court. No Flask, no database.
"""

from dataclasses import dataclass, field

from domain.config_rules import ListRule, RowRule
from domain.config_values import Field, convert

FORMAT = "ventanilla-configuracion"
VERSION = 1


@dataclass(frozen=True)
class Section:
    """A list of rows (a table) or, when `single`, one object (the court, the settings)."""

    name: str
    fields: tuple[Field, ...]
    key: tuple[str, ...] = ()  # natural key, unique within the parent (or the document)
    children: tuple["Section", ...] = ()
    single: bool = False
    row_rules: tuple[RowRule, ...] = ()
    list_rules: tuple[ListRule, ...] = ()
    note: str = ""  # what the section is, for the README and the preview


@dataclass(frozen=True)
class Directive:
    """A top-level key that says what to do on import, not what is stored (never exported)."""

    name: str
    fields: tuple[Field, ...]


@dataclass(frozen=True)
class Spec:
    sections: tuple[Section, ...]
    directives: tuple[Directive, ...] = ()


@dataclass
class Checked:
    errors: list[str] = field(default_factory=list)
    document: dict = field(default_factory=dict)  # canonical; meaningful only without errors

    @property
    def ok(self) -> bool:
        return not self.errors


def check(document, spec: Spec) -> Checked:
    """Every error of `document` against `spec`, and its canonical form."""
    result = Checked()
    if not isinstance(document, dict):
        result.errors.append(
            "El archivo debe ser un documento con claves (format, version, court…)"
        )
        return result
    _check_header(document, result.errors)
    known = {"format", "version"} | {s.name for s in spec.sections}
    known |= {d.name for d in spec.directives}
    for name in document:
        if name not in known:
            result.errors.append(f"{name}: clave desconocida; las válidas son {_listed(known)}")
    canonical = {"format": FORMAT, "version": VERSION}
    keys: dict[str, set] = {}
    for section in spec.sections:
        if section.name not in document:
            result.errors.append(_missing_section(section))
            continue
        canonical[section.name] = _section(document[section.name], section, section.name, result)
        if not section.single:
            known = {_key_of(row, section) for row in canonical[section.name]}
            keys[section.name] = (known, f"{section.name} del archivo")
    for directive in spec.directives:
        if directive.name in document:
            row = _row(document[directive.name], directive.fields, directive.name, result.errors)
            canonical[directive.name] = row
    _check_refs(canonical, spec.sections, keys, "", result.errors)
    result.document = canonical
    return result


def _check_header(document: dict, errors: list[str]) -> None:
    if document.get("format") != FORMAT:
        errors.append(f"format: debe ser «{FORMAT}» (¿es un archivo de configuración?)")
    version = document.get("version")
    if version != VERSION or isinstance(version, bool):
        errors.append(f"version: esta versión de Ventanilla lee la versión {VERSION} del formato")


def _missing_section(section: Section) -> str:
    if section.single:
        return f"{section.name}: falta esta sección"
    return f"{section.name}: falta esta lista (escriba «{section.name}: []» si no tiene ninguna)"


def _listed(names) -> str:
    return ", ".join(sorted(names))


def _section(value, section: Section, path: str, result: Checked):
    if section.single:
        return _row(value, section.fields, path, result.errors, section)
    if value is None:
        value = []
    if not isinstance(value, list):
        result.errors.append(f"{path}: debe ser una lista")
        return []
    rows = []
    for index, item in enumerate(value):
        row_path = f"{path}[{index}]"
        row = _row(item, section.fields, row_path, result.errors, section)
        for child in section.children:
            child_path = f"{row_path}.{child.name}"
            given = item.get(child.name) if isinstance(item, dict) else None
            row[child.name] = _section(given, child, child_path, result)
        rows.append(row)
    _check_keys(rows, section, path, result.errors)
    for rule in section.list_rules:
        for index, name, message in rule(rows):
            result.errors.append(f"{path}[{index}].{name}: {message}")
    return rows


def _row(item, fields, path: str, errors: list[str], section: Section | None = None) -> dict:
    if not isinstance(item, dict):
        errors.append(f"{path}: debe ser un objeto con claves ({_listed(f.name for f in fields)})")
        return {}
    allowed = {f.name for f in fields} | {c.name for c in (section.children if section else ())}
    for name in item:
        if name not in allowed:
            errors.append(f"{path}.{name}: clave desconocida; las válidas son {_listed(allowed)}")
    row, bad = {}, set()
    for spec in fields:
        if spec.name not in item:
            if spec.required:
                errors.append(f"{path}.{spec.name}: falta este dato")
                bad.add(spec.name)
            row[spec.name] = list(spec.default) if spec.kind == "refs" else spec.default
            continue
        value, problem = convert(item[spec.name], spec)
        if problem:
            errors.append(f"{path}.{spec.name}: {problem}")
            bad.add(spec.name)
        row[spec.name] = value
    for rule in section.row_rules if section else ():
        for name, message in rule(row):
            if name not in bad:  # a missing or malformed value already has its error
                errors.append(f"{path}.{name}: {message}")
    return row


def _key_of(row: dict, section: Section) -> tuple:
    return tuple(row.get(name) for name in section.key)


def _check_keys(rows: list[dict], section: Section, path: str, errors: list[str]) -> None:
    if not section.key:
        return
    seen: dict[tuple, int] = {}
    for index, row in enumerate(rows):
        key = _key_of(row, section)
        if None in key:
            continue
        if key in seen:
            names = "/".join(section.key)
            errors.append(
                f"{path}[{index}].{section.key[-1]}: «{'/'.join(map(str, key))}» se repite "
                f"({names} ya usado en {path}[{seen[key]}])"
            )
        else:
            seen[key] = index


def _check_refs(document, sections, keys, prefix: str, errors: list[str]) -> None:
    for section in sections:
        rows = document.get(section.name)
        if rows is None:
            continue
        rows = [rows] if section.single else rows
        for index, row in enumerate(rows):
            path = section.name if section.single else f"{section.name}[{index}]"
            path = f"{prefix}{path}"
            for spec in section.fields:
                value = row.get(spec.name)
                named = {"ref": [value] if value is not None else [], "refs": value}.get(spec.kind)
                if not named or spec.ref not in keys:
                    continue
                known, where = keys[spec.ref]
                for code in named:
                    if (code,) not in known:
                        errors.append(f"{path}.{spec.name}: «{code}» no está en {where}")
            if section.children:
                # A row's own lists are named from within it: a window names its sede's services.
                inner = keys | {
                    c.name: ({_key_of(r, c) for r in row.get(c.name, [])}, f"{path}.{c.name}")
                    for c in section.children
                    if len(c.key) == 1
                }
                _check_refs(row, section.children, inner, f"{path}.", errors)
