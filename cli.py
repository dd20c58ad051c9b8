"""Command-line set-up: the demo court, holidays, staff users, backup and restore (see README)."""

import os

import click

from db import database
from domain.passwords import WeakPassword
from domain.roles import Role
from models import (
    Court,
    Sede,
    User,
)
from services import backup, config_import, court_config, queue, storage
from services.actor import SYSTEM
from services.clock import utc_now
from services.court_setup import SHIPPED_FEES, create_demo_court
from services.fee_tables import import_fee_table
from services.imports import MAX_PROBLEMS, NotImported
from services.receipts import BankFileImported, import_bank_file
from services.sede_changes import AffectedChanged, load_holidays
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

    @app.cli.command("config-export")
    @click.argument("path", type=click.Path(dir_okay=False, writable=True, allow_dash=True))
    def config_export_command(path):
        """Write the court's configuration to PATH: YAML, or JSON if PATH ends in .json."""
        fmt = "json" if path.lower().endswith(".json") else "yaml"
        with database.connection_context():
            text = court_config.export_text(fmt)
        with click.open_file(path, "w", encoding="utf-8") as out:
            out.write(text)
        if path != "-":
            click.echo(f"Configuración guardada en {path}")

    @app.cli.command("config-import")
    @click.argument("path", type=click.Path(exists=True, dir_okay=False, allow_dash=True))
    @click.option(
        "--apply", "apply_it", is_flag=True, help="Aplicar los cambios (sin esto, solo se revisan)"
    )
    def config_import_command(path, apply_it):
        """Check a configuration file and list what it would change; --apply makes the change."""
        with click.open_file(path, encoding="utf-8-sig") as fh:
            text = fh.read()
        with database.connection_context():
            report_config(text, os.path.basename(path), apply_it)

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
        """Add the national holidays of YEARS (e.g. 2027 2028) as closures of every sede."""
        added = 0
        with database.connection_context():
            for year in years:
                try:
                    done, _ = load_holidays(year, seen="", actor=SYSTEM, now=utc_now())
                except AffectedChanged as booked:
                    raise click.ClickException(
                        f"{len(booked.appointments)} citas reservadas caen en feriados de {year}."
                        " Cárguelos en /personal/configuracion/cierres: la pantalla las lista y, "
                        "al confirmar, las anula avisando a cada persona."
                    ) from None
                added += done
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

    @app.cli.command("court-exists")
    def court_exists_command():
        """Exit 0 when this database holds a court or staff users, 1 when it is empty (so
        scripts/start asks only once whether to load the demo court)."""
        with database.connection_context():
            exists = Court.saved() is not None or User.select().where(User.is_staff).exists()
        click.echo("sí" if exists else "no")
        raise SystemExit(0 if exists else 1)

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
    @click.password_option(
        prompt="Contraseña",
        confirmation_prompt="Repita la contraseña",
        envvar="STAFF_PASSWORD",
        help="Contraseña (o STAFF_PASSWORD; se pide dos veces si no se da)",
    )
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

    @app.cli.command("quiosco-crear")
    @click.argument("sede_code")
    @click.argument("name")
    def kiosk_create_command(sede_code, name):
        """Create a kiosk terminal for the sede with code SEDE_CODE and print its key, once."""
        with database.connection_context():
            sede = Sede.get_or_none(Sede.code == sede_code)
            if sede is None:
                codes = ", ".join(s.code for s in Sede.select().order_by(Sede.code))
                raise click.ClickException(
                    f"No hay una sede con el código «{sede_code}». Las sedes: {codes or 'ninguna'}."
                )
            if not name.strip():
                raise click.ClickException("Escriba un nombre para el terminal.")
            device, key = queue.create_kiosk(sede, name, actor=SYSTEM, now=utc_now())
        base = (app.config.get("PUBLIC_URL") or "http://127.0.0.1:8000").rstrip("/")
        click.echo(f"Terminal «{device.name}» de {sede.name} creado.")
        click.echo(f"Dirección del kiosco: {base}/kiosk/?sede={sede.code}")
        click.echo(
            f"Clave (se muestra solo esta vez; escríbala en la configuración del terminal): {key}"
        )

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


def report_config(text: str, filename: str, apply_it: bool) -> None:
    """Print the preview of a configuration file, or apply it; errors: ClickException."""
    try:
        if apply_it:
            done = config_import.apply(text, filename, actor=SYSTEM, now=utc_now())
        else:
            done = court_config.preview(text, utc_now())
    except config_import.NotApplied as refused:
        done = court_config.Preview(errors=refused.problems)
    if getattr(done, "errors", None):
        raise click.ClickException(
            f"El archivo tiene {len(done.errors)} errores; no se cambió nada:\n"
            + "\n".join(done.errors)
        )
    for line in done.changes:
        click.echo(f"- {line}")
    for line in done.notices:
        click.echo(f"Aviso: {line}")
    if not done.changes:
        click.echo("La configuración ya es la del archivo; no hay nada que cambiar.")
    elif apply_it:
        click.echo(f"Configuración importada: {len(done.changes)} cambios.")
    else:
        click.echo("Nada se cambió todavía: repita el comando con --apply para aplicarlo.")


def backup_summary(manifest: dict) -> str:
    files = manifest["files"]
    megabytes = (manifest["database"]["size"] + sum(f["size"] for f in files)) / 2**20
    return (
        f"base {manifest['engine']} en la migración {manifest['schema_migration']}, "
        f"{sum(manifest['tables'].values())} filas, {len(files)} archivos, {megabytes:.1f} MB"
    )
