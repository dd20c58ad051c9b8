"""Peewee models by capability; `ALL_MODELS` is in creation order."""

from models.accounts import User
from models.appointments import Appointment, Slot
from models.court import Closure, Court, Dependencia, OpeningHours, Sede, Service

ALL_MODELS = [Court, Sede, Service, OpeningHours, Closure, Dependencia, Slot, Appointment, User]

__all__ = [
    "ALL_MODELS",
    "Appointment",
    "Closure",
    "Court",
    "Dependencia",
    "OpeningHours",
    "Sede",
    "Service",
    "Slot",
    "User",
]
