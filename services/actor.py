"""Who does a use case, as the audit log records it."""

from dataclasses import dataclass

from models import User


@dataclass(frozen=True)
class Actor:
    """The signed-in user (None for an anonymous citizen, the CLI or a background job) and the
    client's address (empty outside a request)."""

    user: User | None = None
    address: str = ""

    @property
    def label(self) -> str:
        return self.user.email if self.user else ""

    def acting_as(self, user: User | None) -> "Actor":
        """The same client acting as `user`, the account a sign-in, a recovery or a
        registration is about; this actor when there is no such account."""
        return Actor(user, self.address) if user else self


SYSTEM = Actor()  # the CLI and background jobs
