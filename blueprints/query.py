"""What views read from a query string, read one way: page numbers and dates within bounds the
database and the calendar hold, and no text a database cannot store.

A link anyone can edit must never become a server error: ?pagina=99999999999999999999 is past
any SQL integer, ?dia=9999-12-31 has no next day, and PostgreSQL refuses text holding NUL.
"""

from datetime import date

from flask import abort, request
from wtforms.validators import ValidationError

from domain.clock import FIRST_DAY, LAST_DAY, in_calendar

MAX_PAGE = 100_000  # 5 million rows at 50 a page: far past any list here, far below any limit


def init_app(app):
    app.before_request(refuse_unstorable_text)


def refuse_unstorable_text():
    """NUL in a path, a parameter or a field: no person types it, and PostgreSQL would refuse
    it mid-request. A Spanish 400 instead (blueprints/errors.py)."""
    if "\x00" in request.path or any(
        "\x00" in key or "\x00" in value
        for values in (request.args, request.form)
        for key, value in values.items(multi=True)
    ):
        abort(400)


def page_number(name: str) -> int:
    """The page asked for, from 1 to MAX_PAGE; anything else is the first page."""
    text = request.args.get(name, "")
    if not (text.isascii() and text.isdigit()):
        return 1
    if len(text) > len(str(MAX_PAGE)):  # int() of thousands of digits is refused as well
        return MAX_PAGE
    return max(1, min(int(text), MAX_PAGE))


def query_day(name: str, default: date) -> date:
    """An ISO date (AAAA-MM-DD) within the calendar the app works with, else `default`."""
    try:
        day = date.fromisoformat(request.values.get(name, ""))
    except ValueError:
        return default
    return day if in_calendar(day) else default


def calendar_day(form, field) -> None:
    """A form validator: a date that the court's calendar holds (not 9999-12-31, not year 1)."""
    if field.data is not None and not in_calendar(field.data):
        raise ValidationError(
            f"Escriba una fecha entre el {FIRST_DAY:%d/%m/%Y} y el {LAST_DAY:%d/%m/%Y}"
        )


MAX_ID = 2**31 - 1  # the largest key an INTEGER column holds on PostgreSQL


def strict_id(name: str) -> int | None:
    """An id chosen in a filter: None when not given; a Spanish 400 when it is not a
    number a table could hold (a hand-edited link, not a person's choice)."""
    text = request.args.get(name, "")
    if not text:
        return None
    if not (text.isascii() and text.isdigit()) or len(text) > 10 or not 0 < int(text) <= MAX_ID:
        abort(400)
    return int(text)


def strict_day(name: str, default: date) -> date:
    """An ISO date chosen in a filter: `default` when not given; a Spanish 400 when it is not
    a date of the calendar the app works with (?dia=9999-12-31, ?dia=ayer)."""
    text = request.args.get(name, "")
    if not text:
        return default
    try:
        day = date.fromisoformat(text) if len(text) <= 10 else None
    except ValueError:
        day = None
    if day is None or not in_calendar(day):
        abort(400)
    return day
