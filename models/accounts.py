"""People who sign in. For now, staff; citizens' accounts will join this table."""

import peewee as pw
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask_login import UserMixin

from db import BaseModel

# OWASP's first argon2id option: 19 MiB, 2 iterations, 1 lane (about 20 ms here).
HASHER = PasswordHasher(memory_cost=19456, time_cost=2, parallelism=1)

ROLES = {
    "administrador": "Administrador",
    "mesa_de_partes": "Mesa de partes",
    "verificador": "Verificador",
    "notificador": "Notificador",
}


class User(UserMixin, BaseModel):
    email = pw.CharField(unique=True)
    full_name = pw.CharField()
    password_hash = pw.CharField()
    roles = pw.CharField(default="")  # space-separated keys of ROLES
    active = pw.BooleanField(default=True)
    created_at = pw.DateTimeField()  # UTC

    @property
    def is_active(self) -> bool:
        return self.active

    @property
    def role_set(self) -> set[str]:
        return set(self.roles.split())

    def has_role(self, *roles: str) -> bool:
        return bool(self.role_set & set(roles))

    def set_password(self, password: str) -> None:
        self.password_hash = HASHER.hash(password)

    def check_password(self, password: str) -> bool:
        try:
            return HASHER.verify(self.password_hash, password)
        except (VerificationError, InvalidHashError):
            return False

    @classmethod
    def by_email(cls, email: str):
        return cls.get_or_none(cls.email == (email or "").strip().lower())
