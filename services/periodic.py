"""The worker's clock-driven jobs (huey crontabs match UTC; the court's hours are checked here).

No cron line is needed: the worker's scheduler enqueues these.
"""

import logging

from huey import crontab

from models import Court
from services import casilla, cleanup, filing_drafts, jobs, resumable, tickets
from services.clock import utc_now

log = logging.getLogger("ventanilla.jobs")

REMINDER_HOUR = 18  # the court's wall clock: from then on, tomorrow's appointments are reminded


@jobs.periodic_task(crontab(minute="0"))
def remind_tomorrow() -> int:
    """Every hour from REMINDER_HOUR court time to midnight: remind the appointments of
    tomorrow not reminded yet (a booking made in the evening, a worker that was down at six)."""
    now = utc_now()
    if Court.current().local_time(now).hour < REMINDER_HOUR:
        return 0
    sent = tickets.send_reminders(now)
    log.info("Recordatorios enviados: %d", sent)
    return sent


@jobs.periodic_task(crontab(minute="30", hour="8"))  # 03:30 in Lima: nobody is booking
def clean_up() -> dict:
    now = utc_now()
    removed = cleanup.purge_expired(now)
    removed |= filing_drafts.purge(now)  # abandoned drafts and files nothing names
    removed["transfers"] = resumable.purge(now)
    log.info("Limpieza: %s", removed)
    return removed


@jobs.periodic_task(crontab(minute="*/5"))
def alert_casilla() -> int:
    """E-mail the addressees of notifications scheduled for later once they are available
    (whether they are readable is decided on each read: available_at <= now)."""
    sent = casilla.alert_due(utc_now())
    if sent:
        log.info("Avisos de casilla enviados: %d", sent)
    return sent
