"""Fee tables: an administrator uploads a CSV, sees each row with its errors, imports it."""

import pytest

from models import AuditEvent, FeeYear
from tests.blueprints.fee_import_helpers import (
    IMPORT,
    MALFORMED,
    as_csv,
    preview_ref,
    shipped_rows,
    upload,
)
from tests.helpers import HX, sign_in
from tests.helpers import staff as make_staff


def stored() -> dict[int, tuple]:
    return {row.year: (row.imported_at, row.csv_text) for row in FeeYear.select()}


def test_the_fee_years_page_lists_the_shipped_years_with_their_status(admin):
    page = admin.get("/personal/aranceles")
    assert page.status_code == 200
    for year in ("2024", "2025", "2026"):
        assert f"<strong>{year}</strong>" in page.text
    assert "Valores referenciales" in page.text  # 2026 is computed from the URP
    assert "Importar un Cuadro de Valores" in page.text


def test_a_clean_file_replaces_its_year_only_and_keeps_the_others(admin):
    before = stored()
    rows = [row | {"note": "cargado en la prueba"} for row in shipped_rows(2025)]
    response = upload(admin, b"\xef\xbb\xbf" + as_csv(rows), name="cuadro-2025.csv")  # with BOM
    preview = admin.get(response.headers["Location"])
    assert preview.status_code == 200 and "Confirmar e importar" in preview.text
    assert "Reemplaza el 2025 cargado" in preview.text and "Error" not in preview.text[:300]
    ref = preview_ref(response)

    done = admin.post("/personal/aranceles/importar/confirmar", data={"ref": ref})
    assert done.status_code == 303 and done.headers["Location"] == "/personal/aranceles"
    assert "Importamos el Cuadro de Valores de 2025" in admin.get("/personal/aranceles").text
    after = stored()
    assert "cargado en la prueba" in after[2025][1] and after[2025][0] != before[2025][0]
    assert {y: v for y, v in after.items() if y != 2025} == {
        y: v for y, v in before.items() if y != 2025
    }
    assert FeeYear.get(FeeYear.year == 2025).source_name == "cuadro-2025.csv"
    event = AuditEvent.get(AuditEvent.action == "aranceles_importados")
    assert event.actor_label == "admin@corte.pe" and "2025" in event.detail


def test_a_double_tap_on_confirm_imports_once(admin):
    ref = preview_ref(upload(admin, as_csv(shipped_rows(2024))))
    first = admin.post("/personal/aranceles/importar/confirmar", data={"ref": ref})
    imported_at = FeeYear.get(FeeYear.year == 2024).imported_at
    second = admin.post("/personal/aranceles/importar/confirmar", data={"ref": ref})
    assert first.status_code == second.status_code == 303
    assert second.headers["Location"] == "/personal/aranceles"
    assert "Ese archivo ya se importó" in admin.get("/personal/aranceles").text
    assert FeeYear.get(FeeYear.year == 2024).imported_at == imported_at
    assert AuditEvent.select().where(AuditEvent.action == "aranceles_importados").count() == 1


@pytest.mark.parametrize("case", MALFORMED, ids=list(MALFORMED))
def test_a_malformed_file_shows_its_errors_and_imports_nothing(admin, case):
    content, message = MALFORMED[case]
    before = stored()
    ref = preview_ref(upload(admin, content))
    preview = admin.get(f"{IMPORT}/revisar?ref={ref}")
    assert preview.status_code == 200
    assert "<title>Error: " in preview.text and message in preview.text
    assert "Confirmar e importar" not in preview.text
    if case not in ("missing columns", "header only"):  # those have no rows to mark
        assert "Con errores" in preview.text and 'href="#linea-' in preview.text

    forced = admin.post("/personal/aranceles/importar/confirmar", data={"ref": ref})
    assert forced.status_code == 303 and "revisar" in forced.headers["Location"]
    assert stored() == before
    assert not AuditEvent.select().where(AuditEvent.action == "aranceles_importados").exists()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "Elija el archivo CSV"),
        (b"   \n", "El archivo está vacío"),
        (b"PK\x03\x04\x14\x00\x00\x00\x08\x00", "Es un libro de Excel"),
        (b"%PDF-1.7\n%\xe2\xe3", "no es un CSV de texto"),
        (b"year,urp_pen\n2026,550\x00\n", "no es un CSV de texto"),
        ("year,urp_pen,concept\n2026,550,Derecho de notificación\n".encode("cp1252"), "UTF-8"),
        (b"year;urp_pen;code\n2026;550.00;07900\n", "punto y coma"),
        (b"x" * (2 * 1024 * 1024 + 1), "pesa más de 2 MB"),
    ],
    ids=["no-file", "blank", "excel", "pdf", "nul", "cp1252", "semicolons", "too-big"],
)
def test_an_upload_that_is_not_a_utf8_csv_is_refused_with_what_to_do(admin, content, message):
    response = upload(admin, content) if content else admin.post(IMPORT, data={})
    assert response.status_code == 200
    assert "<title>Error: " in response.text and message in response.text


def test_a_preview_reference_cannot_be_forged_or_used_by_someone_else(admin, app):
    ref = preview_ref(upload(admin, as_csv(shipped_rows(2026))))
    tampered = ref[:-3] + ("AAA" if not ref.endswith("AAA") else "BBB")
    response = admin.get(f"{IMPORT}/revisar?ref={tampered}")
    assert response.status_code == 303 and response.headers["Location"] == IMPORT
    assert admin.post("/personal/aranceles/importar/confirmar", data={"ref": tampered}).status_code
    assert not AuditEvent.select().where(AuditEvent.action == "aranceles_importados").exists()

    make_staff("otro@corte.pe", "administrador")
    other = app.test_client()
    sign_in(other, "otro@corte.pe")
    assert other.get(f"{IMPORT}/revisar?ref={ref}").status_code == 303
    other.post("/personal/aranceles/importar/confirmar", data={"ref": ref})
    assert not AuditEvent.select().where(AuditEvent.action == "aranceles_importados").exists()


def test_a_changed_staged_file_is_not_imported(admin, app, tmp_path):
    ref = preview_ref(upload(admin, as_csv(shipped_rows(2026))))
    (staged_file,) = (tmp_path / "uploads" / "imports").glob("*.csv")
    staged_file.write_text(staged_file.read_text().replace("07900", "07439", 1))
    response = admin.post("/personal/aranceles/importar/confirmar", data={"ref": ref})
    assert response.headers["Location"] == IMPORT
    assert not AuditEvent.select().where(AuditEvent.action == "aranceles_importados").exists()


def test_the_preview_summarises_each_year(admin):
    rows = shipped_rows(2025) + shipped_rows(2026)
    preview = admin.get(f"{IMPORT}/revisar?ref={preview_ref(upload(admin, as_csv(rows)))}")
    assert preview.text.count("Reemplaza el") == 2
    assert "URP&nbsp;S/\u00a0535.00" in preview.text and "URP&nbsp;S/\u00a0550.00" in preview.text
    assert f"{len(rows)} filas" in preview.text


def test_the_upload_page_and_its_fragment(admin):
    page = admin.get(IMPORT)
    assert "<html" in page.text and 'enctype="multipart/form-data"' in page.text
    fragment = admin.get(IMPORT, headers=HX)
    assert "<html" not in fragment.text and '<section id="fee-import">' in fragment.text
    assert "HX-Request" in fragment.headers["Vary"]


def test_only_administrators_import_fee_tables(client, db):
    make_staff("mesa@corte.pe", "mesa_de_partes")
    sign_in(client, "mesa@corte.pe")
    assert client.get("/personal/aranceles").status_code == 403
    assert upload(client, as_csv(shipped_rows(2026))).status_code == 403
