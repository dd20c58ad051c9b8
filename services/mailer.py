"""Outgoing e-mail: SMTP when MAIL_SERVER is set, else a file in the outbox and a log line.

Only the deliver job (services/notify.py) calls `send`: pages and use cases call `notify`,
which queues the message, so nobody waits for the mail server and a failure is retried.
"""

import logging
import os
import secrets
import smtplib
from email.message import EmailMessage

from flask import current_app

from services.clock import utc_now

log = logging.getLogger("ventanilla.mail")


def send(to: str, subject: str, text: str, attachments=()) -> None:
    """Send one message now; raises OSError or smtplib.SMTPException when it cannot."""
    config = current_app.config
    message = EmailMessage()
    message["From"] = config["MAIL_SENDER"]
    message["To"] = to
    message["Subject"] = subject
    message.set_content(text)
    for filename, data, mimetype in attachments:
        maintype, subtype = mimetype.split("/")
        message.add_attachment(data, maintype=maintype, subtype=subtype, filename=filename)
    if config["MAIL_SERVER"]:
        _smtp(config, message)
    else:
        path = _outbox(config["OUTBOX_FOLDER"], message)
        log.info("Correo para %s (%s) guardado en %s", to, subject, path)


def _smtp(config, message: EmailMessage) -> None:
    with smtplib.SMTP(config["MAIL_SERVER"], config["MAIL_PORT"], timeout=10) as smtp:
        if config["MAIL_USE_TLS"]:
            smtp.starttls()
        if config["MAIL_USERNAME"]:
            smtp.login(config["MAIL_USERNAME"], config["MAIL_PASSWORD"])
        smtp.send_message(message)


def _outbox(folder: str, message: EmailMessage) -> str:
    os.makedirs(folder, exist_ok=True)
    name = f"{utc_now():%Y%m%dT%H%M%S%f}-{secrets.token_hex(4)}.eml"  # sorts by time
    path = os.path.join(folder, name)
    with open(path, "wb") as fh:
        fh.write(message.as_bytes())
    return path
