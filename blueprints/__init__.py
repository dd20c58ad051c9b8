"""The only list of blueprints."""

from decimal import Decimal, InvalidOperation

from domain.fees import money
from domain.fees.schedule import NBSP
from domain.filings import file_size


def register_blueprints(app):
    from blueprints import (
        accounts,
        api,
        appointments,
        assistance,
        casilla,
        consultas,
        fees,
        filing_check,
        filings,
        public,
        queue,
        staff,
    )
    from domain.audit import AuditAction
    from domain.roles import Role
    from domain.states import (
        AppointmentStatus,
        AssistanceStatus,
        FilingStatus,
        IdentityStatus,
        RecoveryStatus,
        TicketStatus,
    )

    accounts.init_app(app)
    # Templates name closed sets by their enums, never by the strings they store.
    app.jinja_env.globals.update(
        Role=Role,
        AppointmentStatus=AppointmentStatus,
        IdentityStatus=IdentityStatus,
        RecoveryStatus=RecoveryStatus,
        AssistanceStatus=AssistanceStatus,
        FilingStatus=FilingStatus,
        TicketStatus=TicketStatus,
        AuditAction=AuditAction,
    )
    # One way to show soles: "S/" and the figure never split across lines.
    app.jinja_env.filters["money"] = shown_money
    app.jinja_env.filters["file_size"] = file_size
    for module in (
        public,
        appointments,
        accounts,
        assistance,
        casilla,
        staff,
        fees,
        filings,
        consultas,
        filing_check,
        queue,
        api,
    ):
        app.register_blueprint(module.bp)


def shown_money(amount) -> str:
    """The `money` filter: domain.fees.money for a number; the text of a file being previewed,
    which may not be one, is shown as it is after the same "S/"."""
    try:
        return money(Decimal(amount))
    except (InvalidOperation, TypeError, ValueError):
        return f"S/{NBSP}{amount}"
