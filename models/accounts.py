"""People who sign in: citizens and lawyers, and staff with roles; their identity checks."""

import hashlib
import secrets
from datetime import timedelta

import peewee as pw
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask_login import UserMixin

from db import BaseModel
from domain.states import IdentityStatus, RecoveryStatus

# OWASP's first argon2id option: 19 MiB, 2 iterations, 1 lane (about 20 ms here).
HASHER = PasswordHasher(memory_cost=19456, time_cost=2, parallelism=1)


class User(UserMixin, BaseModel):
    email = pw.CharField(unique=True)
    full_name = pw.CharField()
    password_hash = pw.CharField()
    roles = pw.CharField(default="")  # space-separated values of domain.roles.Role
    active = pw.BooleanField(default=True)
    created_at = pw.DateTimeField()  # UTC
    is_staff = pw.BooleanField(default=False)
    doc_type = pw.CharField(null=True)
    doc_number = pw.CharField(null=True)
    birth_date = pw.DateField(null=True)
    names = pw.CharField(default="")
    surnames = pw.CharField(default="")
    phone = pw.CharField(default="")
    address = pw.CharField(default="")
    casillero = pw.CharField(null=True, unique=True)  # assigned when the e-mail is confirmed
    email_confirmed_at = pw.DateTimeField(null=True)
    pending_email = pw.CharField(null=True)  # a new address waiting for its confirmation
    identity_status = pw.CharField(default=IdentityStatus.SIN_VERIFICAR)
    identity_reason = pw.TextField(default="")
    last_login_at = pw.DateTimeField(null=True)
    company_ruc = pw.CharField(null=True)  # acting for a legal person
    company_name = pw.CharField(default="")
    privacy_accepted_at = pw.DateTimeField(null=True)
    # Issued, unopened notifications (also those scheduled for later): kept on the row every
    # page loads anyway, so a person without any costs no query for the unread badge.
    casilla_unread = pw.IntegerField(default=0)

    class Meta:
        indexes = ((("doc_type", "doc_number"), True),)

    @property
    def is_active(self) -> bool:
        return self.active

    session_token = None  # the sign-in this request belongs to (see UserSession)

    def get_id(self) -> str:
        """What Flask-Login keeps in the cookie: the user and one revocable sign-in."""
        return f"{self.id}:{self.session_token}"

    @property
    def role_set(self) -> set[str]:
        return set(self.roles.split())

    def has_role(self, *roles: str) -> bool:
        return self.is_staff and bool(self.role_set & set(roles))

    @property
    def email_confirmed(self) -> bool:
        return self.email_confirmed_at is not None

    @property
    def identity_label(self) -> str:
        return IdentityStatus.label_of(self.identity_status)

    def set_password(self, password: str) -> None:
        self.password_hash = HASHER.hash(password)

    def check_password(self, password: str) -> bool:
        try:
            return HASHER.verify(self.password_hash, password)
        except (VerificationError, InvalidHashError):
            return False

    @classmethod
    def _find(cls, *conditions, columns=()):
        """The account matching, or None. Not get_or_none: on a miss peewee builds the query's
        SQL again for its DoesNotExist message, so an unknown e-mail or document answered
        measurably slower than a known one (bench/mail_timing.py) and told who has an account.
        `columns`: only these (a hit then costs as little as a miss to build)."""
        return cls.select(*columns).where(*conditions).first()

    @classmethod
    def by_email(cls, email: str):
        return cls._find(cls.email == (email or "").strip().lower())

    @classmethod
    def by_document(cls, doc_type: str, doc_number: str):
        return cls._find(cls.doc_type == doc_type, cls.doc_number == doc_number)

    @staticmethod
    def login_key(identifier: str) -> str:
        """What a person types to sign in, as stored: an e-mail in lower case, or a document
        number without spaces, dots or dashes."""
        text = (identifier or "").strip()
        if "@" in text:
            return text.lower()
        return text.replace(" ", "").replace(".", "").replace("-", "").upper()

    @classmethod
    def by_login(cls, identifier: str, columns=()):
        """The account an e-mail or a document number names (any document type)."""
        key = cls.login_key(identifier)
        if "@" in key:
            return cls._find(cls.email == key, columns=columns)
        return cls._find(cls.doc_number == key, columns=columns) if key else None

    @classmethod
    def all_by_login(cls, identifier: str) -> list:
        """Every account an e-mail or a document number names: one number can be on two
        kinds of document (a passport with the digits of someone's DNI), each an account."""
        key = cls.login_key(identifier)
        if "@" in key:
            return list(cls.select().where(cls.email == key).limit(1))
        if not key:
            return []
        return list(cls.select().where(cls.doc_number == key).order_by(cls.id))

    def end_all_sessions(self, now, keep: str | None = None) -> int:
        """Revoke every sign-in of this user (except `keep`): copied cookies stop working."""
        query = UserSession.update(revoked_at=now).where(
            (UserSession.user == self.id) & UserSession.revoked_at.is_null()
        )
        if keep:
            query = query.where(UserSession.token_hash != token_hash(keep))
        return query.execute()


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class UserSession(BaseModel):
    """One sign-in on one device. The cookie holds its token; the table can revoke it."""

    IDLE = timedelta(minutes=30)  # without "remember me"
    ABSOLUTE = timedelta(hours=12)
    REMEMBERED = timedelta(days=30)

    user = pw.ForeignKeyField(User, backref="sessions")
    token_hash = pw.CharField(unique=True)
    created_at = pw.DateTimeField()  # UTC
    last_seen_at = pw.DateTimeField()
    remember = pw.BooleanField(default=False)
    revoked_at = pw.DateTimeField(null=True)
    ip = pw.CharField(default="")

    @classmethod
    def start(cls, user, remember: bool, now, ip: str) -> str:
        token = secrets.token_urlsafe(32)
        cls.create(
            user=user,
            token_hash=token_hash(token),
            created_at=now,
            last_seen_at=now,
            remember=remember,
            ip=ip,
        )
        user.session_token = token
        return token

    @classmethod
    def resume(cls, session_id: str, now):
        """The user of a live sign-in, or None (unknown, revoked, idle or too old)."""
        user_id, _, token = (session_id or "").partition(":")
        if not user_id.isdigit() or not token:
            return None
        sign_in = (
            cls.select(cls, User)
            .join(User)
            .where(cls.token_hash == token_hash(token), User.id == int(user_id))
            .first()
        )
        if sign_in is None or sign_in.revoked_at or not sign_in.user.active:
            return None
        too_old = cls.REMEMBERED if sign_in.remember else cls.ABSOLUTE
        if now - sign_in.created_at > too_old:
            return None
        if not sign_in.remember and now - sign_in.last_seen_at > cls.IDLE:
            return None
        if now - sign_in.last_seen_at > timedelta(minutes=1):  # one write a minute at most
            cls.update(last_seen_at=now).where(cls.id == sign_in.id).execute()
        sign_in.user.session_token = token
        return sign_in.user

    @classmethod
    def revoke(cls, token: str | None, now) -> None:
        if token:
            cls.update(revoked_at=now).where(cls.token_hash == token_hash(token)).execute()

    @classmethod
    def purge(cls, now) -> int:
        """Delete sign-ins that ended (signed out, revoked, idle or too old): resume() refuses
        every one of them."""
        ended = (
            cls.revoked_at.is_null(False)
            | (cls.remember & (cls.created_at < now - cls.REMEMBERED))
            | (~cls.remember & (cls.created_at < now - cls.ABSOLUTE))
            | (~cls.remember & (cls.last_seen_at < now - cls.IDLE))
        )
        return cls.delete().where(ended).execute()


class OneTimeCode(BaseModel):
    """A code e-mailed for password recovery; only its hash is stored."""

    user = pw.ForeignKeyField(User, backref="codes")
    purpose = pw.CharField()
    code_hash = pw.CharField()
    created_at = pw.DateTimeField()
    expires_at = pw.DateTimeField()
    attempts = pw.IntegerField(default=0)
    used_at = pw.DateTimeField(null=True)

    @classmethod
    def purge(cls, now) -> int:
        """Delete codes that expired or were used: none of them can be typed any more."""
        return cls.delete().where((cls.expires_at <= now) | cls.used_at.is_null(False)).execute()


class IdentityVerification(BaseModel):
    """A photo of the identity document and a short video, for a verifier to judge."""

    user = pw.ForeignKeyField(User, backref="verifications")
    submitted_at = pw.DateTimeField()
    document_file = pw.CharField()  # random names under UPLOAD_FOLDER/identity
    document_mime = pw.CharField()
    video_file = pw.CharField()
    video_mime = pw.CharField()
    status = pw.CharField(default=IdentityStatus.PENDIENTE)
    reviewer = pw.ForeignKeyField(User, null=True, backref="reviews")
    reviewed_at = pw.DateTimeField(null=True)
    reason = pw.TextField(default="")

    class Meta:
        indexes = ((("submitted_at", "status", "reviewed_at"), False), (("status",), False))


class RecoveryRequest(BaseModel):
    """Someone who lost their e-mail asks, with the account's personal data, to move it to a
    new address (seed 003, b). It changes nothing until a verifier approves a fresh identity
    verification and the new address sets the password; the old address can stop it."""

    user = pw.ForeignKeyField(User, backref="recoveries")
    new_email = pw.CharField()
    status = pw.CharField(default=RecoveryStatus.ESPERANDO_IDENTIDAD)
    created_at = pw.DateTimeField()  # UTC
    verification = pw.ForeignKeyField(IdentityVerification, null=True, unique=True)
    decided_at = pw.DateTimeField(null=True)  # approved, rejected, stopped, completed
    ip = pw.CharField(default="")  # where it was asked from, for the owner and the verifier

    @property
    def status_label(self) -> str:
        return RecoveryStatus.label_of(self.status)
