"""Electronic filings: the filing, its files, its history, and the per-year number counter."""

import peewee as pw

from db import BaseModel
from domain.filings import tracking_number
from domain.states import FilingStatus
from models.accounts import User
from models.court import Court, Dependencia


class ReceptionHours(BaseModel):
    """When a dependencia receives filings (seed 003's «horario de atención para la recepción
    documental»); outside them a filing counts from the next opening."""

    dependencia = pw.ForeignKeyField(Dependencia, backref="reception_hours")
    weekday = pw.IntegerField()  # 0 = Monday
    opens = pw.TimeField()
    closes = pw.TimeField()

    @classmethod
    def of(cls, dependencia) -> dict:
        hours: dict = {}
        query = cls.select().where(cls.dependencia == dependencia).order_by(cls.opens)
        for row in query:
            hours.setdefault(row.weekday, []).append((row.opens, row.closes))
        return hours


class FilingCounter(BaseModel):
    """The last tracking number given per court and year. The filing takes its number by an
    UPDATE of this row inside its own transaction: concurrent filers queue on the row lock,
    and a filing that fails gives its number back with the rollback (no gaps)."""

    court = pw.ForeignKeyField(Court)
    year = pw.IntegerField()
    last = pw.IntegerField(default=0)

    class Meta:
        indexes = ((("court", "year"), True),)

    @classmethod
    def take_next(cls, court_id: int, year: int) -> int:
        """The next number; call inside the write transaction that stores the filing."""
        cls.insert(court=court_id, year=year, last=0).on_conflict_ignore().execute()
        query = (
            cls.update(last=cls.last + 1)
            .where((cls.court == court_id) & (cls.year == year))
            .returning(cls.last)
            .tuples()
        )
        return list(query.execute())[0][0]


class Filing(BaseModel):
    court = pw.ForeignKeyField(Court)
    year = pw.IntegerField()
    number = pw.IntegerField()
    verification_code = pw.CharField(unique=True)  # unguessable: the public check asks for it
    # One submission, one filing: the form's key survives a double tap, a reload, a retry.
    submission_key = pw.CharField(unique=True)
    filer = pw.ForeignKeyField(User, backref="filings")
    filer_kind = pw.CharField()
    company_ruc = pw.CharField(default="")
    company_name = pw.CharField(default="")
    contact_email = pw.CharField()
    contact_phone = pw.CharField(default="")
    dependencia = pw.ForeignKeyField(Dependencia)  # the one the filer chose: the constancia's
    # Where mesa de partes sent it on validation (DERIVADO); the chosen one stays as filed.
    derived_to = pw.ForeignKeyField(Dependencia, null=True, backref="derived_filings")
    document_type = pw.CharField()
    document_number = pw.CharField()
    case_number = pw.CharField(default="")
    subject = pw.TextField()
    folios = pw.IntegerField()
    status = pw.CharField(default=FilingStatus.PENDIENTE, index=True)
    submitted_at = pw.DateTimeField()  # UTC: when the filer sent it
    received_at = pw.DateTimeField(index=True)  # UTC: counts as received (business hours)
    observation = pw.TextField(default="")  # the clerk's last observation, shown to the filer
    fee_note = pw.TextField(default="")  # fees missing or observed (seed 004 art. 14.1.3)
    updated_at = pw.DateTimeField()

    class Meta:
        indexes = ((("court", "year", "number"), True), (("filer", "submitted_at"), False))

    @property
    def tracking_number(self) -> str:
        return tracking_number(self.year, self.number)

    @classmethod
    def of_filer(cls, user_id: int, filing_id: int) -> "Filing | None":
        """The filing if it is this person's; None for anyone else's (seen as unknown)."""
        return cls.get_or_none((cls.id == filing_id) & (cls.filer == user_id))

    def current_files(self) -> list["FilingFile"]:
        """The files that make the filing now, main document first (a file the filer
        replaced stays only for the history and the public check)."""
        order = {"principal": 0, "anexo": 1, "recibo": 2}
        rows = self.files.where(FilingFile.replaced_at.is_null())
        return sorted(rows, key=lambda f: (order.get(f.role, 3), f.position, f.id))

    @classmethod
    def by_tracking(cls, year: int, number: int) -> "Filing | None":
        return cls.get_or_none((cls.year == year) & (cls.number == number))


class FilingFile(BaseModel):
    """A file of a filing, written durably before the filing's row committed."""

    filing = pw.ForeignKeyField(Filing, backref="files", on_delete="CASCADE")
    role = pw.CharField()  # domain.filings.FileRole
    position = pw.IntegerField()  # 0 for the main document, 1.. for annexes and receipts
    original_name = pw.CharField()
    stored_name = pw.CharField()
    size = pw.IntegerField()
    pages = pw.IntegerField(null=True)
    sha256 = pw.CharField(max_length=64)
    replaced_at = pw.DateTimeField(null=True)  # a file the filer replaced while pending


class FilingEvent(BaseModel):
    """One step of a filing's history: who moved it, when, from which state to which."""

    filing = pw.ForeignKeyField(Filing, backref="events", on_delete="CASCADE")
    at = pw.DateTimeField()
    action = pw.CharField()
    from_status = pw.CharField(default="")
    to_status = pw.CharField()
    actor = pw.ForeignKeyField(User, null=True)
    actor_label = pw.CharField(default="")
    note = pw.TextField(default="")


class FilingDraft(BaseModel):
    """A filing being written: what each step kept and the files already received, so a failed
    step or a dropped connection loses nothing and no file is sent twice. Its key becomes the
    filing's submission key: confirming twice finds the filing the first confirm made."""

    key = pw.CharField(unique=True)
    filer = pw.ForeignKeyField(User, backref="filing_drafts")
    data = pw.TextField(default="{}")  # JSON: the fields typed so far
    created_at = pw.DateTimeField()
    updated_at = pw.DateTimeField(index=True)

    @classmethod
    def of_filer(cls, user_id: int, key: str) -> "FilingDraft | None":
        return cls.get_or_none((cls.key == key) & (cls.filer == user_id))


class DraftFile(BaseModel):
    draft = pw.ForeignKeyField(FilingDraft, backref="files", on_delete="CASCADE")
    role = pw.CharField()
    position = pw.IntegerField()
    original_name = pw.CharField()
    stored_name = pw.CharField()
    size = pw.IntegerField()
    pages = pw.IntegerField(null=True)
    sha256 = pw.CharField(max_length=64)
    received_at = pw.DateTimeField()

    class Meta:
        indexes = ((("draft", "role", "position"), True),)


class ResumableUpload(BaseModel):
    """A file arriving in pieces (the tus protocol) for a draft: its bytes so far are the
    partial file itself, so the offset a phone resumes from is whatever reached the disk."""

    key = pw.CharField(unique=True)  # in the upload's URL; unguessable
    draft = pw.ForeignKeyField(FilingDraft, backref="uploads", on_delete="CASCADE")
    role = pw.CharField()
    filename = pw.CharField()
    length = pw.BigIntegerField()
    created_at = pw.DateTimeField(index=True)
