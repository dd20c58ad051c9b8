"""The configuration file as use cases: export, preview, apply (no request; actor and clock in).

The round trip builds its own two SQLite files: the demo court, and an empty database the
export is imported into.
"""

import copy
from dataclasses import replace
from datetime import time

import holidays
import peewee as pw
import pytest

from app import create_app
from db import BaseModel, apply_migrations, database
from domain import config_text, slots
from domain.roles import Role
from models import (
    Appointment,
    AuditEvent,
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
)
from services import config_import, court_config, queue
from services import config_tables as ct
from services.actor import SYSTEM, Actor
from services.clock import utc_now
from services.court_setup import DEMO_COURT, create_demo_court, load_shipped_fees
from services.imports import AlreadyImported
from tests.helpers import PERSON
from tests.helpers import staff as make_staff


def rows_by_natural_key() -> dict:
    """Every configuration row straight from the tables, ids replaced by natural keys."""
    sede = {s.id: s.code for s in Sede.select()}
    court = list(Court.select().dicts())
    for row in court:
        del row["id"]

    def rows(model, **refs):
        found = []
        for row in model.select().dicts():
            row.pop("id")
            row.pop("court", None)
            for name, codes in refs.items():
                row[name] = codes.get(row[name])
            found.append(tuple(sorted((k, str(v)) for k, v in row.items())))
        return sorted(found)

    return {
        "court": court,
        "sedes": rows(Sede),
        "services": rows(Service, sede=sede),
        "opening_hours": rows(OpeningHours, sede=sede),
        "closures": rows(Closure, sede=sede),
        "dependencias": rows(Dependencia, sede=sede),
        "settings": sorted(Setting.select(Setting.key, Setting.value).tuples()),
    }


def fresh(path) -> None:
    create_app({"DATABASE_URL": f"sqlite:///{path}", "TESTING": True})
    database.connect(reuse_if_open=True)
    apply_migrations()


@pytest.mark.parametrize("fmt", ["yaml", "json"])
def test_a_court_exported_and_imported_into_an_empty_database_is_identical(tmp_path, fmt):
    fresh(tmp_path / "demo.db")
    create_demo_court()
    Setting.write("quota_email_day", "5")  # a setting changed from its default travels too
    Closure.create(sede=Sede.get(code="zavala"), day="2027-02-10", reason="Mudanza")
    # the lobby's queue travels too: a service's letter and a sede's call order
    Service.update(queue_prefix="X").where(Service.code == "escritos").execute()
    Sede.update(queue_priority_every=3).where(Sede.code == "alzamora").execute()
    text, rows = court_config.export_text(fmt), rows_by_natural_key()
    database.close()

    fresh(tmp_path / "empty.db")
    assert not Court.select().exists()
    load_shipped_fees(utc_now())  # the fee tables travel in their own file
    done = config_import.apply(text, f"corte.{fmt}", actor=SYSTEM, now=utc_now())
    assert "Se crea la corte «Corte Superior de Justicia de Lima»." in done.changes
    assert done.notices == []
    assert court_config.export_text(fmt) == text
    assert rows_by_natural_key() == rows
    assert Sede.get(code="alzamora").queue_priority_every == 3
    assert {s.queue_prefix for s in Service.select().where(Service.code == "escritos")} == {"X"}
    database.close()


def test_the_demo_file_loads_this_year_and_next_years_holidays(db):
    year = Court.current().local_time(utc_now()).year
    years = {c.day.year for c in Closure.select().where(Closure.kind == "feriado")}
    assert years == {year, year + 1}


def test_the_demo_file_imported_again_changes_nothing(db):
    with open(DEMO_COURT, encoding="utf-8") as fh:
        result = court_config.preview(fh.read(), utc_now())
    assert (result.errors, result.changes, result.notices) == ([], [], [])


def document() -> dict:
    return copy.deepcopy(court_config.export())


def apply(doc: dict, actor=SYSTEM, **options):
    return config_import.apply(
        config_text.dump(doc), "corte.yaml", actor=actor, now=utc_now(), **options
    )


def test_a_changed_file_updates_by_natural_key_adds_removes_and_is_audited(db):
    admin = Actor(make_staff("admin@corte.pe", Role.ADMINISTRADOR.value), "10.0.0.7")
    ids = {s.code: s.id for s in Sede.select()}
    doc = document()
    doc["sedes"][1]["capacity_per_slot"] = 4
    doc["sedes"][1]["opening_hours"] = [{"weekday": "sábado", "opens": "9:00", "closes": "12:00"}]
    new_sede = copy.deepcopy(doc["sedes"][0]) | {"code": "surco", "name": "Sede Surco"}
    doc["sedes"].append(new_sede)
    doc["dependencias"] = [d for d in doc["dependencias"] if d["code"] != "1SCL"]
    doc["dependencias"][0]["sede"] = "surco"
    doc["dependencias"][1]["reception_hours"] = [
        {"weekday": "lunes", "opens": "08:00", "closes": "13:00"}
    ]
    doc["settings"]["password_policy"] = "seed001"
    done = apply(doc, actor=admin)
    assert "sedes[zavala].capacity_per_slot: «1» → «4»" in done.changes
    assert "sedes[zavala].opening_hours: 1 nuevos, 10 quitados (quedan 1)" in done.changes
    assert "sedes[surco]: nuevo" in done.changes
    assert "dependencias[1SCL]: se quita" in done.changes
    zavala = Sede.get(code="zavala")
    assert zavala.id == ids["zavala"] and zavala.capacity_per_slot == 4
    assert [(h.weekday, h.opens, h.closes) for h in zavala.opening_hours] == [
        (5, time(9), time(12))
    ]
    assert Service.select().where(Service.sede == Sede.get(code="surco")).count() == 2
    assert Dependencia.get(code="1JCL").sede.code == "surco"
    assert not Dependencia.select().where(Dependencia.code == "1SCL").exists()
    second = Dependencia.get(code=doc["dependencias"][1]["code"])
    assert ReceptionHours.of(second) == {0: [(time(8), time(13))]}
    assert Setting.read("password_policy", "") == "seed001"
    [event] = AuditEvent.select().where(AuditEvent.action == "configuracion_importada")
    assert (event.actor_label, event.ip, event.subject) == (
        "admin@corte.pe",
        "10.0.0.7",
        "corte.yaml",
    )
    assert event.detail.startswith(f"{len(done.changes)} cambios: ")
    assert court_config.export() == court_config.preview(config_text.dump(doc), utc_now()).document


def test_an_unchanged_file_writes_nothing_and_is_not_audited(db):
    done = apply(document())
    assert done.changes == []
    assert not AuditEvent.select().where(AuditEvent.action == "configuracion_importada").exists()


def book_one(service: Service) -> Appointment:
    court = Court.current()
    local = court.local_time(utc_now())
    day = slots.bookable_days(service.sede.rules(local.date()), local)[1]
    appointment, _ = Appointment.book(
        service=service,
        day=day,
        start=time(9, 0),
        person=PERSON | {"birth_date": None},
        request_key=f"k{service.id}",
        now_utc=utc_now(),
        now_local=local,
    )
    return appointment


def test_a_sede_or_service_with_appointments_is_never_removed(db):
    book_one(Service.get(Service.sede == Sede.get(code="pierola"), Service.code == "demandas"))
    book_one(Service.get(Service.sede == Sede.get(code="alzamora"), Service.code == "escritos"))
    before = court_config.export()
    doc = document()
    doc["sedes"] = [s for s in doc["sedes"] if s["code"] != "pierola"]
    doc["sedes"][0]["services"] = doc["sedes"][0]["services"][1:]
    doc["dependencias"] = [d for d in doc["dependencias"] if d["sede"] != "pierola"]
    with pytest.raises(config_import.NotApplied) as refused:
        apply(doc)
    assert refused.value.problems == [
        "sedes[alzamora].services[escritos]: no se puede quitar porque tiene citas y turnos de "
        "citas; déjelo en el archivo con «active: false» si ya no atiende",
        "sedes[pierola]: no se puede quitar porque tiene citas; déjelo en el archivo con "
        "«active: false» si ya no atiende",
        "sedes[pierola].services[demandas]: no se puede quitar porque tiene citas y turnos de "
        "citas; déjelo en el archivo con «active: false» si ya no atiende",
    ]
    assert court_config.export() == before
    doc = document()
    doc["sedes"][2]["active"] = False  # what the refusal says to do instead
    apply(doc)
    assert not Sede.get(code="pierola").active


def test_a_sede_without_appointments_is_removed_with_its_hours_and_services(db):
    doc = document()
    doc["sedes"] = [s for s in doc["sedes"] if s["code"] != "zavala"]
    doc["dependencias"] = [d for d in doc["dependencias"] if d["sede"] != "zavala"]
    apply(doc)
    assert sorted(s.code for s in Sede.select()) == ["alzamora", "pierola"]
    assert Service.select().count() == 4 and OpeningHours.select().count() == 20


def test_a_sede_with_a_kiosk_terminal_is_not_removed(db):
    queue.create_kiosk(Sede.get(code="zavala"), "Hall", actor=SYSTEM, now=utc_now())
    doc = document()
    doc["sedes"] = [s for s in doc["sedes"] if s["code"] != "zavala"]
    doc["dependencias"] = [d for d in doc["dependencias"] if d["sede"] != "zavala"]
    with pytest.raises(config_import.NotApplied) as refused:
        apply(doc)
    assert refused.value.problems == [
        "sedes[zavala]: no se puede quitar porque tiene terminales de kiosco; déjelo en el "
        "archivo con «active: false» si ya no atiende",
    ]


def test_windows_with_queue_calls_are_kept_by_number_and_never_removed(db):
    sede = Sede.get(code="alzamora")
    kiosk, _ = queue.create_kiosk(sede, "Hall", actor=SYSTEM, now=utc_now())
    service = Service.get(sede=sede, code="escritos")
    queue.take_ticket(
        sede, service_id=service.id, request_key="window-kept-1", kiosk=kiosk, now=utc_now()
    )
    window = Window.get(sede=sede, number=1)
    clerk = Actor(make_staff("mesa@corte.pe", Role.MESA_DE_PARTES))
    queue.call_next(window, actor=clerk, now=utc_now())
    doc = document()
    [first] = [w for w in doc["sedes"][0]["windows"] if w["number"] == 1]
    first["name"] = "Ventanilla de escritos"
    assert apply(doc).changes == [
        "sedes[alzamora].windows[1].name: vacío → «Ventanilla de escritos»"
    ]
    assert Window.get(sede=sede, number=1).id == window.id  # the calls still point to it
    doc["sedes"][0]["windows"].remove(first)
    with pytest.raises(config_import.NotApplied) as refused:
        apply(doc)
    assert refused.value.problems == [
        "sedes[alzamora].windows[1]: no se puede quitar porque tiene turnos de la cola y "
        "llamados de la cola; déjelo en el archivo con «active: false» si ya no atiende",
    ]


def test_a_file_with_errors_changes_nothing_and_lists_them_all(db):
    before = court_config.export()
    doc = document()
    doc["court"]["name"] = ""
    doc["dependencias"][0]["sede"] = "surco"
    with pytest.raises(config_import.NotApplied) as refused:
        apply(doc)
    assert refused.value.problems == [
        "court.name: no puede quedar vacío",
        "dependencias[0].sede: «surco» no está en sedes del archivo",
    ]
    assert court_config.export() == before


def test_a_previewed_upload_is_applied_only_once(db):
    doc = document()
    doc["court"]["short_name"] = "CSJLI"
    text = config_text.dump(doc)
    config_import.apply(text, "a.yaml", actor=SYSTEM, now=utc_now(), staged_as="abc.yaml")
    with pytest.raises(AlreadyImported):
        config_import.apply(text, "a.yaml", actor=SYSTEM, now=utc_now(), staged_as="abc.yaml")
    assert Court.get().short_name == "CSJLI"


def test_the_preview_names_missing_fee_years_and_lists_the_holidays_it_will_add(db):
    doc = document() | {"national_holidays": {"years_after_current": 2}}
    FeeYear.delete().where(FeeYear.year == 2026).execute()
    doc["fee_tables"].append({"year": 2027})
    result = court_config.preview(config_text.dump(doc), utc_now())
    assert result.ok
    assert result.notices == [
        "Falta cargar el Cuadro de Valores de 2026, 2027: impórtelo en «Tablas de aranceles» "
        "o con «flask --app app load-fees»."
    ]
    year = Court.current().local_time(utc_now()).year
    added = [c for c in result.document["closures"] if c["day"] >= f"{year + 2}-01-01"]
    expected = len(holidays.country_holidays("PE", years=[year + 2]))
    total = Closure.select().count() + expected
    assert f"closures: {expected} nuevos, 0 quitados (quedan {total})" in result.changes
    assert {c["day"][:4] for c in added} == {str(year + 2)}
    assert "national_holidays" not in result.document


def test_unreadable_text_is_one_error(db):
    assert court_config.preview("court: [", utc_now()).errors == [
        "línea 1, columna 9: no es YAML válido "
        "(expected the node content, but found '<stream end>')"
    ]


@pytest.fixture
def window_models():
    """A table declared only here: how a ventanilla serving some of its sede's services would
    be added to the file. Made in the test, and its foreign keys unregistered after it, so no
    other test sees a backref to a table its database lacks."""

    class Window(BaseModel):
        sede = pw.ForeignKeyField(Sede)
        code = pw.CharField()
        name = pw.CharField()

        class Meta:
            table_name = "test_window"

    class WindowService(BaseModel):
        window = pw.ForeignKeyField(Window)
        service = pw.ForeignKeyField(Service)

        class Meta:
            table_name = "test_window_service"

    yield Window, WindowService
    Window._meta.remove_ref(Window.sede)
    WindowService._meta.remove_ref(WindowService.service)


def test_a_new_nested_table_with_a_list_of_codes_is_one_declaration(
    tmp_path, monkeypatch, window_models
):
    Window, WindowService = window_models
    fresh(tmp_path / "demo.db")
    create_demo_court()
    database.create_tables([Window, WindowService])
    link = ct.Link("services", WindowService, "window", "service")
    windows = ct.Table("desks", Window, key=("code",), parent="sede", links=(link,))
    sedes = replace(ct.TABLES[0], children=(*ct.TABLES[0].children, windows))
    monkeypatch.setattr(ct, "TABLES", (sedes, *ct.TABLES[1:]))

    doc = document()
    assert [s["desks"] for s in doc["sedes"]] == [[], [], []]
    doc["sedes"][1]["desks"] = [
        {"code": "v1", "name": "Ventanilla 1", "services": ["demandas", "escritos"]},
        {"code": "v2", "name": "Ventanilla 2", "services": ["escritos"]},
    ]
    done = apply(doc)
    assert done.changes == ["sedes[zavala].desks[v1]: nuevo", "sedes[zavala].desks[v2]: nuevo"]
    assert court_config.export() == doc
    joined = {(j.window.code, j.service.code, j.service.sede.code) for j in WindowService.select()}
    assert joined == {
        ("v1", "demandas", "zavala"),
        ("v1", "escritos", "zavala"),
        ("v2", "escritos", "zavala"),
    }

    doc["sedes"][1]["desks"][1]["services"] = ["escritos", "notarial"]
    doc["sedes"][1]["desks"][0]["services"] = ["escritos", "escritos"]
    assert court_config.preview(config_text.dump(doc), utc_now()).errors == [
        "sedes[1].desks[0].services: «escritos» se repite en la lista",
        "sedes[1].desks[1].services: «notarial» no está en sedes[1].services",
    ]

    doc = document()
    doc["sedes"][1]["desks"][0]["services"] = ["escritos"]
    assert apply(doc).changes == [
        "sedes[zavala].desks[v1].services: «demandas, escritos» → «escritos»"
    ]
    doc["sedes"] = [s for s in doc["sedes"] if s["code"] != "zavala"]
    doc["dependencias"] = [d for d in doc["dependencias"] if d["sede"] != "zavala"]
    apply(doc)
    assert Window.select().count() == WindowService.select().count() == 0
    assert court_config.export() == doc
    database.close()


def test_a_few_rows_without_a_key_are_listed_one_by_one(db):
    doc = document()
    doc["closures"].append({"day": "2027-03-01", "reason": "Mudanza", "sede": "zavala"})
    christmas_day = f"{Court.current().local_time(utc_now()).year}-12-25"
    [christmas] = [c for c in doc["closures"] if c["day"] == christmas_day]
    doc["closures"].remove(christmas)
    hours = doc["sedes"][2]["opening_hours"]
    hours[-1]["closes"] = "16:00"
    assert court_config.preview(config_text.dump(doc), utc_now()).changes == [
        "sedes[pierola].opening_hours: se agrega viernes · 14:00 · 16:00",
        "sedes[pierola].opening_hours: se quita viernes · 14:00 · 16:40",
        "closures: se agrega zavala · 2027-03-01 · Mudanza · cierre",
        f"closures: se quita {christmas_day} · {christmas['reason']} · feriado",
    ]
