import pytest

from core.settings import DEFAULT_COOKIE_KEY, InsecureSettingsError, Settings

STRONG_KEY = "k" * 48


def test_no_environment_means_demo_on_sqlite_with_inline_jobs(tmp_path):
    settings = Settings(_env_file=None, data_dir=tmp_path)
    assert settings.demo is True
    assert settings.sqlalchemy_url == f"sqlite:///{tmp_path / 'feple.db'}"
    assert settings.jobs_inline


def test_production_refuses_the_default_cookie_key(monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "postgresql+psycopg://db/feple")
    with pytest.raises(InsecureSettingsError, match="FEPLE_COOKIE_KEY"):
        Settings(_env_file=None)


def test_production_refuses_a_short_cookie_key(monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "postgresql+psycopg://db/feple")
    monkeypatch.setenv("FEPLE_COOKIE_KEY", "short-secret")
    with pytest.raises(InsecureSettingsError, match="at least"):
        Settings(_env_file=None)


def test_production_accepts_a_strong_key_and_reads_unprefixed_urls(monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "postgresql+psycopg://db/feple")
    monkeypatch.setenv("REDIS_URL", "redis://cache:6379/0")
    monkeypatch.setenv("FEPLE_COOKIE_KEY", STRONG_KEY)
    monkeypatch.setenv("FEPLE_CUSTOMER_KEY_SECRET", STRONG_KEY)
    settings = Settings(_env_file=None)
    assert settings.demo is False
    assert settings.sqlalchemy_url == "postgresql+psycopg://db/feple"
    assert not settings.jobs_inline


def test_explicit_demo_on_postgres_may_keep_the_demo_key(monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "postgresql+psycopg://db/feple")
    monkeypatch.setenv("FEPLE_DEMO", "1")
    assert Settings(_env_file=None).cookie_key == DEFAULT_COOKIE_KEY


def test_dotenv_file_is_read(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / ".env").write_text(
        f"DATABASE_URL=postgresql+psycopg://db/x\nFEPLE_COOKIE_KEY={STRONG_KEY}\n"
        f"FEPLE_CUSTOMER_KEY_SECRET={STRONG_KEY}\n"
    )
    assert Settings().sqlalchemy_url == "postgresql+psycopg://db/x"


def test_production_refuses_the_demo_customer_key_secret(monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "postgresql+psycopg://db/feple")
    monkeypatch.setenv("FEPLE_COOKIE_KEY", STRONG_KEY)
    with pytest.raises(InsecureSettingsError, match="FEPLE_CUSTOMER_KEY_SECRET"):
        Settings(_env_file=None)


def test_llm_evaluation_needs_a_base_url_and_a_model(tmp_path):
    assert not Settings(_env_file=None, data_dir=tmp_path).llm_configured
    configured = Settings(_env_file=None, llm_base_url="http://127.0.0.1:9/v1", llm_model="m")
    assert configured.llm_configured
