"""Users: creating and administering accounts, and the login bookkeeping."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from core.access import Actor, Permission, parse_roles
from core.domain import Role
from core.errors import UserError
from core.lockout import LoginGuard
from core.passwords import check_new_password, hash_password, verify_password
from db import audit
from db.models import User
from db.types import utcnow

USERNAME_PATTERN = re.compile(r"^[a-z0-9][a-z0-9._-]{2,31}$")
EMAIL_PATTERN = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def _clean_username(username: str) -> str:
    cleaned = username.strip().lower()
    if not USERNAME_PATTERN.match(cleaned):
        raise UserError("error.username_invalid")
    return cleaned


def _clean_roles(roles: Iterable[str]) -> list[str]:
    parsed = parse_roles(roles)
    if not parsed:
        raise UserError("error.roles_required")
    return sorted(r.value for r in parsed)


def get_user(*, session: Session, username: str) -> User | None:
    return session.scalar(select(User).where(User.username == username.strip().lower()))


def list_users(*, session: Session) -> list[User]:
    return list(session.scalars(select(User).order_by(User.username)))


def actor_for(user: User) -> Actor:
    return Actor(user_id=user.id, username=user.username, roles=parse_roles(user.roles))


def _audit(session: Session, actor: Actor, action: str, user: User, **details: object) -> None:
    audit.record(
        session=session,
        actor=actor,
        action=action,
        target_type="user",
        target_id=user.id,
        username=user.username,
        **details,
    )


def create_user(
    *,
    session: Session,
    actor: Actor,
    username: str,
    name: str,
    password: str,
    roles: Iterable[str],
    email: str = "",
    language: str = "ko",
) -> User:
    actor.require(Permission.MANAGE_USERS)
    username = _clean_username(username)
    if not name.strip():
        raise UserError("error.name_required")
    email = email.strip()
    if email and not EMAIL_PATTERN.match(email):
        raise UserError("error.email_invalid", email=email)
    role_values = _clean_roles(roles)
    check_new_password(password, username=username)
    if get_user(session=session, username=username) is not None:
        raise UserError("error.username_taken", username=username)
    user = User(
        username=username,
        name=name.strip(),
        email=email,
        password_hash=hash_password(password),
        roles=role_values,
        language=language,
    )
    session.add(user)
    session.flush()
    _audit(session, actor, "user.create", user, roles=role_values)
    return user


def _require_user(session: Session, username: str) -> User:
    user = get_user(session=session, username=username)
    if user is None:
        raise UserError("error.user_not_found", username=username)
    return user


def _other_active_admins(session: Session, user: User) -> int:
    admins = session.scalars(select(User).where(User.disabled.is_(False), User.id != user.id))
    return sum(1 for other in admins if Role.ADMIN.value in other.roles)


def set_roles(*, session: Session, actor: Actor, username: str, roles: Iterable[str]) -> User:
    actor.require(Permission.MANAGE_USERS)
    user = _require_user(session, username)
    role_values = _clean_roles(roles)
    losing_admin = Role.ADMIN.value in user.roles and Role.ADMIN.value not in role_values
    if losing_admin and not user.disabled and _other_active_admins(session, user) == 0:
        raise UserError("error.last_admin")
    before = list(user.roles)
    user.roles = role_values
    _audit(session, actor, "user.set_roles", user, before=before, after=role_values)
    return user


def set_disabled(*, session: Session, actor: Actor, username: str, disabled: bool) -> User:
    actor.require(Permission.MANAGE_USERS)
    user = _require_user(session, username)
    if disabled and user.id == actor.user_id:
        raise UserError("error.self_disable")
    if disabled and Role.ADMIN.value in user.roles and _other_active_admins(session, user) == 0:
        raise UserError("error.last_admin")
    user.disabled = disabled
    _audit(session, actor, "user.disable" if disabled else "user.enable", user)
    return user


def reset_password(*, session: Session, actor: Actor, username: str, password: str) -> User:
    """An admin sets a new password; this also lifts a lock."""
    actor.require(Permission.MANAGE_USERS)
    user = _require_user(session, username)
    check_new_password(password, username=user.username)
    user.password_hash = hash_password(password)
    user.password_changed_at = utcnow()
    user.failed_login_count = 0
    user.locked_until = None
    _audit(session, actor, "user.reset_password", user)
    return user


def unlock(*, session: Session, actor: Actor, username: str) -> User:
    actor.require(Permission.MANAGE_USERS)
    user = _require_user(session, username)
    user.failed_login_count = 0
    user.locked_until = None
    _audit(session, actor, "user.unlock", user)
    return user


def change_own_password(
    *, session: Session, actor: Actor, current: str, new: str, repeated: str
) -> None:
    actor.require(Permission.EDIT_OWN_ACCOUNT)
    user = _require_user(session, actor.username)
    if not verify_password(current, user.password_hash):
        raise UserError("error.wrong_current_password")
    if new != repeated:
        raise UserError("error.passwords_differ")
    check_new_password(new, username=user.username)
    user.password_hash = hash_password(new)
    user.password_changed_at = utcnow()
    _audit(session, actor, "account.change_password", user)


def set_language(*, session: Session, actor: Actor, language: str) -> None:
    actor.require(Permission.EDIT_OWN_ACCOUNT)
    if language not in ("ko", "en"):
        raise ValueError(f"unknown language {language!r}")
    user = _require_user(session, actor.username)
    user.language = language
    _audit(session, actor, "account.set_language", user, language=language)


# --- login bookkeeping -------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class LoginState:
    """A user's standing at the login form."""

    exists: bool
    disabled: bool = False
    failed_count: int = 0
    locked_until: datetime | None = None

    def locked(self, now: datetime) -> bool:
        return self.locked_until is not None and self.locked_until > now


def login_credentials(*, session: Session, guard: LoginGuard) -> dict:
    """The credentials dict streamlit-authenticator wants, built from the users table.

    Disabled users are left out, so neither the form nor an old cookie lets them in.
    Locked users carry the attempt limit, so the widget refuses them before any password check.
    """
    now = utcnow()
    usernames = {}
    for user in session.scalars(select(User).where(User.disabled.is_(False))):
        usernames[user.username] = {
            "name": user.name,
            "email": user.email,
            "password": user.password_hash,
            "roles": list(user.roles),
            "failed_login_attempts": guard.attempts_seen_by_login_form(
                user.failed_login_count, user.locked_until, now
            ),
        }
    return {"usernames": usernames}


def login_state(*, session: Session, username: str) -> LoginState:
    user = get_user(session=session, username=username)
    if user is None:
        return LoginState(exists=False)
    return LoginState(
        exists=True,
        disabled=user.disabled,
        failed_count=user.failed_login_count,
        locked_until=user.locked_until,
    )


def record_failed_login(*, session: Session, username: str, guard: LoginGuard) -> LoginState:
    """Count a wrong password; lock the account at the limit. Safe across app replicas:
    the row is locked (SELECT ... FOR UPDATE) while the count changes."""
    now = utcnow()
    user = session.scalar(
        select(User).where(User.username == username.strip().lower()).with_for_update()
    )
    if user is None:
        audit.record(
            session=session,
            actor=Actor(user_id=None, username=username[:64], roles=()),
            action="login.failed",
            reason="unknown_user",
        )
        return LoginState(exists=False)
    was_locked = guard.is_locked(user.locked_until, now)
    user.failed_login_count, user.locked_until = guard.after_failure(
        user.failed_login_count, user.locked_until, now
    )
    _audit(session, actor_for(user), "login.failed", user, failed_count=user.failed_login_count)
    if not was_locked and guard.is_locked(user.locked_until, now):
        until = user.locked_until.isoformat() if user.locked_until else None
        _audit(session, actor_for(user), "login.locked", user, locked_until=until)
    return LoginState(
        exists=True,
        disabled=user.disabled,
        failed_count=user.failed_login_count,
        locked_until=user.locked_until,
    )


def record_successful_login(*, session: Session, username: str) -> User:
    user = _require_user(session, username)
    session.execute(
        update(User)
        .where(User.id == user.id)
        .values(failed_login_count=0, locked_until=None, last_login_at=utcnow())
    )
    session.refresh(user)
    _audit(session, actor_for(user), "login.success", user)
    return user


def user_may_stay_logged_in(*, session: Session, username: str) -> User | None:
    """The user behind a session, or None if disabled, locked or removed since login."""
    user = get_user(session=session, username=username)
    if user is None or user.disabled:
        return None
    if user.locked_until is not None and user.locked_until > utcnow():
        return None
    return user


def count_users(*, session: Session) -> tuple[int, int]:
    """(all users, currently locked users)."""
    total = session.scalar(select(func.count(User.id))) or 0
    locked = session.scalar(select(func.count(User.id)).where(User.locked_until > utcnow())) or 0
    return total, locked
