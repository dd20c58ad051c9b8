"""Consultas externas: what anyone looks up without signing in (the sedes, the hearings
schedule), and the one rate limit those pages share per client address."""

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from flask import current_app

from domain import clock
from domain.hearings import HearingKind
from domain.ics import PublicEvent, schedule_ics
from domain.sede_hours import OpenState, map_uri, open_state, upcoming, week_hours
from models import Closure, Court, Dependencia, Hearing, OpeningHours, Sede, Service
from services import limits

PER_MINUTE = 60  # pages a minute per address: a person reads a few; a scraper needs hundreds
CLOSURE_DAYS = 90  # how far ahead the sedes page lists holidays and closures
CLOSURES_SHOWN = 5
FEED_PAST_DAYS = 7  # a court's calendar feed: last week's hearings and the next months'
FEED_DAYS = 120


def count(address: str, now: datetime) -> None:
    """Count one public query from `address`; limits.TooMany past the minute's budget
    (FLASK_PUBLIC_QUERIES_PER_MINUTE; a load test raises it)."""
    limit = int(current_app.config.get("PUBLIC_QUERIES_PER_MINUTE", PER_MINUTE))
    limits.check(f"consulta-ip:{address}", limit, 60, limits.timestamp_of(now))


# --- sedes ------------------------------------------------------------------------------


@dataclass(frozen=True)
class SedeCard:
    sede: Sede
    state: OpenState
    hours: list[tuple[str, str]]
    services: list[Service]
    closures: list[tuple[date, str]]
    address: str
    map_link: str


def sede_cards(now: datetime) -> tuple[list[SedeCard], datetime]:
    """Every open sede as the public page shows it at `now` (UTC), and the court's wall
    clock then. Three queries whatever the number of sedes (the rest is kept per worker)."""
    local = Court.current().local_time(now)
    today = local.date()
    sedes = Sede.open_ones()
    opening: dict = {sede.id: {} for sede in sedes}
    for row in OpeningHours.select().order_by(OpeningHours.opens):
        opening.get(row.sede_id, {}).setdefault(row.weekday, []).append((row.opens, row.closes))
    court_wide: dict = {}
    own: dict = {sede.id: {} for sede in sedes}
    closures = Closure.select().where(
        Closure.day.between(today, today + timedelta(days=CLOSURE_DAYS))
    )
    for row in closures.order_by(Closure.day):
        target = court_wide if row.sede_id is None else own.get(row.sede_id, {})
        target.setdefault(row.day, row.reason)
    cards = []
    for sede in sedes:
        days = court_wide | own[sede.id]
        address = f"{sede.address}, {sede.district}, {sede.city}"
        cards.append(
            SedeCard(
                sede=sede,
                state=open_state(opening[sede.id], days, local),
                hours=week_hours(opening[sede.id]),
                services=Service.offered_at(sede),
                closures=upcoming(days, today, CLOSURES_SHOWN),
                address=address,
                map_link=map_uri(sede.latitude, sede.longitude, sede.name, address),
            )
        )
    return cards, local


# --- hearings ---------------------------------------------------------------------------


def court_today(now: datetime) -> date:
    return Court.current().local_time(now).date()


def hearings_on(day: date, sede_id: int | None, dependencia_id: int | None) -> list[Hearing]:
    """One day's published hearings, optionally of one sede or one court (dependencia)."""
    return list(Hearing.listed(day, day, sede_id=sede_id, dependencia_id=dependencia_id))


def dependencias() -> list[Dependencia]:
    return Dependencia.by_name()


def hearing_place(hearing: Hearing) -> str:
    """Where it happens, as the list and the calendar say it."""
    if hearing.room and hearing.virtual_url:
        return f"{hearing.room} y sala virtual"
    return hearing.room or ("Sala virtual" if hearing.virtual_url else "Por confirmar")


def court_feed(dependencia: Dependencia, now: datetime) -> bytes:
    """The calendar of one court's hearings (.ics) for a calendar app to subscribe to."""
    court = Court.current()
    today = court.local_time(now).date()
    first, last = today - timedelta(days=FEED_PAST_DAYS), today + timedelta(days=FEED_DAYS)
    fingerprint = (
        first,
        dependencia.name,
        court.timezone,
        Hearing.fingerprint(dependencia.id, first, last),
    )
    # Each court's last calendar, kept by this worker's app with the fingerprint of what it
    # was built from: calendar apps poll the feed over and over, and writing iCalendar text is
    # most of its cost.
    feeds = current_app.extensions.setdefault("hearing_feeds", {})
    kept = feeds.get(dependencia.id)
    if kept is not None and kept[0] == fingerprint:
        return kept[1]
    body = _build_feed(dependencia, court, first, last)
    feeds[dependencia.id] = (fingerprint, body)
    return body


def _build_feed(dependencia: Dependencia, court: Court, first: date, last: date) -> bytes:
    events = []
    for hearing in Hearing.listed(first, last, dependencia_id=dependencia.id):
        starts = clock.to_utc(court.timezone, hearing.day, hearing.starts)
        events.append(
            PublicEvent(
                uid=f"audiencia-{hearing.id}",
                sequence=hearing.version,
                starts_utc=starts,
                ends_utc=starts + timedelta(minutes=hearing.minutes),
                stamped_utc=hearing.updated_at.replace(tzinfo=UTC),
                summary=f"{HearingKind.label_of(hearing.kind)} · Exp. {hearing.case_number}",
                location=hearing_place(hearing),
                description=f"{dependencia.name}\nExpediente {hearing.case_number}",
                url=hearing.virtual_url,
            )
        )
    return schedule_ics(f"Audiencias: {dependencia.name}", events)
