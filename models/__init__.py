"""Peewee models by capability; `ALL_MODELS` is in creation order."""

from models.accounts import (
    IdentityVerification,
    OneTimeCode,
    RecoveryRequest,
    User,
    UserSession,
)
from models.appointments import Appointment, Slot
from models.court import Closure, Court, Dependencia, OpeningHours, Sede, Service
from models.fees import BankPayment, FeeYear, ReceiptHabilitation, ReceiptUse
from models.filings import (
    DraftFile,
    Filing,
    FilingCounter,
    FilingDraft,
    FilingEvent,
    FilingFile,
    ReceptionHours,
)
from models.outbox import FailedMail
from models.security import AuditEvent, RateCounter, Setting, UsedToken

ALL_MODELS = [
    Court,
    Sede,
    Service,
    OpeningHours,
    Closure,
    Dependencia,
    Slot,
    Appointment,
    User,
    UserSession,
    AuditEvent,
    RateCounter,
    UsedToken,
    OneTimeCode,
    IdentityVerification,
    Setting,
    FeeYear,
    BankPayment,
    ReceiptUse,
    ReceiptHabilitation,
    FailedMail,
    RecoveryRequest,
    ReceptionHours,
    FilingCounter,
    Filing,
    FilingFile,
    FilingEvent,
    FilingDraft,
    DraftFile,
]

__all__ = [
    "ALL_MODELS",
    "Appointment",
    "AuditEvent",
    "BankPayment",
    "FailedMail",
    "FeeYear",
    "DraftFile",
    "Filing",
    "FilingDraft",
    "FilingCounter",
    "FilingEvent",
    "FilingFile",
    "ReceptionHours",
    "ReceiptHabilitation",
    "ReceiptUse",
    "IdentityVerification",
    "OneTimeCode",
    "RateCounter",
    "RecoveryRequest",
    "Setting",
    "UsedToken",
    "UserSession",
    "Closure",
    "Court",
    "Dependencia",
    "OpeningHours",
    "Sede",
    "Service",
    "Slot",
    "User",
]
