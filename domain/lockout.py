"""How failed logins slow down and then lock an account (for strangers: a device that signed
in to it before counts its own), over a sliding window. No Flask, no database."""

from datetime import datetime, timedelta

WINDOW_SECONDS = 15 * 60  # failures count for 15 minutes (a sliding window)
FREE_FAILURES = 3  # typos cost nothing
LOCK_AFTER = 10  # failures in the window that lock the account
LOCK_MINUTES = 15
PER_ADDRESS_FAILURES = 50  # failures per IP address and window, across all accounts


def next_attempt_after(failures: int, now: datetime) -> datetime | None:
    """When the account may try again after its `failures`-th failure in the window, which
    happened at `now` (None: at once)."""
    if failures >= LOCK_AFTER:
        return now + timedelta(minutes=LOCK_MINUTES)
    if failures >= FREE_FAILURES:
        return now + timedelta(seconds=min(60, 2 ** (failures - FREE_FAILURES)))
    return None


def is_lock(failures: int) -> bool:
    """The failure that locks the account (the owner gets an e-mail about it)."""
    return failures == LOCK_AFTER


def wait_message(until: datetime, now: datetime) -> str:
    seconds = max(1, int((until - now).total_seconds()))
    if seconds < 90:
        return f"Por seguridad, espere {seconds} segundos antes de volver a intentarlo."
    # The same words whether or not the account exists: they must not tell which do.
    return (
        f"Por seguridad, la cuenta quedó bloqueada por {round(seconds / 60)} minutos tras "
        "varios intentos fallidos. Si es su cuenta, puede ingresar desde un dispositivo donde "
        "ya ingresó antes o recuperar su contraseña."
    )
