"""The clerk's inbox of filings (mesa de partes): the filters, newest first, a page at a time.

Moving a filing is services/filings.move; this module only reads."""

from dataclasses import dataclass
from datetime import date, time, timedelta

from domain import clock
from domain.filings import parse_tracking_number
from models import Court, Dependencia, Filing, User

PAGE_SIZE = 25


@dataclass(frozen=True)
class InboxFilter:
    dependencia_id: int | None = None
    status: str = ""
    document_type: str = ""
    first: date | None = None  # days in the court's calendar, of the legal reception
    last: date | None = None
    number: str = ""  # a tracking number as typed


def _day_start(court: Court, day: date):
    return clock.to_utc(court.timezone, day, time(0)).replace(tzinfo=None)


def inbox(wanted: InboxFilter, page: int) -> tuple[list[Filing], bool]:
    """One page of the filings `wanted` selects, newest received first, and whether more
    follow. Each row carries its dependencia and filer (one query)."""
    query = (
        Filing.select(Filing, Dependencia, User)
        .join(Dependencia, on=Filing.dependencia == Dependencia.id)
        .switch(Filing)
        .join(User, on=Filing.filer == User.id)
    )
    if wanted.dependencia_id is not None:
        # A filing derived to a dependencia is that dependencia's work now.
        query = query.where(
            (Filing.dependencia == wanted.dependencia_id)
            | (Filing.derived_to == wanted.dependencia_id)
        )
    if wanted.status:
        query = query.where(Filing.status == wanted.status)
    if wanted.document_type:
        query = query.where(Filing.document_type == wanted.document_type)
    court = Court.current()
    if wanted.first:
        query = query.where(Filing.received_at >= _day_start(court, wanted.first))
    if wanted.last:
        query = query.where(Filing.received_at < _day_start(court, wanted.last + timedelta(days=1)))
    if wanted.number:
        year, number = parse_tracking_number(wanted.number) or (0, 0)
        query = query.where((Filing.year == year) & (Filing.number == number))
    rows = list(
        query.order_by(Filing.received_at.desc(), Filing.id.desc())
        .limit(PAGE_SIZE + 1)
        .offset((page - 1) * PAGE_SIZE)
    )
    return rows[:PAGE_SIZE], len(rows) > PAGE_SIZE
