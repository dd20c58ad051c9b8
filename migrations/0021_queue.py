"""The lobby's queue: kiosk terminals with their keys, tickets numbered per sede, day and
letter, their history; each service's letter and each sede's call-order setting."""

from peewee import (
    BooleanField,
    CharField,
    DateField,
    DateTimeField,
    ForeignKeyField,
    IntegerField,
    Model,
)


def up(migrator, db):
    class Base(Model):
        class Meta:
            database = db
            legacy_table_names = False

    class Sede(Base):
        pass

    class Service(Base):
        pass

    class User(Base):
        pass

    class Appointment(Base):
        pass

    class Window(Base):
        class Meta:
            table_name = "sede_window"

    class KioskDevice(Base):
        sede = ForeignKeyField(Sede)
        name = CharField()
        key_hash = CharField(unique=True)
        created_at = DateTimeField()
        revoked_at = DateTimeField(null=True)
        last_seen_at = DateTimeField(null=True)

    class QueueCounter(Base):
        sede = ForeignKeyField(Sede)
        day = DateField()
        prefix = CharField(max_length=1)
        last = IntegerField(default=0)

        class Meta:
            indexes = ((("sede", "day", "prefix"), True),)

    class QueueTicket(Base):
        sede = ForeignKeyField(Sede)
        day = DateField()
        service = ForeignKeyField(Service)
        prefix = CharField(max_length=1)
        number = IntegerField()
        kind = CharField()
        preference = CharField(default="")
        appointment = ForeignKeyField(Appointment, null=True, unique=True)
        appointment_at = DateTimeField(null=True)
        status = CharField(default="en_espera")
        token = CharField(unique=True)
        request_key = CharField(unique=True)
        issued_at = DateTimeField()
        queued_at = DateTimeField()
        first_called_at = DateTimeField(null=True)
        called_at = DateTimeField(null=True)
        calls = IntegerField(default=0)
        finished_at = DateTimeField(null=True)
        window = ForeignKeyField(Window, null=True)
        clerk = ForeignKeyField(User, null=True)
        kiosk = ForeignKeyField(KioskDevice, null=True)

        class Meta:
            indexes = (
                (("sede", "day", "prefix", "number"), True),
                (("sede", "day", "status"), False),
            )

    class QueueEvent(Base):
        ticket = ForeignKeyField(QueueTicket, on_delete="CASCADE")
        sede = ForeignKeyField(Sede)
        day = DateField()
        action = CharField()
        at = DateTimeField()
        window = ForeignKeyField(Window, null=True)
        clerk = ForeignKeyField(User, null=True)
        priority = BooleanField(default=False)
        detail = CharField(default="")

        class Meta:
            indexes = ((("sede", "day", "at"), False),)

    db.create_tables([KioskDevice, QueueCounter, QueueTicket, QueueEvent])
    migrator.migrate(
        migrator.add_column("service", "queue_prefix", CharField(default="")),
        migrator.add_column("sede", "queue_priority_every", IntegerField(default=1)),
    )
