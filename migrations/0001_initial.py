"""Initial schema: court set-up, slots, appointments, staff users.

Frozen copies of the models as they were when this ran; later changes go in new files.
"""

from peewee import (
    BooleanField,
    CharField,
    Check,
    DateField,
    DateTimeField,
    ForeignKeyField,
    IntegerField,
    Model,
    TextField,
    TimeField,
)


def up(migrator, db):
    class Base(Model):
        class Meta:
            database = db
            legacy_table_names = False

    class Court(Base):
        name = CharField()
        short_name = CharField()
        country = CharField(max_length=2, default="PE")
        timezone = CharField(default="America/Lima")

    class Sede(Base):
        court = ForeignKeyField(Court)
        code = CharField(unique=True)
        name = CharField()
        address = CharField()
        district = CharField()
        city = CharField()
        phone = CharField(default="")
        windows = IntegerField(default=1)
        slot_minutes = IntegerField(default=20)
        capacity_per_slot = IntegerField(default=1)
        horizon_days = IntegerField(default=14)
        same_day_cutoff = TimeField(null=True)
        cancel_cutoff_hours = IntegerField(default=2)
        restrict_vulnerable = BooleanField(default=False)
        instructions = TextField(default="")
        active = BooleanField(default=True)

    class Service(Base):
        sede = ForeignKeyField(Sede)
        code = CharField()
        name = CharField()
        description = CharField(default="")
        what_to_bring = TextField(default="")
        active = BooleanField(default=True)

        class Meta:
            indexes = ((("sede", "code"), True),)

    class OpeningHours(Base):
        sede = ForeignKeyField(Sede)
        weekday = IntegerField()
        opens = TimeField()
        closes = TimeField()

    class Closure(Base):
        sede = ForeignKeyField(Sede, null=True)
        day = DateField(index=True)
        reason = CharField()
        kind = CharField(default="cierre")

    class Dependencia(Base):
        court = ForeignKeyField(Court)
        sede = ForeignKeyField(Sede, null=True)
        code = CharField(unique=True)
        name = CharField()

    class Slot(Base):
        service = ForeignKeyField(Service)
        day = DateField()
        starts = TimeField()
        capacity = IntegerField()
        booked = IntegerField(default=0)

        class Meta:
            indexes = ((("service", "day", "starts"), True),)
            constraints = [Check("booked >= 0 AND booked <= capacity")]

    class Appointment(Base):
        code = CharField(unique=True)
        request_key = CharField(unique=True)
        slot = ForeignKeyField(Slot)
        sede = ForeignKeyField(Sede)
        service = ForeignKeyField(Service)
        day = DateField()
        starts = TimeField()
        ends = TimeField()
        doc_type = CharField()
        doc_number = CharField()
        names = CharField()
        surnames = CharField()
        email = CharField()
        phone = CharField()
        birth_date = DateField(null=True)
        priority = BooleanField(default=False)
        status = CharField(default="activa")
        issued_at = DateTimeField()
        status_changed_at = DateTimeField(null=True)
        active_key = CharField(null=True, unique=True)
        rescheduled_from = ForeignKeyField("self", null=True)

        class Meta:
            indexes = ((("sede", "day"), False), (("doc_type", "doc_number"), False))

    class User(Base):
        email = CharField(unique=True)
        full_name = CharField()
        password_hash = CharField()
        roles = CharField(default="")
        active = BooleanField(default=True)
        created_at = DateTimeField()

    db.create_tables(
        [Court, Sede, Service, OpeningHours, Closure, Dependencia, Slot, Appointment, User]
    )
