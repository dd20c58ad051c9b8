"""The public filing-status query (consultas externas): anyone who holds a filing's tracking
number and its filer's document number reads where the filing is, without signing in.

The tracking number is sequential, so it alone would let anyone walk every filing; the
document number is the second key. An unknown number and a wrong document give the same None
after the same single query, so the answer and its time do not tell which one was wrong. The
result holds nothing that names the filer or the matter: no name, no document, no subject, no
case number, no file names, no observation's text (README, «Estado de un trámite»).
"""

import hmac
from dataclasses import dataclass

from domain.filings import parse_tracking_number
from domain.identity import normalize
from domain.states import FILING_FOR_FILER, FilingStatus
from models import Court, Filing, User
from services.constancia import instant, public_steps

MAX_DOCUMENT = 20  # the longest document number accepted anywhere (a passport, a RUC)


@dataclass(frozen=True)
class FilingState:
    """What the public page shows of a filing."""

    tracking_number: str
    status: str  # FilingStatus value
    status_label: str
    stopped: bool  # observed (waits for the filer) or cancelled: the page says it as a warning
    explanation: str
    submitted: str
    received: str
    late: bool  # sent outside the reception hours: it counts from the next opening
    dependencia: str
    derived_to: str  # '' until mesa de partes derives it elsewhere
    steps: tuple[tuple[str, str], ...]  # (when, what happened), oldest first


def _document_key(typed: str) -> str:
    return normalize((typed or "")[: MAX_DOCUMENT * 2]).upper()[:MAX_DOCUMENT]


def _same(typed: str, stored: str | None) -> bool:
    return bool(stored) and hmac.compare_digest(typed.encode(), stored.upper().encode())


def find(typed_number: str, typed_document: str) -> FilingState | None:
    """The filing with that tracking number when `typed_document` is its filer's document
    number (or the RUC of the company it was filed for); None otherwise, alike for both."""
    parsed, document = (
        parse_tracking_number((typed_number or "")[:20]),
        _document_key(typed_document),
    )
    if parsed is None or not document:
        return None
    year, number = parsed
    row = (
        Filing.select(Filing, User.doc_number)
        .join(User, on=Filing.filer == User.id)
        .where(Filing.year == year, Filing.number == number)
        .objects()
        .first()
    )
    # Both comparisons always run: a match on either key is found in the same time.
    if row is None or not (_same(document, row.doc_number) | _same(document, row.company_ruc)):
        return None
    return _state(row)


def _state(filing: Filing) -> FilingState:
    court = Court.current()
    status = FilingStatus(filing.status)
    return FilingState(
        tracking_number=filing.tracking_number,
        status=status.value,
        status_label=status.label,
        stopped=status in (FilingStatus.OBSERVADO, FilingStatus.ANULADO),
        explanation=FILING_FOR_FILER[status],
        submitted=instant(court, filing.submitted_at),
        received=instant(court, filing.received_at),
        late=filing.received_at != filing.submitted_at,
        dependencia=filing.dependencia.name,
        derived_to=filing.derived_to.name if filing.derived_to_id else "",
        steps=tuple(public_steps(filing, court)),
    )
