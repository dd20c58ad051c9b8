from datetime import datetime, timedelta

import pytest

from domain import lockout

NOW = datetime(2026, 11, 23, 9, 0)


@pytest.mark.parametrize(
    ("failures", "wait"),
    [(1, None), (2, None), (3, 1), (4, 2), (5, 4), (8, 32), (9, 60), (10, 15 * 60)],
)
def test_failures_cost_more_and_more_then_lock(failures, wait):
    until = lockout.next_attempt_after(failures, NOW)
    assert (until - NOW if until else None) == (timedelta(seconds=wait) if wait else None)


def test_only_the_tenth_failure_counts_as_the_lock():
    assert [n for n in range(1, 15) if lockout.is_lock(n)] == [lockout.LOCK_AFTER]


def test_messages_say_how_long_to_wait():
    assert "espere 5 segundos" in lockout.wait_message(NOW + timedelta(seconds=5), NOW)
    assert "bloqueada por 15 minutos" in lockout.wait_message(NOW + timedelta(minutes=15), NOW)
