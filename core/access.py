"""Who may do what: roles, permissions and the pages each role sees."""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum

from core.domain import Role


class Permission(StrEnum):
    VIEW_CALLS = "view_calls"
    REVIEW_CALLS = "review_calls"
    UPLOAD_CALLS = "upload_calls"
    MANAGE_AGENTS = "manage_agents"
    VIEW_SCENARIOS = "view_scenarios"
    EDIT_SCENARIOS = "edit_scenarios"
    DEPLOY_SCENARIOS = "deploy_scenarios"
    EDIT_VOICES = "edit_voices"
    MANAGE_USERS = "manage_users"
    VIEW_AUDIT_LOG = "view_audit_log"
    MANAGE_RULES = "manage_rules"
    EDIT_OWN_ACCOUNT = "edit_own_account"


_GRANTS: dict[Role, frozenset[Permission]] = {
    Role.ADMIN: frozenset(Permission),
    Role.SUPERVISOR: frozenset(
        {
            Permission.VIEW_CALLS,
            Permission.REVIEW_CALLS,
            Permission.UPLOAD_CALLS,
            Permission.MANAGE_AGENTS,
            Permission.EDIT_VOICES,  # supervisors audition prompts too
            Permission.EDIT_OWN_ACCOUNT,
        }
    ),
    Role.DESIGNER: frozenset(
        {
            Permission.VIEW_SCENARIOS,
            Permission.EDIT_SCENARIOS,
            Permission.DEPLOY_SCENARIOS,
            Permission.EDIT_VOICES,
            Permission.EDIT_OWN_ACCOUNT,
        }
    ),
    # A viewer reads QA and scenarios; changing their own password is the only write.
    Role.VIEWER: frozenset(
        {Permission.VIEW_CALLS, Permission.VIEW_SCENARIOS, Permission.EDIT_OWN_ACCOUNT}
    ),
}


class PermissionDenied(PermissionError):
    """A user tried an action their roles do not allow."""

    def __init__(self, username: str, permission: Permission) -> None:
        super().__init__(f"{username!r} lacks permission {permission.value!r}")
        self.username = username
        self.permission = permission


def parse_roles(values: Iterable[str]) -> frozenset[Role]:
    """Known roles among ``values``; unknown names are ignored, never promoted."""
    known = {r.value for r in Role}
    return frozenset(Role(v) for v in values if v in known)


def permissions_of(roles: Iterable[Role]) -> frozenset[Permission]:
    granted: set[Permission] = set()
    for role in roles:
        granted |= _GRANTS[role]
    return frozenset(granted)


def can(roles: Iterable[Role], permission: Permission) -> bool:
    return permission in permissions_of(roles)


def require(username: str, roles: Iterable[Role], permission: Permission) -> None:
    """Raise PermissionDenied unless ``roles`` grant ``permission``."""
    if not can(roles, permission):
        raise PermissionDenied(username, permission)


class Actor:
    """The logged-in user on whose behalf a write happens (for checks and the audit log)."""

    __slots__ = ("roles", "user_id", "username")

    def __init__(self, *, user_id: int | None, username: str, roles: Iterable[Role]) -> None:
        self.user_id = user_id
        self.username = username
        self.roles = frozenset(roles)

    def can(self, permission: Permission) -> bool:
        return can(self.roles, permission)

    def require(self, permission: Permission) -> None:
        require(self.username, self.roles, permission)

    def __repr__(self) -> str:
        return f"Actor({self.username!r}, roles={sorted(self.roles)})"


SYSTEM_ACTOR = Actor(user_id=None, username="system", roles=[Role.ADMIN])
"""The actor for CLI commands, demo seeding and workers."""
