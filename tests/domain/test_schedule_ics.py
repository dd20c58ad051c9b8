from datetime import UTC, datetime

from icalendar import Calendar

from domain.ics import PublicEvent, schedule_ics


def event(uid, sequence=0, hour=15):
    return PublicEvent(
        uid=uid,
        sequence=sequence,
        starts_utc=datetime(2026, 12, 3, hour, tzinfo=UTC),
        ends_utc=datetime(2026, 12, 3, hour + 1, tzinfo=UTC),
        stamped_utc=datetime(2026, 12, 1, 12, tzinfo=UTC),
        summary="Audiencia única · 00123-2026-0-1801-JR-CI-01",
        location="Sala 3",
        description="1.er Juzgado Civil",
        url="https://sala.pj.gob.pe/x",
    )


def test_a_schedule_holds_every_event_with_its_uid_and_sequence():
    calendar = Calendar.from_ical(schedule_ics("Audiencias: 1JCL", [event("a", 2), event("b")]))
    assert calendar["x-wr-calname"] == "Audiencias: 1JCL"
    events = calendar.walk("VEVENT")
    assert [(e["uid"], e["sequence"]) for e in events] == [("a@ventanilla", 2), ("b@ventanilla", 0)]
    assert events[0].decoded("dtstart") == datetime(2026, 12, 3, 15, tzinfo=UTC)
    assert str(events[0]["url"]) == "https://sala.pj.gob.pe/x"


def test_an_empty_schedule_is_still_a_calendar():
    calendar = Calendar.from_ical(schedule_ics("Audiencias", []))
    assert calendar["version"] == "2.0" and not calendar.walk("VEVENT")
