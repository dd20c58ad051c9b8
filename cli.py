"""Command-line set-up: the demo court, holidays, staff users, backup and restore (see README)."""

import os
from datetime import time

import click
import holidays

from db import database
from domain.passwords import WeakPassword
from domain.roles import Role
from models import (
    Closure,
    Court,
    Dependencia,
    FeeYear,
    OpeningHours,
    Sede,
    Service,
)
from services import backup
from services.actor import SYSTEM
from services.clock import utc_now
from services.fee_tables import checked_schedules, import_fee_table
from services.imports import MAX_PROBLEMS, NotImported
from services.receipts import BankFileImported, import_bank_file
from services.staff_users import EmailTaken, create_staff_user

WEEKDAYS_MON_FRI = range(5)
DESK_HOURS = [(time(8, 0), time(13, 0)), (time(14, 0), time(16, 40))]

SERVICES = [
    (
        "escritos",
        "Escritos",
        "Presentación de escritos en expedientes en trámite",
        "Su escrito firmado con copias para cada parte, el número de expediente y su DNI. "
        "Si el escrito requiere tasa judicial, el comprobante de pago.",
    ),
    (
        "demandas",
        "Demandas",
        "Presentación de demandas y denuncias nuevas",
        "La demanda firmada con sus anexos y copias para cada demandado, su DNI y, si "
        "corresponde, los aranceles judiciales y derechos de notificación pagados.",
    ),
]

SEDES = [
    ("alzamora", "Sede Javier Alzamora Valdez", "Av. Abancay 459", "Cercado de Lima", 3, 2),
    ("zavala", "Sede Carlos Zavala Loayza", "Jr. Manuel Cuadros 182", "Cercado de Lima", 2, 1),
    ("pierola", "Sede Nicolás de Piérola", "Av. Nicolás de Piérola 745", "Cercado de Lima", 2, 2),
]

DEPENDENCIAS = [
    ("1JCL", "1.er Juzgado Especializado en lo Civil de Lima", "alzamora"),
    ("2JCL", "2.º Juzgado Especializado en lo Civil de Lima", "alzamora"),
    ("3JFL", "3.er Juzgado de Familia de Lima", "pierola"),
    ("1JPL", "1.er Juzgado de Paz Letrado de Lima", "pierola"),
    ("5JIPL", "5.º Juzgado de Investigación Preparatoria de Lima", "zavala"),
    ("1SCL", "Primera Sala Civil de Lima", None),
]


def load_holidays(court: Court, years: list[int]) -> int:
    """Add the country's national holidays as court-wide closures; returns how many were new."""
    added = 0
    for day, name in sorted(holidays.country_holidays(court.country, years=years).items()):
        exists = Closure.select().where(Closure.day == day, Closure.sede.is_null()).exists()
        if not exists:
            Closure.create(day=day, reason=name, kind="feriado")
            added += 1
    return added


SHIPPED_FEES = os.path.join(
    os.path.dirname(os.path.abspath(__file__)), "data", "aranceles", "cuadro-valores.csv"
)


def load_fee_tables(path: str) -> list[int]:
    """Import a Cuadro de Valores CSV as the CLI; raises click.ClickException listing row errors."""
    with open(path, encoding="utf-8") as fh:
        text = fh.read()
    try:
        return import_fee_table(text, os.path.basename(path), actor=SYSTEM, now=utc_now())
    except NotImported as refused:
        if not refused.problems:
            raise click.ClickException("El archivo no tiene filas de aranceles.") from None
        raise click.ClickException(
            "El archivo tiene errores:\n" + "\n".join(refused.problems[:MAX_PROBLEMS])
        ) from None


def load_shipped_fees() -> list[int]:
    """The demo court's fee tables: set-up data, stored without an audit row."""
    with open(SHIPPED_FEES, encoding="utf-8") as fh:
        text = fh.read()
    return FeeYear.store(text, checked_schedules(text), utc_now(), None, "cuadro-valores.csv")


def load_bank_file(path: str) -> BankFileImported:
    """Import the bank's payment CSV as the CLI; row errors: ClickException."""
    with open(path, encoding="utf-8-sig") as fh:
        text = fh.read()
    try:
        return import_bank_file(text, os.path.basename(path), actor=SYSTEM, now=utc_now())
    except NotImported as refused:
        problems = refused.problems or ["el archivo solo tiene la cabecera."]
        raise click.ClickException(
            "No se importó nada:\n" + "\n".join(problems[:MAX_PROBLEMS])
        ) from None


def create_demo_court() -> Court:
    """A Peruvian Corte Superior with three sedes, ready for bookings."""
    court = Court.create(
        name="Corte Superior de Justicia de Lima", short_name="CSJ Lima", country="PE"
    )
    sedes = {}
    for code, name, address, district, windows, capacity in SEDES:
        sede = Sede.create(
            court=court,
            code=code,
            name=name,
            address=address,
            district=district,
            city="Lima",
            phone="(01) 410-1010",
            windows=windows,
            slot_minutes=20,
            capacity_per_slot=capacity,
            horizon_days=14,
            same_day_cutoff=time(12, 0),
            cancel_cutoff_hours=2,
            instructions="Llegue 10 minutos antes. Muestre su ticket (impreso o en el "
            "celular) y su documento de identidad en la mesa de partes.",
        )
        sedes[code] = sede
        for weekday in WEEKDAYS_MON_FRI:
            for opens, closes in DESK_HOURS:
                OpeningHours.create(sede=sede, weekday=weekday, opens=opens, closes=closes)
        for service_code, service_name, description, bring in SERVICES:
            Service.create(
                sede=sede,
                code=service_code,
                name=service_name,
                description=description,
                what_to_bring=bring,
            )
    for code, name, sede_code in DEPENDENCIAS:
        Dependencia.create(court=court, code=code, name=name, sede=sedes.get(sede_code))
    year = court.local_time(utc_now()).year
    load_holidays(court, [year, year + 1])
    load_shipped_fees()
    return court


def init_app(app):
    @app.cli.command("demo-court")
    def demo_court_command():
        """Load the demo court (once): three Lima sedes, services, hours and holidays."""
        with database.connection_context():
            if Court.select().exists():
                click.echo("Ya hay una corte cargada; no se cambió nada.")
                return
            with database.atomic():
                court = create_demo_court()
            click.echo(f"Corte de demostración cargada: {court.name}")

    @app.cli.command("load-fees")
    @click.argument("path", default=SHIPPED_FEES, type=click.Path(exists=True, dir_okay=False))
    def load_fees_command(path):
        """Import fee tables (Cuadro de Valores) from a CSV; each year in it replaces that year."""
        with database.connection_context():
            years = load_fee_tables(path)
        click.echo(f"Tablas de aranceles cargadas: {', '.join(map(str, years))}")

    @app.cli.command("import-bank-file")
    @click.argument("path", type=click.Path(exists=True, dir_okay=False))
    def import_bank_file_command(path):
        """Import the bank's payment file (CSV); payments already imported are not added twice."""
        with database.connection_context():
            done = load_bank_file(path)
        click.echo(done.summary)

    @app.cli.command("load-holidays")
    @click.argument("years", nargs=-1, type=int, required=True)
    def load_holidays_command(years):
        """Add the national holidays of YEARS (e.g. 2027 2028) as closures."""
        with database.connection_context(), database.atomic():
            added = load_holidays(Court.current(), list(years))
        click.echo(f"Feriados nuevos: {added}")

    @app.cli.command("send-reminders")
    def send_reminders_command():
        """E-mail tomorrow's appointments now (the worker does it every evening; safe twice)."""
        from services.tickets import send_reminders

        with database.connection_context():
            sent = send_reminders(utc_now())
        click.echo(f"Recordatorios enviados: {sent}")

    @app.cli.command("clean-up")
    def clean_up_command():
        """Delete expired codes, tokens, ended sign-ins (the worker does it every night)."""
        from services.cleanup import purge_expired

        with database.connection_context():
            removed = purge_expired(utc_now())
        click.echo(", ".join(f"{name}: {count}" for name, count in removed.items()))

    @app.cli.command("create-staff")
    @click.argument("email")
    @click.option("--name", required=True, help="Nombre completo")
    @click.option(
        "--role",
        "roles",
        multiple=True,
        type=click.Choice(sorted(role.value for role in Role)),
        required=True,
    )
    @click.password_option(help="Contraseña (se pide si no se da)")
    def create_staff_command(email, name, roles, password):
        """Create a staff user with one or more roles."""
        with database.connection_context():
            try:
                user = create_staff_user(
                    email, name, roles, password=password, actor=SYSTEM, now=utc_now()
                )
            except EmailTaken:
                raise click.ClickException(f"Ya existe un usuario con el correo {email}") from None
            except WeakPassword as weak:
                raise click.ClickException(str(weak)) from None
        click.echo(f"Usuario creado: {user.email} ({', '.join(roles)})")

    @app.cli.command("backup")
    @click.argument("target", type=click.Path(file_okay=False))
    def backup_command(target):
        """Copy the database and the uploaded files into TARGET (a new folder), with a manifest."""
        config = app.config
        try:
            manifest = backup.backup(
                config["DATABASE_URL"], config["UPLOAD_FOLDER"], target, utc_now()
            )
        except backup.BackupError as error:
            raise click.ClickException(str(error)) from None
        click.echo(f"Copia guardada en {target}: {backup_summary(manifest)}")

    @app.cli.command("restore")
    @click.argument("source", type=click.Path(file_okay=False))
    def restore_command(source):
        """Put the backup in SOURCE into this environment's empty database and upload folder."""
        try:
            manifest = backup.restore(
                source, app.config["DATABASE_URL"], app.config["UPLOAD_FOLDER"]
            )
        except backup.BackupError as error:
            raise click.ClickException(str(error)) from None
        made = manifest["created_at"][:16].replace("T", " ")
        click.echo(f"Copia del {made} UTC restaurada: {backup_summary(manifest)}")


def backup_summary(manifest: dict) -> str:
    files = manifest["files"]
    megabytes = (manifest["database"]["size"] + sum(f["size"] for f in files)) / 2**20
    return (
        f"base {manifest['engine']} en la migración {manifest['schema_migration']}, "
        f"{sum(manifest['tables'].values())} filas, {len(files)} archivos, {megabytes:.1f} MB"
    )
