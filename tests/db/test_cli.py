import subprocess
import sys

from sqlalchemy import select

from core.settings import PROJECT_ROOT
from db.models import AuditEntry, User
from db.session import transaction
from tests import services


def run_cli(database_url: str, *args: str, stdin: str = "") -> subprocess.CompletedProcess:
    env = services.production_env(database_url)
    return subprocess.run(
        [sys.executable, "-m", "db.cli", *args],
        input=stdin, cwd=PROJECT_ROOT, env=env, capture_output=True, text=True, timeout=120,
    )  # fmt: skip


def test_create_admin_makes_the_first_admin_in_production(pg_engine, pg_database_url):
    result = run_cli(pg_database_url, "create-admin", "--username", "Kim.Admin", "--name", "김관리",
                     "--password-stdin", stdin="slate-river-2026\n")  # fmt: skip
    assert result.returncode == 0, result.stderr
    with transaction(pg_engine) as session:
        admin = session.scalars(select(User)).one()
        audit = session.scalars(select(AuditEntry.action)).all()
    assert (admin.username, admin.roles) == ("kim.admin", ["admin"])
    assert audit == ["user.create"]


def test_create_admin_refuses_a_weak_password_in_both_languages(pg_engine, pg_database_url):
    result = run_cli(pg_database_url, "create-admin", "--username", "boss", "--name", "관리자",
                     "--password-stdin", stdin="short\n")  # fmt: skip
    assert result.returncode == 2
    assert "비밀번호는 10자 이상" in result.stderr and "at least 10 characters" in result.stderr
    with transaction(pg_engine) as session:
        assert session.scalars(select(User)).all() == []


def test_production_cli_refuses_the_demo_cookie_key(pg_database_url):
    env = services.production_env(pg_database_url)
    env.pop("FEPLE_COOKIE_KEY")
    result = subprocess.run([sys.executable, "-m", "db.cli", "migrate"], cwd=PROJECT_ROOT,
                            env=env, capture_output=True, text=True, timeout=120)  # fmt: skip
    assert result.returncode == 2
    assert "FEPLE_COOKIE_KEY" in result.stderr and "Traceback" not in result.stderr
