"""How many appointments one client may book: per address, session, e-mail and document.

A person books one or two appointments, a family a few; a bot books a sede out (issue #12:
207 in 29 s from one session). Each quota counts bookings in a fixed window (an hour, a day)
and administrators tune the numbers (services/quotas.py keeps them in Setting). No Flask.
"""

from dataclasses import dataclass

HOUR, DAY = 3600, 86400
LOWEST, HIGHEST = 1, 1000  # what an administrator may set


@dataclass(frozen=True)
class Quota:
    name: str  # the Setting key and the form field
    subject: str  # what is counted: address, session, email or document
    seconds: int
    default: int
    label: str  # on the administrator's screen


QUOTAS = (
    # A court's kiosk or a shared connection (mobile carriers, offices) books for many people.
    Quota("quota_address_hour", "address", HOUR, 20, "Por conexión (dirección IP), por hora"),
    Quota("quota_address_day", "address", DAY, 60, "Por conexión (dirección IP), por día"),
    Quota("quota_session_hour", "session", HOUR, 4, "Por navegador, por hora"),
    Quota("quota_session_day", "session", DAY, 8, "Por navegador, por día"),
    # One family often shares one e-mail address: every ticket goes there.
    Quota("quota_email_hour", "email", HOUR, 4, "Por correo electrónico, por hora"),
    Quota("quota_email_day", "email", DAY, 8, "Por correo electrónico, por día"),
    Quota("quota_document_hour", "document", HOUR, 2, "Por documento de identidad, por hora"),
    Quota("quota_document_day", "document", DAY, 3, "Por documento de identidad, por día"),
)
BY_NAME = {quota.name: quota for quota in QUOTAS}
# A reschedule mails a new ticket to the same address for the same document, so a bot could
# mail one address again and again by moving one appointment: it counts against these two.
RESCHEDULE_SUBJECTS = ("email", "document")

# What a refused person reads, by what was counted; then when they may book again.
REASONS = {
    "address": "Desde esta conexión ya se reservaron muchas citas.",
    "session": "Desde este navegador ya se reservaron {appointments}.",
    "email": "Ya enviamos {tickets} a este correo.",
    "document": "Con este documento ya se reservaron {appointments}.",
}
# The form field an early refusal is shown next to (None: the form as a whole).
FIELDS = {"address": None, "session": None, "email": "email", "document": "doc_number"}


class TooManyBookings(Exception):
    """A quota is used up; the message says why and when the person may book again."""

    def __init__(self, message: str, subject: str):
        super().__init__(message)
        self.field = FIELDS[subject]


def refusal(quota: Quota, limit: int, again_at: str) -> TooManyBookings:
    """The refusal for `quota` (whose limit is `limit`); `again_at` is the court's time the
    window ends, written for people ("las 15:00", "mañana a las 00:00")."""
    reason = REASONS[quota.subject].format(
        appointments="1 cita" if limit == 1 else f"{limit} citas",
        tickets="1 ticket" if limit == 1 else f"{limit} tickets",
    )
    return TooManyBookings(
        f"{reason} Podrá reservar otra cita desde {again_at}. Si necesita más citas, "
        "acérquese a la mesa de partes de la sede.",
        quota.subject,
    )
