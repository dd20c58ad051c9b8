"""The desk publishes the courts' hearings schedule: publish, change, withdraw, each audited."""

from dataclasses import dataclass
from datetime import date, datetime, time

import peewee as pw

from db import write_transaction
from domain.case_numbers import normalize_case_number
from domain.hearings import HearingKind, check_virtual_link
from models import Court, Hearing
from services import audit
from services.actor import Actor


@dataclass(frozen=True)
class HearingDraft:
    """What the clerk typed, already read by the form."""

    dependencia_id: int
    day: date
    starts: time
    minutes: int
    case_number: str
    kind: str
    room: str
    virtual_url: str


def _values(draft: HearingDraft, now: datetime) -> dict:
    """The columns to store: the case number and link in the form the domain publishes."""
    today = Court.current().local_time(now).date()
    return {
        "dependencia": draft.dependencia_id,
        "day": draft.day,
        "starts": draft.starts,
        "minutes": draft.minutes,
        "case_number": normalize_case_number(draft.case_number, today),
        "kind": HearingKind(draft.kind).value,
        "room": " ".join(draft.room.split())[:120],
        "virtual_url": check_virtual_link(draft.virtual_url),
    }


def _detail(hearing: Hearing) -> str:
    return (
        f"{hearing.dependencia.code} · {hearing.day:%d/%m/%Y} {hearing.starts:%H:%M} · "
        f"{HearingKind.label_of(hearing.kind)}"
    )


def publish(draft: HearingDraft, *, request_key: str, actor: Actor, now: datetime) -> Hearing:
    """Put one hearing on the public schedule. The form's one-time `request_key` makes a
    second tap find the hearing the first one published instead of publishing it twice."""
    earlier = Hearing.get_or_none(Hearing.request_key == request_key) if request_key else None
    if earlier is not None:
        return earlier
    values = _values(draft, now)
    try:
        with write_transaction():
            hearing = Hearing.create(
                **values,
                created_at=now,
                updated_at=now,
                created_by=actor.user,
                request_key=request_key or None,
            )
            audit.log(
                actor,
                "audiencia_publicada",
                now,
                subject=hearing.case_number,
                detail=_detail(hearing),
            )
    except pw.IntegrityError:  # the same key, a moment ago, from a simultaneous tap
        return Hearing.get(Hearing.request_key == request_key)
    return hearing


def change(hearing: Hearing, draft: HearingDraft, *, actor: Actor, now: datetime) -> Hearing:
    """Change a published hearing; subscribed calendars see a higher SEQUENCE and update it."""
    values = _values(draft, now)
    with write_transaction():
        Hearing.update(**values, updated_at=now, version=Hearing.version + 1).where(
            Hearing.id == hearing.id
        ).execute()
        hearing = Hearing.get_by_id(hearing.id)
        audit.log(
            actor, "audiencia_modificada", now, subject=hearing.case_number, detail=_detail(hearing)
        )
    return hearing


def withdraw(hearing: Hearing, *, actor: Actor, now: datetime) -> bool:
    """Take a hearing off the public schedule; False when it was gone already (a second tap)."""
    with write_transaction():
        gone = Hearing.delete().where(Hearing.id == hearing.id).execute()
        if gone:
            audit.log(
                actor,
                "audiencia_retirada",
                now,
                subject=hearing.case_number,
                detail=_detail(hearing),
            )
    return bool(gone)
