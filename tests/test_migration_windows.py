"""Migration 0011 turns each sede's count of windows into numbered windows serving its services."""

from playhouse import migrations

from db import MIGRATIONS_DIR, database
from models import Sede, Window
from tests.helpers import make_app


def test_a_sedes_window_count_becomes_that_many_windows(tmp_path):
    make_app(f"sqlite:///{tmp_path / 'old.db'}", tmp_path)
    with database.connection_context():
        runner = migrations.Runner(database.obj, directory=MIGRATIONS_DIR)
        runner.up(target="0010_outcome_margin")
        sql = database.execute_sql
        sql(
            "INSERT INTO court (name, short_name, country, timezone)"
            " VALUES ('C', 'C', 'PE', 'America/Lima')"
        )
        for code, windows in (("a", 3), ("b", 0)):
            sql(
                "INSERT INTO sede (court_id, code, name, address, district, city, phone, windows,"
                " slot_minutes, capacity_per_slot, horizon_days, cancel_cutoff_hours,"
                " restrict_vulnerable, instructions, active, outcome_margin_minutes)"
                f" VALUES (1, '{code}', '{code}', '', '', '', '', {windows},"
                " 20, 1, 14, 2, 0, '', 1, 15)"
            )
        for code in ("escritos", "demandas"):
            sql(
                "INSERT INTO service (sede_id, code, name, description, what_to_bring, active)"
                f" VALUES (1, '{code}', '{code}', '', '', 1)"
            )
        runner.up()
        a, b = Sede.get(Sede.code == "a"), Sede.get(Sede.code == "b")
        assert [w.number for w in a.windows.order_by(Window.number)] == [1, 2, 3]
        assert all(len(w.serves()) == 2 for w in a.windows) and b.windows.count() == 0
        assert "windows" not in {c.name for c in database.get_columns("sede")}
    database.close()
