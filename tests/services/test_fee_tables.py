"""Importing a fee table as a use case: no request, the actor and the clock passed in."""

import pytest

from domain.roles import Role
from models import AuditEvent, FeeYear
from services.actor import SYSTEM, Actor
from services.clock import utc_now
from services.fee_tables import AlreadyImported, NotImported, import_fee_table
from services.imports import was_imported
from tests.blueprints.fee_import_helpers import MALFORMED, as_csv, shipped_rows
from tests.helpers import staff as make_staff


def table(year=2025, note="cargado en la prueba") -> str:
    return as_csv([row | {"note": note} for row in shipped_rows(year)]).decode()


def imports() -> list[AuditEvent]:
    return list(AuditEvent.select().where(AuditEvent.action == "aranceles_importados"))


def test_a_clean_table_replaces_its_year_and_is_audited(db):
    admin = Actor(make_staff("admin@corte.pe", Role.ADMINISTRADOR.value), "10.0.0.7")
    kept, now = FeeYear.get(FeeYear.year == 2024).csv_text, utc_now()
    assert import_fee_table(table(), "cuadro-2025.csv", actor=admin, now=now) == [2025]
    stored = FeeYear.get(FeeYear.year == 2025)
    assert "cargado en la prueba" in stored.csv_text and stored.imported_at == now
    assert (stored.imported_by_id, stored.source_name) == (admin.user.id, "cuadro-2025.csv")
    assert FeeYear.get(FeeYear.year == 2024).csv_text == kept
    [event] = imports()
    assert (event.actor_label, event.ip, event.subject, event.detail) == (
        "admin@corte.pe",
        "10.0.0.7",
        "cuadro-2025.csv",
        "años: 2025",
    )


def test_a_previewed_upload_is_imported_only_once(db):
    import_fee_table(table(), "a.csv", actor=SYSTEM, now=utc_now(), staged_as="ab12.csv")
    with pytest.raises(AlreadyImported, match="ya se importó; no se cambió nada"):
        import_fee_table(
            table(note="otra vez"), "a.csv", actor=SYSTEM, now=utc_now(), staged_as="ab12.csv"
        )
    assert was_imported("ab12.csv") and not was_imported("cd34.csv")
    assert "otra vez" not in FeeYear.get(FeeYear.year == 2025).csv_text
    assert len(imports()) == 1 and imports()[0].actor is None


@pytest.mark.parametrize("case", [case for case in MALFORMED if case != "header only"])
def test_a_table_with_errors_changes_nothing(db, case):
    content, problem = MALFORMED[case]
    before = {row.year: row.csv_text for row in FeeYear.select()}
    with pytest.raises(NotImported, match="Corríjalo y súbalo otra vez") as refused:
        import_fee_table(
            content.decode(), "malo.csv", actor=SYSTEM, now=utc_now(), staged_as="ef56.csv"
        )
    assert any(problem in line for line in refused.value.problems), refused.value.problems
    assert {row.year: row.csv_text for row in FeeYear.select()} == before
    assert not imports() and not was_imported("ef56.csv")


def test_a_table_with_only_its_header_is_refused_without_problems_to_list(db):
    with pytest.raises(NotImported) as refused:
        import_fee_table(as_csv([]).decode(), "vacio.csv", actor=SYSTEM, now=utc_now())
    assert refused.value.problems == [] and not imports()
