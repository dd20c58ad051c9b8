"""Command-line set-up: the demo court, holidays, staff users, backup and restore (see README)."""

import os

import click

from db import database
from domain.passwords import WeakPassword
from domain.roles import Role
from models import (
    Court,
)
from services import backup, storage
from services.actor import SYSTEM
from services.clock import utc_now
from services.court_setup import SHIPPED_FEES, create_demo_court, load_holidays
from services.fee_tables import import_fee_table
from services.imports import MAX_PROBLEMS, NotImported
from services.receipts import BankFileImported, import_bank_file
from services.staff_users import EmailTaken, create_staff_user


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
                config["DATABASE_URL"],
                config["UPLOAD_FOLDER"],
                target,
                utc_now(),
                files=storage.of(config),
            )
        except backup.BackupError as error:
            raise click.ClickException(str(error)) from None
        click.echo(f"Copia guardada en {target}: {backup_summary(manifest)}")

    @app.cli.command("restore")
    @click.argument("source", type=click.Path(file_okay=False))
    def restore_command(source):
        """Put the backup in SOURCE into this environment's empty database and upload folder
        (and its empty bucket, when FILES_STORAGE is one)."""
        try:
            manifest = backup.restore(
                source,
                app.config["DATABASE_URL"],
                app.config["UPLOAD_FOLDER"],
                files=storage.of(app.config),
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
