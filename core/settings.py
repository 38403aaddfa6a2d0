"""The one settings object, read from the environment (prefix ``FEPLE_``) and ``.env``."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from pydantic import AliasChoices, Field, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from core.metrics import MetricThresholds
from core.voice.engines.base import TtsSettings

DEFAULT_COOKIE_KEY = "feple-demo-cookie-key-not-a-secret"
"""The cookie key that ships for demo mode; refused in any other mode."""

DEFAULT_CUSTOMER_KEY_SECRET = "feple-demo-customer-key-secret"
"""The demo secret for customer-key pseudonyms; refused in any other mode."""

MIN_COOKIE_KEY_LENGTH = 32
"""Production secrets shorter than this are refused (HS256 wants >= 256 bits)."""

PROJECT_ROOT = Path(__file__).resolve().parent.parent

_METRIC_DEFAULTS = MetricThresholds()
"""The metric settings' defaults: core.metrics keeps them, with the reasons for each."""


class InsecureSettingsError(Exception):
    """Settings that would run production with a known or weak secret.

    Not a ValueError on purpose: pydantic would fold that into a generic ValidationError.
    """


def _require_secret(name: str, value: str, demo_value: str) -> None:
    if value == demo_value:
        raise InsecureSettingsError(
            f"{name} still has the demo value; set a random secret "
            "(python -c 'import secrets; print(secrets.token_urlsafe(48))')."
        )
    if len(value) < MIN_COOKIE_KEY_LENGTH:
        raise InsecureSettingsError(f"{name} must be at least {MIN_COOKIE_KEY_LENGTH} characters.")


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        env_prefix="FEPLE_", env_file=".env", env_file_encoding="utf-8", extra="ignore"
    )

    demo: bool | None = Field(
        default=None,
        description="Demo mode: demo users and data. Default: on when no DATABASE_URL is set.",
    )
    # DATABASE_URL / REDIS_URL are also read without the prefix: hosting platforms name them so.
    database_url: str = Field(
        default="", validation_alias=AliasChoices("FEPLE_DATABASE_URL", "DATABASE_URL")
    )
    redis_url: str = Field(
        default="", validation_alias=AliasChoices("FEPLE_REDIS_URL", "REDIS_URL")
    )
    queue_prefix: str = Field(default="", description="Prefix for RQ queue names.")
    data_dir: Path = PROJECT_ROOT / "data"

    cookie_key: str = DEFAULT_COOKIE_KEY
    cookie_name: str = "feple_auth"
    cookie_expiry_days: float = 0.5
    max_login_attempts: int = Field(default=5, ge=1)
    lockout_minutes: int = Field(default=15, ge=1)

    language: str = Field(default="ko", pattern="^(ko|en)$")
    timezone: str = "Asia/Seoul"

    demo_calls: int = Field(default=5000, ge=0, le=1_000_000)
    demo_days: int = Field(default=90, ge=1)
    demo_seed: int = 20261122

    job_timeout_s: int = Field(default=600, ge=10)

    # Keys customers' phone numbers into pseudonyms (core.pii.customer_key_hash). Changing it
    # breaks repeat-call detection across the change: set it once.
    customer_key_secret: str = DEFAULT_CUSTOMER_KEY_SECRET
    max_audio_duration_s: float = Field(default=3 * 3600, gt=0)

    # Speech-to-text (faster-whisper): a model name downloads on first use (internet needed);
    # a directory path uses a local CTranslate2 copy.
    stt_model: str = "large-v3"
    stt_device: str = Field(default="auto", pattern="^(auto|cpu|cuda)$")
    stt_compute_type: str = "default"
    stt_batch_size: int = Field(default=8, ge=1)
    stt_beam_size: int = Field(default=5, ge=1)
    stt_agent_channel: int = Field(default=0, ge=0, le=1, description="stereo: the agent's side")
    stt_temperatures: tuple[float, ...] = (0.0, 0.2, 0.4, 0.6, 0.8, 1.0)
    stt_max_new_tokens: int | None = Field(default=None, ge=1)
    stt_download_root: str | None = None
    stt_local_files_only: bool = False
    # The insurer's names as agents say them: the mono speaker heuristic's agent cue.
    company_names: tuple[str, ...] = ("한빛손해보험",)

    # LLM evaluation through any OpenAI-compatible server; no base URL: rule-based scorecards.
    llm_base_url: str = ""
    llm_api_key: str = ""
    llm_model: str = ""
    llm_timeout_s: float = Field(default=60.0, gt=0)
    llm_max_attempts: int = Field(default=3, ge=1, le=10)

    # Call metrics thresholds (core.metrics.MetricThresholds documents each).
    metric_silence_min_gap_s: float = Field(
        default=_METRIC_DEFAULTS.silence_min_gap_s,
        gt=0,
        description="A gap where nobody talks shorter than this is a pause, not silence.",
    )
    metric_hold_min_gap_s: float = Field(
        default=_METRIC_DEFAULTS.hold_min_gap_s,
        gt=0,
        description="A gap this long after the agent says a hold phrase is a hold.",
    )
    metric_hold_any_gap_s: float = Field(
        default=_METRIC_DEFAULTS.hold_any_gap_s,
        gt=0,
        description="A gap this long is a hold whatever was said before it.",
    )
    metric_hold_phrases: tuple[str, ...] = Field(
        default=_METRIC_DEFAULTS.hold_phrases,
        description="What agents say before a hold (a JSON list in the environment).",
    )
    metric_overtalk_min_s: float = Field(
        default=_METRIC_DEFAULTS.overtalk_min_s,
        ge=0,
        description="Both talking for less than this is a back-channel, not overtalk.",
    )
    metric_min_timed_share: float = Field(
        default=_METRIC_DEFAULTS.min_timed_share,
        gt=0,
        le=1,
        description="Below this share of timed utterances, time metrics are not measurable.",
    )

    # ARS scenarios: time estimates for prompts with no approved audio yet, and the warning
    # for callers kept waiting before an agent.
    flow_speech_rate: float = Field(
        default=5.0,
        gt=0,
        le=20,
        description="Syllables per second a prompt is read at when it has no approved audio.",
    )
    flow_max_wait_s: float = Field(
        default=60.0,
        gt=0,
        description="A path that keeps a caller this long before a transfer gets a warning.",
    )

    # Voice studio. XTTS v2 runs on the tts queue's hosts: from a local model folder, or
    # downloaded on first use once the operator has accepted Coqui's CPML licence (it is
    # non-commercial unless the insurer holds a commercial licence).
    tts_xtts_model_dir: str = ""
    tts_xtts_accept_licence: bool = False
    tts_xtts_download_root: str = ""
    tts_xtts_device: str = Field(default="auto", pattern="^(auto|cpu|cuda)$")
    tts_espeak_voice: str = "ko"
    tts_default_takes: int = Field(default=3, ge=1, le=6)
    tts_max_cer: float = Field(
        default=0.35, gt=0, le=1, description="A take read back with more errors than this fails."
    )
    tts_loudness_target_lufs: float = Field(
        default=-19.0, le=-5, ge=-40, description="Takes are normalised to this loudness."
    )

    @model_validator(mode="after")
    def _resolve_mode_and_guard_secrets(self) -> Settings:
        if self.demo is None:
            self.demo = not self.database_url
        if not self.demo:
            _require_secret("FEPLE_COOKIE_KEY", self.cookie_key, DEFAULT_COOKIE_KEY)
            _require_secret(
                "FEPLE_CUSTOMER_KEY_SECRET", self.customer_key_secret, DEFAULT_CUSTOMER_KEY_SECRET
            )
        return self

    @property
    def llm_configured(self) -> bool:
        return bool(self.llm_base_url and self.llm_model)

    @model_validator(mode="after")
    def _check_metric_thresholds(self) -> Settings:
        self.metric_thresholds()  # refuses inconsistent thresholds at start-up, not mid-job
        return self

    @property
    def sqlalchemy_url(self) -> str:
        if self.database_url:
            return self.database_url
        return f"sqlite:///{self.data_dir / 'feple.db'}"

    @property
    def jobs_inline(self) -> bool:
        """Without Redis, jobs run in the calling process (the embedded default)."""
        return not self.redis_url

    @property
    def audio_dir(self) -> Path:
        return self.data_dir / "audio"

    @property
    def import_dir(self) -> Path:
        """Transcript files uploaded for import, kept by content for the worker to read."""
        return self.data_dir / "imports"

    @property
    def xtts_configured(self) -> bool:
        return bool(self.tts_xtts_model_dir or self.tts_xtts_accept_licence)

    def tts_settings(self) -> TtsSettings:
        return TtsSettings(
            xtts_model_dir=self.tts_xtts_model_dir,
            xtts_licence_accepted=self.tts_xtts_accept_licence,
            xtts_download_root=self.tts_xtts_download_root,
            xtts_device=self.tts_xtts_device,
            espeak_voice=self.tts_espeak_voice,
        )

    def metric_thresholds(self) -> MetricThresholds:
        return MetricThresholds(
            silence_min_gap_s=self.metric_silence_min_gap_s,
            hold_min_gap_s=self.metric_hold_min_gap_s,
            hold_any_gap_s=self.metric_hold_any_gap_s,
            hold_phrases=self.metric_hold_phrases,
            overtalk_min_s=self.metric_overtalk_min_s,
            min_timed_share=self.metric_min_timed_share,
        )


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()
