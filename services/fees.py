"""The fee calculator's use case, shared by its pages and the kiosk's JSON API.

Nothing is written and nothing about the filer is kept: the answers come in as the strings of
the result page's link (the keys of domain.fees.request_params), the amounts from the fee
tables loaded for the year of the answers' date. The caller reads the clock and passes the
court's `today` (the date when the answers give none).
"""

from collections.abc import Mapping
from datetime import date

from domain.fees import (
    FeeRequest,
    FeeResult,
    InvalidFeeRequest,
    calculate,
    request_from_params,
)
from models import FeeYear


def calculate_fee(answers: Mapping[str, str], *, today: date) -> tuple[FeeRequest, FeeResult]:
    """The request and every payment it needs; a FeeError says what is wrong (and about which
    answer, in its `field`)."""
    try:
        fee_request = request_from_params(answers, today)
        return fee_request, calculate(fee_request, FeeYear.schedules())
    except (ValueError, ArithmeticError):
        raise InvalidFeeRequest(
            "Revise los números: la cuantía o una cantidad no se puede calcular."
        ) from None
