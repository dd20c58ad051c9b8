"""Checking a configuration document: every error, with its path, in Spanish.

The sections are the real declaration (services/config_tables.py reads the models' fields
without touching a database) and the base document is the shipped demo court's file.
"""

import copy
import json

import pytest

from domain import config_text
from domain import court_config as cc
from services.config_tables import spec
from services.court_setup import DEMO_COURT

with open(DEMO_COURT, encoding="utf-8") as fh:
    DEMO_TEXT = fh.read()
SPEC = spec()


def demo() -> dict:
    return copy.deepcopy(config_text.parse(DEMO_TEXT))


def test_the_demo_court_file_is_clean_and_already_canonical():
    document = demo()
    checked = cc.check(document, SPEC)
    assert checked.errors == []
    assert checked.document == document


def _set(path: str, value):
    """A change to the demo document: set the value at a dotted path (`sedes.0.name`)."""

    def change(document):
        *parents, last = path.split(".")
        target = document
        for part in parents:
            target = target[int(part)] if isinstance(target, list) else target[part]
        if isinstance(target, list):
            target[int(last)] = value
        elif value is DELETE:
            del target[last]
        else:
            target[last] = value

    return change


DELETE = object()


def _append(path: str, item):
    def change(document):
        target = document
        for part in path.split("."):
            target = target[int(part)] if isinstance(target, list) else target[part]
        target.append(item)

    return change


HOURS = "sedes.0.opening_hours"
ERRORS = [
    # the header
    (_set("format", "otro"), "format: debe ser «ventanilla-configuracion»"),
    (_set("version", 2), "version: esta versión de Ventanilla lee la versión 1"),
    (_set("version", True), "version: esta versión de Ventanilla lee la versión 1"),
    (_set("extra", 1), "extra: clave desconocida; las válidas son"),
    # sections
    (_set("sedes", DELETE), "sedes: falta esta lista (escriba «sedes: []»"),
    (_set("court", DELETE), "court: falta esta sección"),
    (_set("sedes", {"code": "x"}), "sedes: debe ser una lista"),
    (_set("court", []), "court: debe ser un objeto con claves"),
    (_set("sedes.0", "alzamora"), "sedes[0]: debe ser un objeto con claves"),
    # fields by kind
    (_set("court.name", DELETE), "court.name: falta este dato"),
    (_set("court.name", "  "), "court.name: no puede quedar vacío"),
    (_set("court.name", None), "court.name: no puede quedar vacío"),
    (_set("court.name", 12), "court.name: debe ser un texto"),
    (_set("court.name", "Corte\x00"), "court.name: tiene caracteres de control"),
    (_set("court.country", "AR"), "court.country: debe ser uno de: PE, GT"),
    (_set("court.timezone", "Marte/Olympus"), "court.timezone: debe ser una zona horaria IANA"),
    (_set("court.timezone", "../etc/passwd"), "court.timezone: debe ser una zona horaria IANA"),
    (_set("court.short_name", "x" * 256), "court.short_name: debe tener como máximo 255"),
    (_set("sedes.0.colour", "red"), "sedes[0].colour: clave desconocida"),
    (_set("sedes.1.capacity_per_slot", 0), "sedes[1].capacity_per_slot: debe estar entre 1 y"),
    (_set("sedes.1.capacity_per_slot", "2"), "sedes[1].capacity_per_slot: debe ser un número"),
    (_set("sedes.1.capacity_per_slot", 2.5), "sedes[1].capacity_per_slot: debe ser un número"),
    (_set("sedes.1.capacity_per_slot", True), "sedes[1].capacity_per_slot: debe ser un número"),
    (_set("sedes.0.horizon_days", 10**30), "sedes[0].horizon_days: debe estar entre 1 y 366"),
    (_set("sedes.0.active", "sí"), "sedes[0].active: debe ser true o false"),
    (_set("sedes.0.same_day_cutoff", 720), "same_day_cutoff: escriba la hora entre comillas"),
    (_set("sedes.0.same_day_cutoff", "25:00"), 'same_day_cutoff: debe ser una hora como "08:30"'),
    (_set("sedes.0.same_day_cutoff", "mediodía"), "same_day_cutoff: debe ser una hora"),
    (_set(f"{HOURS}.0.weekday", "feriado"), "sedes[0].opening_hours[0].weekday: debe ser uno de"),
    (_set(f"{HOURS}.0.weekday", 0), "sedes[0].opening_hours[0].weekday: debe ser uno de"),
    (_set(f"{HOURS}.1.opens", DELETE), "sedes[0].opening_hours[1].opens: falta este dato"),
    (
        _set(f"{HOURS}.2.closes", "07:00"),
        "sedes[0].opening_hours[2].closes: debe ser posterior a opens (08:00)",
    ),
    (
        _set(f"{HOURS}.1.opens", "12:30"),
        "sedes[0].opening_hours[1].opens: se cruza con el horario en la posición 0",
    ),
    (_set("sedes.0.services", "escritos"), "sedes[0].services: debe ser una lista"),
    (
        _set("sedes.0.services.1.code", "escritos"),
        "sedes[0].services[1].code: «escritos» se repite",
    ),
    # the lobby's queue: a sede's call order, its services' ticket letters
    (_set("sedes.0.queue_priority_every", 0), "sedes[0].queue_priority_every: debe estar entre 1"),
    (_set("sedes.0.queue_priority_every", 11), "queue_priority_every: debe estar entre 1 y 10"),
    (_set("sedes.0.services.0.queue_prefix", "e"), "services[0].queue_prefix: debe ser una sola"),
    (_set("sedes.0.services.0.queue_prefix", "EX"), "services[0].queue_prefix: debe ser una sola"),
    (_set("sedes.0.services.0.queue_prefix", "P"), "services[0].queue_prefix: La P es de los"),
    (
        _set("sedes.0.services", [{"code": "a", "name": "A", "queue_prefix": "X"}] * 2),
        "sedes[0].services[1].queue_prefix: la letra X ya es del servicio en la posición 0",
    ),
    # references and keys between sections
    (
        _set("sedes.2.code", "alzamora"),
        "sedes[2].code: «alzamora» se repite (code ya usado en sedes[0])",
    ),
    (
        _set("dependencias.0.sede", "miraflores"),
        "dependencias[0].sede: «miraflores» no está en sedes",
    ),
    (_set("dependencias.0.sede", 3), "dependencias[0].sede: debe ser el código de un elemento"),
    (_set("dependencias.1.code", "1JCL"), "dependencias[1].code: «1JCL» se repite"),
    (
        _append("closures", {"day": "2027-02-30", "reason": "Mudanza", "sede": "zavala"}),
        'closures[0].day: debe ser una fecha como "2027-01-01"',
    ),
    (
        _append("closures", {"day": "2027-03-01", "reason": "Mudanza", "sede": "surco"}),
        "closures[0].sede: «surco» no está en sedes",
    ),
    (
        _append("closures", {"day": "2027-03-01", "reason": "Mudanza", "kind": "vacaciones"}),
        "closures[0].kind: debe ser uno de: feriado, cierre",
    ),
    # settings, fee tables and directives
    (_set("settings.password_policy", "débil"), "settings.password_policy: debe ser uno de"),
    (_set("settings.quota_email_day", 0), "settings.quota_email_day: debe estar entre 1 y 1000"),
    (_append("fee_tables", {"year": 2026}), "fee_tables[5].year: «2026» se repite"),
    (
        _set("national_holidays.years_after_current", 9),
        "years_after_current: debe estar entre 0 y 5",
    ),
]


@pytest.mark.parametrize(("change", "error"), ERRORS)
def test_each_mistake_is_reported_with_its_path(change, error):
    document = demo()
    change(document)
    errors = cc.check(document, SPEC).errors
    assert any(error in e for e in errors), errors


def test_every_error_of_a_file_is_reported_at_once():
    document = demo()
    paths = set()
    picked = []
    for change, error in ERRORS[9:]:
        path = error.split(":")[0]
        if path in paths or "services" in path or "closures" in path:  # one mistake a place
            continue
        paths.add(path)
        picked.append(error)
        change(document)
    errors = cc.check(document, SPEC).errors
    assert len(picked) >= 19
    assert all(any(error in e for e in errors) for error in picked), errors


def test_a_missing_value_is_reported_once_not_again_by_the_rules_that_use_it():
    document = demo()
    del document["sedes"][0]["opening_hours"][0]["closes"]
    errors = cc.check(document, SPEC).errors
    assert errors == ["sedes[0].opening_hours[0].closes: falta este dato"]


@pytest.mark.parametrize(
    ("given", "canonical"),
    [("8:00", "08:00"), ("08:00:00", "08:00"), ("08:00:30", "08:00:30"), ("23:59", "23:59")],
)
def test_times_are_written_one_way(given, canonical):
    document = demo()
    document["sedes"][0]["same_day_cutoff"] = given
    assert cc.check(document, SPEC).document["sedes"][0]["same_day_cutoff"] == canonical


def test_missing_optional_keys_take_the_models_defaults():
    document = demo()
    sede = document["sedes"][0]
    for name in ("phone", "active", "restrict_vulnerable", "services", "opening_hours"):
        del sede[name]
    del document["settings"]["quota_email_day"]
    checked = cc.check(document, SPEC)
    assert checked.errors == []
    written = checked.document["sedes"][0]
    assert (written["phone"], written["active"], written["restrict_vulnerable"]) == (
        "",
        True,
        False,
    )
    assert written["services"] == [] and written["opening_hours"] == []
    assert checked.document["settings"]["quota_email_day"] == 8


def test_yaml_and_json_read_the_same():
    as_json = config_text.dump(demo(), "json")
    assert config_text.parse(as_json) == demo()
    assert config_text.parse(config_text.dump(demo())) == demo()


def test_written_times_and_dates_are_quoted_so_yaml_keeps_them_as_text():
    text = config_text.dump({"opens": "08:00", "closes": "9:30", "day": "2027-01-01"})
    assert config_text.parse(text) == {"opens": "08:00", "closes": "9:30", "day": "2027-01-01"}
    assert 'opens: "08:00"' in text


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("court: [", "línea 1, columna 9: no es YAML válido"),
        ('{"court": }', "línea 1, columna 11: no es JSON válido"),
        ("a: &x [1, 2]\nb: *x\n", "línea 2: el archivo usa un alias (*x)"),
        ("a:" + " [" * 50 + " ]" * 50, "anida demasiados niveles"),
        ("- 1\n- 2\n", ""),  # read, then refused by check() below
    ],
)
def test_unreadable_text_says_where(text, message):
    try:
        document = config_text.parse(text)
    except config_text.NotReadable as error:
        assert message and message in str(error)
    else:
        assert not message
        assert cc.check(document, SPEC).errors == [
            "El archivo debe ser un documento con claves (format, version, court…)"
        ]


def test_json_dump_keeps_accents():
    assert "miércoles" in config_text.dump({"weekday": "miércoles"}, "json")
    assert json.loads(config_text.dump({"a": 1}, "json")) == {"a": 1}
