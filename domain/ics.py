"""The appointment as an iCalendar (.ics) event. No Flask, no database."""

from datetime import datetime

from icalendar import Calendar, Event


def appointment_ics(
    *,
    code: str,
    starts_utc: datetime,
    ends_utc: datetime,
    issued_utc: datetime,
    summary: str,
    location: str,
    description: str,
) -> bytes:
    """A one-event calendar; times are UTC instants, so every calendar app shows them right."""
    calendar = Calendar()
    calendar.add("prodid", "-//Ventanilla//Citas de mesa de partes//ES")
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")
    event = Event()
    event.add("uid", f"{code}@ventanilla")
    event.add("dtstamp", issued_utc)
    event.add("dtstart", starts_utc)
    event.add("dtend", ends_utc)
    event.add("summary", summary)
    event.add("location", location)
    event.add("description", description)
    calendar.add_component(event)
    return calendar.to_ical()
