"""What the staff reports read a year through quickly (bench/reports.py measures it).

- appointment.lead_days: days from the court's date of booking to the appointment's day, kept
  when the ticket is issued (models/appointments.py); existing rows get it here, by the
  court's current offset from UTC (Lima and Guatemala keep one all year).
- Indexes that hold every column their report counts, so the database answers from the index
  alone (SQLite always; PostgreSQL once VACUUM has marked the pages visible) in the index's
  order, instead of reading and sorting half a million rows.
"""

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from peewee import IntegerField, SqliteDatabase

INDEXES = [
    ("appointment", ("day", "sede_id", "status")),  # every sede
    ("appointment", ("sede_id", "day", "status")),  # one sede; the desk's day list
    ("appointment", ("day", "lead_days", "sede_id")),  # the lead time, counted in day order
    ("slot", ("day", "service_id", "starts", "booked")),
    ("identity_verification", ("submitted_at", "status", "reviewed_at")),
    ("identity_verification", ("status",)),
    ("receipt_use", ("used_at",)),
    ("bank_payment", ("paid_on",)),
]


def up(migrator, db):
    migrator.migrate(migrator.add_column("appointment", "lead_days", IntegerField(null=True)))
    court = db.execute_sql("SELECT timezone FROM court ORDER BY id LIMIT 1").fetchone()
    if court:
        offset = int(datetime.now(UTC).astimezone(ZoneInfo(court[0])).utcoffset().total_seconds())
        if isinstance(db, SqliteDatabase):
            booked_on = f"date(issued_at, '{offset:+d} seconds')"
            lead = f"CAST(julianday(day) - julianday({booked_on}) AS INTEGER)"
        else:
            lead = f"day - CAST(issued_at + INTERVAL '{offset} seconds' AS date)"
        db.execute_sql(f"UPDATE appointment SET lead_days = {lead}")
    migrator.migrate(*(migrator.add_index(table, columns) for table, columns in INDEXES))
    # The one-sede index above begins with (sede_id, day): this one has nothing left to do.
    migrator.migrate(migrator.drop_index("appointment", "appointment_sede_id_day"))


def down(migrator, db):
    names = ["_".join((table, *columns)) for table, columns in INDEXES]
    migrator.migrate(*(migrator.drop_index(t, n) for (t, _), n in zip(INDEXES, names, strict=True)))
    migrator.migrate(migrator.add_index("appointment", ("sede_id", "day")))
    migrator.migrate(migrator.drop_column("appointment", "lead_days"))
