"""The staff menu: every screen the home page may offer, and who sees it, in one table."""

from dataclasses import dataclass

from domain.roles import ADMIN, ASSIST, DESK, HEARINGS, NOTIFY, VERIFY, Role


@dataclass(frozen=True)
class MenuEntry:
    label: str
    endpoint: str
    roles: tuple[Role, ...]  # the same roles as the screen's @roles_required (a test checks)


MENU = (
    MenuEntry("Citas del día", "staff.desk.list_appointments", DESK),
    MenuEntry("Cola de atención (llamar turnos)", "staff.queue.console", DESK),
    MenuEntry("Cifras de la cola", "staff.queue.figures", DESK),
    MenuEntry("Agenda pública de audiencias", "staff.hearings.list_hearings", HEARINGS),
    MenuEntry(
        "Trámites recibidos (mesa de partes electrónica)", "staff.filings.list_filings", DESK
    ),
    MenuEntry("Personal y roles", "staff.admin.list_staff", ADMIN),
    MenuEntry("Registro de auditoría", "staff.admin.audit_log", ADMIN),
    MenuEntry("Política de contraseñas y cupos de citas", "staff.admin.change_policy", ADMIN),
    MenuEntry("Datos del tribunal", "staff.setup.court_profile", ADMIN),
    MenuEntry("Sedes", "staff.setup.list_sedes", ADMIN),
    MenuEntry("Trámites", "staff.setup.list_services", ADMIN),
    MenuEntry("Ventanillas", "staff.setup.list_windows", ADMIN),
    MenuEntry("Cola: quioscos, orden de llamada y letras", "staff.setup.queue_sedes", ADMIN),
    MenuEntry("Dependencias", "staff.setup.list_dependencias", ADMIN),
    MenuEntry("Correos no enviados", "staff.outbox.list_failed_mail", ADMIN),
    MenuEntry("Configuración de la corte como archivo", "staff.config_file.config_file", ADMIN),
    MenuEntry("Tablas de aranceles", "staff.fees.fee_years", ADMIN),
    MenuEntry("Cierres y feriados", "staff.sedes.list_closures", ADMIN),
    MenuEntry("Importar pagos del banco", "staff.receipts.import_bank_file", DESK),
    MenuEntry("Registrar un comprobante de pago", "staff.receipts.register_receipt", DESK),
    MenuEntry("Habilitación de comprobantes", "staff.receipts.habilitate_receipt", DESK),
    MenuEntry("Devolución de aranceles", "staff.receipts.refund_receipt", DESK),
    MenuEntry("Verificar identidades", "staff.verifications.list_pending", VERIFY),
    MenuEntry("Pedidos de asistencia", "staff.assistance.list_tickets", ASSIST),
    MenuEntry("Notificaciones electrónicas", "staff.notifications.list_notifications", NOTIFY),
    MenuEntry("Plazo de notificación tácita", "staff.notifications.deemed_rule", ADMIN),
    MenuEntry("Informes", "staff.reports.list_reports", DESK),
)


def entries_for(user) -> list[MenuEntry]:
    """The screens this person's roles open, in menu order."""
    return [entry for entry in MENU if user.has_role(*entry.roles)]
