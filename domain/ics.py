"""The appointment as an iCalendar (.ics) event. No Flask, no database.

Every version of one appointment (booked, moved, cancelled) shares one UID and raises the
SEQUENCE, so a calendar that imported the first file updates or removes that same event.
"""

from dataclasses import dataclass
from datetime import datetime

from icalendar import Calendar, Event


def appointment_ics(
    *,
    uid: str,
    starts_utc: datetime,
    ends_utc: datetime,
    stamped_utc: datetime,
    summary: str,
    location: str,
    description: str,
    organizer: str,
    sequence: int = 0,
    cancelled: bool = False,
) -> bytes:
    """A one-event calendar; times are UTC instants, so every calendar app shows them right.
    `cancelled` makes it the iTIP cancellation of the event `uid` (RFC 5546)."""
    calendar = Calendar()
    calendar.add("prodid", "-//Ventanilla//Citas de mesa de partes//ES")
    calendar.add("version", "2.0")
    calendar.add("method", "CANCEL" if cancelled else "PUBLISH")
    event = Event()
    event.add("uid", f"{uid}@ventanilla")
    event.add("sequence", sequence)
    event.add("dtstamp", stamped_utc)
    event.add("dtstart", starts_utc)
    event.add("dtend", ends_utc)
    event.add("summary", summary)
    event.add("location", location)
    event.add("description", description)
    event.add("organizer", f"mailto:{organizer}")  # RFC 5546 asks for it in both methods
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    calendar.add_component(event)
    return calendar.to_ical()


@dataclass(frozen=True)
class PublicEvent:
    """One event of a published schedule (a hearing): no attendee, no organizer's mailbox."""

    uid: str
    sequence: int
    starts_utc: datetime
    ends_utc: datetime
    stamped_utc: datetime
    summary: str
    location: str
    description: str
    url: str = ""


def schedule_ics(name: str, events: list[PublicEvent]) -> bytes:
    """A subscribable calendar of many events (the hearings of one court): each keeps its UID
    and raises its SEQUENCE when it changes, so a subscribed calendar updates it in place."""
    calendar = Calendar()
    calendar.add("prodid", "-//Ventanilla//Audiencias//ES")
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    for item in events:
        event = Event()
        event.add("uid", f"{item.uid}@ventanilla")
        event.add("sequence", item.sequence)
        event.add("dtstamp", item.stamped_utc)
        event.add("dtstart", item.starts_utc)
        event.add("dtend", item.ends_utc)
        event.add("summary", item.summary)
        event.add("location", item.location)
        event.add("description", item.description)
        if item.url:
            event.add("url", item.url)
        event.add("status", "CONFIRMED")
        calendar.add_component(event)
    return calendar.to_ical()
