"""Failed-login counting and account locks (the rule; the database keeps the state)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta


@dataclass(frozen=True, slots=True)
class LoginGuard:
    max_attempts: int
    lock_minutes: int

    def is_locked(self, locked_until: datetime | None, now: datetime) -> bool:
        return locked_until is not None and locked_until > now

    def after_failure(
        self, failed_count: int, locked_until: datetime | None, now: datetime
    ) -> tuple[int, datetime | None]:
        """The (count, locked_until) after one more wrong password."""
        if locked_until is not None and locked_until <= now:
            failed_count = 0  # the previous lock ran out: a fresh budget of attempts
            locked_until = None
        failed_count += 1
        if failed_count >= self.max_attempts and not self.is_locked(locked_until, now):
            locked_until = now + timedelta(minutes=self.lock_minutes)
        return failed_count, locked_until

    def attempts_seen_by_login_form(
        self, failed_count: int, locked_until: datetime | None, now: datetime
    ) -> int:
        """What the login widget should believe: the limit while locked, 0 after a lock ends."""
        if self.is_locked(locked_until, now):
            return self.max_attempts
        if locked_until is not None:
            return 0
        return failed_count
