"""E-mail that could not be sent after all its tries: kept, shown to administrators, retried."""

import json

import peewee as pw

from db import BaseModel


class FailedMail(BaseModel):
    created_at = pw.DateTimeField(index=True)  # UTC, when its last try failed
    to = pw.CharField()
    subject = pw.CharField()
    body = pw.TextField()
    attachments = pw.TextField(default="[]")  # JSON: [[builder, argument], ...] (see notify)
    last_error = pw.TextField(default="")
    attempts = pw.IntegerField(default=0)

    @classmethod
    def keep(cls, mail: dict, error: str, attempts: int, now) -> "FailedMail":
        return cls.create(
            created_at=now,
            to=mail["to"],
            subject=mail["subject"][:255],
            body=mail["body"],
            attachments=json.dumps(mail.get("files", [])),
            last_error=error[:2000],
            attempts=attempts,
        )

    def as_mail(self) -> dict:
        """The message as notify enqueues it, counting the tries it already had."""
        return {
            "to": self.to,
            "subject": self.subject,
            "body": self.body,
            "files": json.loads(self.attachments),
            "attempts_before": self.attempts,
        }

    @classmethod
    def newest_first(cls):
        return cls.select().order_by(cls.created_at.desc(), cls.id.desc())
