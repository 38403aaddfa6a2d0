from datetime import UTC, datetime, timedelta

from core.lockout import LoginGuard

NOW = datetime(2026, 11, 22, 9, 0, tzinfo=UTC)
GUARD = LoginGuard(max_attempts=3, lock_minutes=15)


def test_the_limit_th_wrong_password_locks_for_the_set_minutes():
    count, until = 0, None
    for _ in range(2):
        count, until = GUARD.after_failure(count, until, NOW)
        assert until is None
    count, until = GUARD.after_failure(count, until, NOW)
    assert count == 3
    assert until == NOW + timedelta(minutes=15)
    assert GUARD.is_locked(until, NOW + timedelta(minutes=14))
    assert not GUARD.is_locked(until, NOW + timedelta(minutes=15))


def test_failures_while_locked_do_not_extend_the_lock():
    until = NOW + timedelta(minutes=15)
    count, new_until = GUARD.after_failure(3, until, NOW + timedelta(minutes=1))
    assert (count, new_until) == (4, until)


def test_an_expired_lock_gives_a_fresh_budget():
    expired = NOW - timedelta(minutes=1)
    count, until = GUARD.after_failure(3, expired, NOW)
    assert (count, until) == (1, None)
    assert GUARD.attempts_seen_by_login_form(3, expired, NOW) == 0


def test_the_login_form_sees_the_limit_while_locked():
    assert GUARD.attempts_seen_by_login_form(3, NOW + timedelta(minutes=5), NOW) == 3
    assert GUARD.attempts_seen_by_login_form(2, None, NOW) == 2
