import pytest

from core.access import Actor, Permission, PermissionDenied, parse_roles, permissions_of
from core.domain import Role


def test_admin_has_every_permission():
    assert permissions_of([Role.ADMIN]) == frozenset(Permission)


def test_viewer_reads_but_writes_only_their_own_account():
    viewer = permissions_of([Role.VIEWER])
    assert Permission.VIEW_CALLS in viewer
    assert Permission.VIEW_SCENARIOS in viewer
    assert viewer - {Permission.VIEW_CALLS, Permission.VIEW_SCENARIOS} == {
        Permission.EDIT_OWN_ACCOUNT
    }


def test_designer_edits_scenarios_and_voices_but_not_calls_or_users():
    designer = permissions_of([Role.DESIGNER])
    assert {Permission.EDIT_SCENARIOS, Permission.EDIT_VOICES} <= designer
    assert Permission.REVIEW_CALLS not in designer
    assert Permission.MANAGE_USERS not in designer


def test_roles_combine():
    both = permissions_of([Role.SUPERVISOR, Role.DESIGNER])
    assert {Permission.REVIEW_CALLS, Permission.EDIT_SCENARIOS} <= both


def test_unknown_role_names_grant_nothing():
    assert parse_roles(["root", "superuser", "viewer"]) == {Role.VIEWER}


def test_require_raises_with_who_and_what():
    actor = Actor(user_id=3, username="kim", roles=[Role.VIEWER])
    with pytest.raises(PermissionDenied) as raised:
        actor.require(Permission.MANAGE_USERS)
    assert raised.value.username == "kim"
    assert raised.value.permission is Permission.MANAGE_USERS
