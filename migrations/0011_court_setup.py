"""Court set-up screens: the court's logo, windows (ventanillas) as rows with the services they
serve, none listed meaning all (they replace Sede.windows, a bare count), and dependencias that
can be deactivated."""

from peewee import BooleanField, CharField, ForeignKeyField, IntegerField, Model


def up(migrator, db):
    class Base(Model):
        class Meta:
            database = db
            legacy_table_names = False

    class Sede(Base):
        windows = IntegerField(default=1)

    class Service(Base):
        pass

    class Window(Base):
        sede = ForeignKeyField(Sede)
        number = IntegerField()
        name = CharField(default="")
        active = BooleanField(default=True)

        class Meta:
            table_name = "sede_window"  # WINDOW is a reserved word in PostgreSQL
            indexes = ((("sede", "number"), True),)

    class WindowService(Base):
        window = ForeignKeyField(Window, on_delete="CASCADE")
        service = ForeignKeyField(Service)

        class Meta:
            table_name = "sede_window_service"
            indexes = ((("window", "service"), True),)

    db.create_tables([Window, WindowService])
    # Each sede's count becomes that many numbered windows; a window with no services listed
    # serves all of its sede's.
    for sede in Sede.select(Sede.id, Sede.windows):
        for number in range(1, max(sede.windows, 0) + 1):
            Window.create(sede=sede.id, number=number)
    migrator.migrate(
        migrator.drop_column("sede", "windows"),
        migrator.add_column("court", "logo_file", CharField(default="")),
        migrator.add_column("dependencia", "active", BooleanField(default=True)),
    )


def down(migrator, db):
    migrator.migrate(
        migrator.drop_column("dependencia", "active"),
        migrator.drop_column("court", "logo_file"),
        migrator.add_column("sede", "windows", IntegerField(default=1)),
    )
    db.execute_sql("DROP TABLE sede_window_service")
    db.execute_sql("DROP TABLE sede_window")
