"""`flask config-export` and `flask config-import` (README: the court's configuration as a file)."""

import json

from models import AuditEvent, Sede


def test_export_writes_yaml_or_json_by_the_files_name(app, db, tmp_path):
    runner = app.test_cli_runner()
    result = runner.invoke(args=["config-export", str(tmp_path / "corte.yaml")])
    assert result.exit_code == 0, result.output
    assert f"Configuración guardada en {tmp_path / 'corte.yaml'}" in result.output
    text = (tmp_path / "corte.yaml").read_text(encoding="utf-8")
    assert text.startswith("format: ventanilla-configuracion\nversion: 1\n")
    runner.invoke(args=["config-export", str(tmp_path / "corte.json")])
    document = json.loads((tmp_path / "corte.json").read_text(encoding="utf-8"))
    assert [s["code"] for s in document["sedes"]] == ["alzamora", "zavala", "pierola"]


def test_import_previews_without_apply_and_changes_with_it(app, db, tmp_path):
    runner = app.test_cli_runner()
    path = tmp_path / "corte.yaml"
    runner.invoke(args=["config-export", str(path)])
    path.write_text(
        path.read_text(encoding="utf-8").replace("capacity_per_slot: 1", "capacity_per_slot: 3")
    )
    result = runner.invoke(args=["config-import", str(path)])
    assert result.exit_code == 0, result.output
    assert "- sedes[zavala].capacity_per_slot: «1» → «3»" in result.output
    assert "repita el comando con --apply" in result.output
    assert Sede.get(code="zavala").capacity_per_slot == 1
    result = runner.invoke(args=["config-import", str(path), "--apply"])
    assert result.exit_code == 0, result.output
    assert "Configuración importada: 1 cambios." in result.output
    assert Sede.get(code="zavala").capacity_per_slot == 3
    assert AuditEvent.get(AuditEvent.action == "configuracion_importada").subject == "corte.yaml"
    result = runner.invoke(args=["config-import", str(path), "--apply"])
    assert "no hay nada que cambiar" in result.output


def test_import_lists_every_error_and_exits_non_zero(app, db, tmp_path):
    runner = app.test_cli_runner()
    path = tmp_path / "corte.yaml"
    runner.invoke(args=["config-export", str(path)])
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text.replace("country: PE", "country: AR").replace("slot_minutes: 20", "slot_minutes: 0", 1)
    )
    result = runner.invoke(args=["config-import", str(path), "--apply"])
    assert result.exit_code == 1
    assert "El archivo tiene 2 errores; no se cambió nada:" in result.output
    assert "court.country: debe ser uno de: PE, GT" in result.output
    assert "sedes[0].slot_minutes: debe estar entre 5 y 480" in result.output
    assert Sede.get(code="alzamora").slot_minutes == 20
