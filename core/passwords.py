"""Password hashing (bcrypt) and the rules a new password must meet."""

from __future__ import annotations

import bcrypt

from core.errors import UserError

MIN_PASSWORD_LENGTH = 10
"""Shorter passwords are refused when set by an admin or a user."""

BCRYPT_MAX_BYTES = 72
"""bcrypt reads at most this many bytes; longer passwords would be silently truncated."""

_DUMMY_HASH = bcrypt.hashpw(b"feple-dummy-password", bcrypt.gensalt()).decode()


def hash_password(password: str) -> str:
    return bcrypt.hashpw(password.encode(), bcrypt.gensalt()).decode()


def verify_password(password: str, password_hash: str | None) -> bool:
    """Constant work whether or not the user exists: unknown users check a dummy hash."""
    candidate = password.encode()[:BCRYPT_MAX_BYTES]
    if not password_hash:
        bcrypt.checkpw(candidate, _DUMMY_HASH.encode())
        return False
    return bcrypt.checkpw(candidate, password_hash.encode())


def spend_dummy_check() -> None:
    """Do a bcrypt check's worth of work, so an unknown username is not faster to refuse."""
    bcrypt.checkpw(b"x", _DUMMY_HASH.encode())


def check_new_password(password: str, *, username: str) -> None:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise UserError("password.too_short", min=MIN_PASSWORD_LENGTH)
    if len(password.encode()) > BCRYPT_MAX_BYTES:
        raise UserError("password.too_long", max=BCRYPT_MAX_BYTES)
    if username.lower() in password.lower():
        raise UserError("password.contains_username")
