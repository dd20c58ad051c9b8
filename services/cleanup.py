"""The daily clean-up: rows that nothing can use any more, deleted so tables stay small."""

from datetime import timedelta

from db import write_transaction
from models import OneTimeCode, RateCounter, UsedToken, UserSession
from services.clock import EPOCH

COUNTERS_KEPT = timedelta(days=2)  # rate-limit windows are a day at most (booking quotas)


def purge_expired(now) -> dict[str, int]:
    """Delete expired or used one-time codes, expired single-use tokens, ended sign-ins and
    old rate-limit counts, as of `now` (UTC); how many rows of each."""
    oldest_window = int((now - COUNTERS_KEPT - EPOCH).total_seconds())
    with write_transaction():
        return {
            "codes": OneTimeCode.purge(now),
            "tokens": UsedToken.purge(now),
            "sessions": UserSession.purge(now),
            "counters": RateCounter.purge(oldest_window),
        }
