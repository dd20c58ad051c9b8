"""Peewee models by capability; `ALL_MODELS` is in creation order."""

from models.accounts import (
    IdentityVerification,
    OneTimeCode,
    RecoveryRequest,
    User,
    UserSession,
)
from models.appointments import Appointment, Slot
from models.assistance import AssistanceAnswer, AssistanceTicket
from models.casilla import Notification, NotificationAnnex, NotificationDelivery
from models.court import (
    Closure,
    Court,
    Dependencia,
    OpeningHours,
    Sede,
    Service,
    Window,
    WindowService,
)
from models.fees import BankPayment, FeeYear, ReceiptHabilitation, ReceiptUse
from models.hearings import Hearing
from models.outbox import FailedMail
from models.security import AuditEvent, RateCounter, Setting, UsedToken

ALL_MODELS = [
    Court,
    Sede,
    Service,
    OpeningHours,
    Closure,
    Dependencia,
    Window,
    WindowService,
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
    AssistanceTicket,
    AssistanceAnswer,
    Notification,
    NotificationAnnex,
    NotificationDelivery,
    Hearing,
]

__all__ = [
    "ALL_MODELS",
    "Appointment",
    "AssistanceAnswer",
    "AssistanceTicket",
    "AuditEvent",
    "BankPayment",
    "FailedMail",
    "FeeYear",
    "Hearing",
    "ReceiptHabilitation",
    "ReceiptUse",
    "IdentityVerification",
    "Notification",
    "NotificationAnnex",
    "NotificationDelivery",
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
    "Window",
    "WindowService",
]
