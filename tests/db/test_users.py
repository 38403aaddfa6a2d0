from datetime import timedelta

import pytest
from sqlalchemy import func, select

from core.access import SYSTEM_ACTOR, Actor, PermissionDenied
from core.domain import Role
from core.errors import UserError
from core.lockout import LoginGuard
from db import users
from db.models import AuditEntry, User
from db.session import create_db_engine, transaction
from db.types import utcnow

PASSWORD = "harbor-lights-42"
GUARD = LoginGuard(max_attempts=3, lock_minutes=15)


def make_user(engine, username="kim", roles=("supervisor",), actor=SYSTEM_ACTOR) -> User:
    with transaction(engine) as session:
        return users.create_user(
            session=session,
            actor=actor,
            username=username,
            name="김민준",
            password=PASSWORD,
            roles=list(roles),
            email=f"{username.strip().lower()}@example.com",
        )


def audit_actions(engine) -> list[str]:
    with transaction(engine) as session:
        return list(session.scalars(select(AuditEntry.action).order_by(AuditEntry.id)))


def test_created_user_has_a_bcrypt_hash_and_an_audit_row(engine):
    user = make_user(engine, username="  Kim.MJ ")
    assert user.username == "kim.mj"
    assert user.password_hash.startswith("$2") and PASSWORD not in user.password_hash
    assert audit_actions(engine) == ["user.create"]


@pytest.mark.parametrize(
    ("kwargs", "key"),
    [
        ({"username": "a"}, "error.username_invalid"),
        ({"username": "../etc"}, "error.username_invalid"),
        ({"name": "  "}, "error.name_required"),
        ({"email": "not-an-address"}, "error.email_invalid"),
        ({"roles": ["root"]}, "error.roles_required"),
        ({"password": "short"}, "password.too_short"),
    ],
)
def test_bad_user_input_is_refused_and_nothing_is_written(engine, kwargs, key):
    fields = {
        "username": "lee",
        "name": "이서연",
        "password": PASSWORD,
        "roles": ["viewer"],
        "email": "",
    } | kwargs
    with pytest.raises(UserError) as raised, transaction(engine) as session:
        users.create_user(session=session, actor=SYSTEM_ACTOR, **fields)
    assert raised.value.key == key
    with transaction(engine) as session:
        assert session.scalar(select(func.count(User.id))) == 0
    assert audit_actions(engine) == []


def test_duplicate_username_is_refused(engine):
    make_user(engine)
    with pytest.raises(UserError, match="username_taken"):
        make_user(engine, username="KIM")


def test_a_viewer_cannot_create_users_and_leaves_no_trace(engine):
    viewer = make_user(engine, username="viewer1", roles=("viewer",))
    actor = users.actor_for(viewer)
    with pytest.raises(PermissionDenied):
        make_user(engine, username="intruder", roles=("admin",), actor=actor)
    with pytest.raises(PermissionDenied), transaction(engine) as session:
        users.set_roles(session=session, actor=actor, username="viewer1", roles=["admin"])
    with transaction(engine) as session:
        assert users.get_user(session=session, username="intruder") is None
        assert users.get_user(session=session, username="viewer1").roles == ["viewer"]
    assert audit_actions(engine) == ["user.create"]


def test_lockout_after_the_limit_persists_across_a_restart(engine):
    make_user(engine)
    for _ in range(GUARD.max_attempts):
        with transaction(engine) as session:
            state = users.record_failed_login(session=session, username="kim", guard=GUARD)
    assert state.locked(utcnow())
    # A new engine is a restarted app (or another replica): the lock is still there.
    restarted = create_db_engine(engine.url.render_as_string(hide_password=False))
    with transaction(restarted) as session:
        credentials = users.login_credentials(session=session, guard=GUARD)
        assert credentials["usernames"]["kim"]["failed_login_attempts"] == GUARD.max_attempts
        assert users.user_may_stay_logged_in(session=session, username="kim") is None
    restarted.dispose()
    assert audit_actions(engine)[-2:] == ["login.failed", "login.locked"]


def test_a_successful_login_resets_the_count(engine):
    make_user(engine)
    with transaction(engine) as session:
        users.record_failed_login(session=session, username="kim", guard=GUARD)
    with transaction(engine) as session:
        user = users.record_successful_login(session=session, username="kim")
        assert user.failed_login_count == 0 and user.last_login_at is not None
    assert audit_actions(engine)[-1] == "login.success"


def test_an_expired_lock_lets_the_user_try_again(engine):
    make_user(engine)
    with transaction(engine) as session:
        user = users.get_user(session=session, username="kim")
        user.failed_login_count = 3
        user.locked_until = utcnow() - timedelta(seconds=1)
    with transaction(engine) as session:
        assert (
            users.login_credentials(session=session, guard=GUARD)["usernames"]["kim"][
                "failed_login_attempts"
            ]
            == 0
        )


def test_unknown_usernames_are_audited_without_a_user(engine):
    with transaction(engine) as session:
        state = users.record_failed_login(session=session, username="nobody", guard=GUARD)
    assert not state.exists
    with transaction(engine) as session:
        entry = session.scalars(select(AuditEntry)).one()
        assert (entry.action, entry.user_id, entry.details) == (
            "login.failed",
            None,
            {"reason": "unknown_user"},
        )


def test_disabled_users_are_left_out_of_the_login_credentials(engine):
    admin = make_user(engine, username="boss", roles=("admin",))
    make_user(engine)
    with transaction(engine) as session:
        users.set_disabled(
            session=session, actor=users.actor_for(admin), username="kim", disabled=True
        )
    with transaction(engine) as session:
        assert "kim" not in users.login_credentials(session=session, guard=GUARD)["usernames"]
        assert users.user_may_stay_logged_in(session=session, username="kim") is None


def test_the_last_admin_cannot_be_disabled_or_demoted(engine):
    admin = make_user(engine, username="boss", roles=("admin",))
    other = make_user(engine, username="kim", roles=("supervisor",))
    with pytest.raises(UserError, match="last_admin"), transaction(engine) as session:
        users.set_roles(session=session, actor=users.actor_for(admin), username="boss",
                        roles=["viewer"])  # fmt: skip
    with pytest.raises(UserError, match="self_disable"), transaction(engine) as session:
        users.set_disabled(session=session, actor=users.actor_for(admin), username="boss",
                           disabled=True)  # fmt: skip
    assert other.id


def test_admin_reset_password_lifts_the_lock_and_is_audited(engine):
    admin = make_user(engine, username="boss", roles=("admin",))
    make_user(engine)
    for _ in range(3):
        with transaction(engine) as session:
            users.record_failed_login(session=session, username="kim", guard=GUARD)
    with transaction(engine) as session:
        users.reset_password(session=session, actor=users.actor_for(admin), username="kim",
                             password="new-harbor-99")  # fmt: skip
    with transaction(engine) as session:
        assert users.user_may_stay_logged_in(session=session, username="kim") is not None
    assert audit_actions(engine)[-1] == "user.reset_password"


def test_own_password_change_needs_the_current_password(engine):
    user = make_user(engine, roles=("viewer",))
    actor = Actor(user_id=user.id, username="kim", roles=[Role.VIEWER])
    with pytest.raises(UserError, match="wrong_current_password"), transaction(engine) as session:
        users.change_own_password(session=session, actor=actor, current="nope-nope-nope",
                                  new="river-stone-77", repeated="river-stone-77")  # fmt: skip
    with transaction(engine) as session:
        users.change_own_password(session=session, actor=actor, current=PASSWORD,
                                  new="river-stone-77", repeated="river-stone-77")  # fmt: skip
    assert audit_actions(engine)[-1] == "account.change_password"
