"""The worker's one configuration, read from the environment and `.env`.

Every group is its own pydantic-settings class so that each environment variable
keeps its plain, documented name (``LIVEKIT_URL``, ``PLATFORM_API_KEY``...).
``load_settings()`` builds all groups and turns every validation problem into ONE
``ConfigError`` that names each variable and what it is for; ``Settings.require()``
does the same for the variables the worker cannot run without.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache
from typing import Any, Literal

from pydantic import AliasChoices, BaseModel, Field, SecretStr, ValidationError, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

ENV_FILE = ".env"


def _config(prefix: str = "") -> SettingsConfigDict:
    return SettingsConfigDict(
        env_prefix=prefix, env_file=ENV_FILE, extra="ignore", populate_by_name=True
    )


class LiveKitSettings(BaseSettings):
    model_config = _config("LIVEKIT_")
    url: str | None = Field(None, description="LiveKit server URL (wss://...)")
    api_key: SecretStr | None = Field(None, description="LiveKit API key")
    api_secret: SecretStr | None = Field(None, description="LiveKit API secret")
    agent_name: str = Field("interviewer", description="agent name used for explicit dispatch")

    @field_validator("url")
    @classmethod
    def _url_scheme(cls, v: str | None) -> str | None:
        if v and not v.startswith(("ws://", "wss://", "http://", "https://")):
            raise ValueError("must start with ws://, wss://, http:// or https://")
        return v


class PlatformSettings(BaseSettings):
    model_config = _config()
    graphql_endpoint: str | None = Field(
        None, description="recruiting platform GraphQL URL (https://.../graphql)"
    )
    api_key: SecretStr | None = Field(
        None,
        validation_alias=AliasChoices("PLATFORM_API_KEY", "ROLEVATE_API_KEY"),
        description="platform API key, sent as x-api-key (legacy name ROLEVATE_API_KEY)",
    )
    http_timeout: float = Field(30.0, gt=0, description="seconds per platform request")
    http_max_connections: int = Field(100, ge=1, description="connection pool size")
    max_retries: int = Field(
        3,
        ge=1,
        le=20,
        description="attempts per platform call (setup calls: until the no-show timeout)",
    )
    retry_min_wait: float = Field(2.0, ge=0, description="first backoff wait, seconds")
    retry_max_wait: float = Field(10.0, ge=0, description="largest backoff wait, seconds")
    outbox_dir: str = Field(
        "var/outbox", description="where results wait (parked before sending) until acknowledged"
    )
    outbox_max_attempts: int = Field(
        5, ge=1, description="permanent refusals of one result before it goes to outbox dead/"
    )
    outbox_alarm_count: int = Field(
        200, ge=1, description="log outbox_backlog when this many results wait"
    )
    outbox_alarm_age: float = Field(
        3600.0, gt=0, description="log outbox_backlog when the oldest result waits this long, s"
    )

    @field_validator("graphql_endpoint")
    @classmethod
    def _http_url(cls, v: str | None) -> str | None:
        if v and not v.startswith(("http://", "https://")):
            raise ValueError("must be an http:// or https:// URL")
        return v


class StorageSettings(BaseSettings):
    model_config = _config()
    aws_access_key_id: SecretStr | None = Field(None, description="S3 access key id")
    aws_secret_access_key: SecretStr | None = Field(None, description="S3 secret access key")
    aws_region: str = Field("me-central-1", description="S3 region")
    aws_bucket_name: str | None = Field(None, description="bucket for interview recordings")
    aws_endpoint_url: str | None = Field(
        None, description="S3-compatible endpoint (MinIO, R2...); empty for AWS"
    )
    recording_mode: Literal["worker", "egress", "off"] = Field(
        "worker", description="worker = in-process recorder, egress = LiveKit egress, off"
    )
    recording_url_style: Literal["s3", "presigned"] = Field(
        "s3", description="recording URL posted to the platform: s3:// or presigned https"
    )
    recording_spool_dir: str = Field(
        "var/spool", description="local spool for recordings S3 did not take yet"
    )


class CVSettings(BaseSettings):
    """Fetching and reading the candidate's CV: a file from a stranger, at a URL a
    stranger wrote, so every budget is bounded."""

    model_config = _config("CV_")
    allowed_hosts: str = Field(
        "",
        description="comma-separated hosts, IPs or networks a CV may be fetched from even "
        "though they are internal (loopback, private...); empty in production",
    )
    max_bytes: int = Field(10 * 1024 * 1024, ge=1024, description="largest CV download, bytes")
    fetch_timeout: float = Field(10.0, gt=0, description="seconds to download the CV")
    max_redirects: int = Field(3, ge=0, le=10, description="redirect hops followed, each checked")
    extract_cpu_seconds: float = Field(
        5.0, ge=1, description="CPU seconds to extract the CV's text (wall clock: twice, +2)"
    )
    max_expanded_bytes: int = Field(
        20 * 1024 * 1024, ge=1024 * 1024, description="largest DOCX once unzipped, bytes"
    )

    def hosts(self) -> list[str]:
        return [h.strip() for h in self.allowed_hosts.split(",") if h.strip()]


Provider = Literal["openai", "local"]


class ModelSettings(BaseSettings):
    """STT, LLM and TTS engines. ``openai`` = OpenAI or any OpenAI-compatible server."""

    model_config = _config()
    stt_provider: Provider = Field("openai", description="speech-to-text engine")
    stt_model: str = Field("gpt-4o-mini-transcribe", description="STT model name")
    stt_base_url: str | None = Field(None, description="OpenAI-compatible STT base URL")
    stt_api_key: SecretStr | None = Field(None, description="STT API key")
    llm_provider: Provider = Field("openai", description="interviewer language model")
    llm_model: str = Field("gpt-4o-mini", description="LLM model name")
    llm_base_url: str | None = Field(None, description="OpenAI-compatible LLM base URL")
    llm_api_key: SecretStr | None = Field(None, description="LLM API key")
    tts_provider: Provider = Field("openai", description="text-to-speech engine")
    tts_model: str = Field("gpt-4o-mini-tts", description="TTS model name")
    tts_voice: str = Field("alloy", description="TTS voice")
    tts_base_url: str | None = Field(None, description="OpenAI-compatible TTS base URL")
    tts_api_key: SecretStr | None = Field(None, description="TTS API key")
    openai_api_key: SecretStr | None = Field(
        None, description="fallback key for any openai-provider engine without its own"
    )

    def key_for(self, kind: Literal["stt", "llm", "tts"]) -> SecretStr | None:
        return getattr(self, f"{kind}_api_key") or self.openai_api_key


class InterviewSettings(BaseSettings):
    model_config = _config("INTERVIEW_")
    duration_minutes: int = Field(15, ge=2, le=120, description="planned interview length")
    max_follow_ups: int = Field(1, ge=0, le=5, description="follow-ups per question at most")
    no_show_timeout: float = Field(180.0, gt=0, description="seconds to wait for the candidate")
    reconnect_grace: float = Field(60.0, gt=0, description="seconds a candidate may rejoin")
    silence_timeout: float = Field(20.0, gt=0, description="silence before a prompt, seconds")
    endpointing_min_delay: float = Field(
        0.6, ge=0, description="silence that ends a candidate turn, seconds"
    )
    turn_detection: Literal["vad", "stt"] = Field(
        "vad", description="how the end of a candidate turn is detected (vad | stt)"
    )
    plan_deadline: float = Field(
        20.0,
        gt=0,
        description="seconds the question plan may take; past it, the plan is made from what "
        "is ready (the job alone if the CV is not)",
    )
    shutdown_timeout: float = Field(
        120.0,
        ge=60,
        description="seconds LiveKit gives a job's shutdown callbacks (the outbox's last "
        "delivery); the wrap-up itself must fit in the 15 s LiveKit allows the entrypoint "
        "after a shutdown trigger",
    )


class WorkerSettings(BaseSettings):
    """The LiveKit worker's process options (AgentServer) that ops tune per node."""

    model_config = _config("WORKER_")
    load_threshold: float = Field(
        0.7, gt=0, le=1, description="CPU load (0-1) above which the worker takes no new jobs"
    )
    idle_processes: int = Field(
        1, ge=0, le=32, description="prewarmed job processes kept ready (each loads the models)"
    )
    job_memory_warn_mb: float = Field(
        1500, ge=0, description="job process memory (MB) that logs a warning"
    )
    job_memory_limit_mb: float = Field(
        0, ge=0, description="job process memory (MB) that kills the job; 0 = no limit"
    )
    drain_timeout: int = Field(
        1800,
        ge=60,
        description="seconds SIGTERM waits for live interviews and their wrap-up to finish",
    )
    health_port: int = Field(
        8081, ge=0, le=65535, description="liveness endpoint (LiveKit's, GET /)"
    )
    ready_port: int = Field(
        8082, ge=0, le=65535, description="readiness endpoint (GET /ready: platform, S3); 0 = off"
    )
    metrics_port: int = Field(
        9464, ge=0, le=65535, description="Prometheus metrics (GET /metrics); 0 = off"
    )
    metrics_dir: str = Field(
        "var/metrics",
        description="prometheus_client multiprocess directory (job processes write here)",
    )


class Settings(BaseModel):
    livekit: LiveKitSettings
    platform: PlatformSettings
    storage: StorageSettings
    cv: CVSettings
    models: ModelSettings
    interview: InterviewSettings
    worker: WorkerSettings
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"

    def require(self) -> None:
        """Raise one ConfigError naming every variable the worker cannot run without."""
        missing: list[tuple[str, str]] = []
        for var, value, purpose in (
            ("LIVEKIT_URL", self.livekit.url, "where the LiveKit server is"),
            ("LIVEKIT_API_KEY", self.livekit.api_key, "to register with LiveKit"),
            ("LIVEKIT_API_SECRET", self.livekit.api_secret, "to register with LiveKit"),
            ("GRAPHQL_ENDPOINT", self.platform.graphql_endpoint, "the platform's API"),
            ("PLATFORM_API_KEY", self.platform.api_key, "to authenticate to the platform"),
        ):
            if not value:
                missing.append((var, purpose))
        if self.storage.recording_mode != "off" and not self.storage.aws_bucket_name:
            missing.append(("AWS_BUCKET_NAME", "where recordings go (or set RECORDING_MODE=off)"))
        for kind in ("stt", "llm", "tts"):
            provider = getattr(self.models, f"{kind}_provider")
            base = getattr(self.models, f"{kind}_base_url")
            if provider == "openai" and not base and not self.models.key_for(kind):
                var = f"{kind.upper()}_API_KEY"
                missing.append((var, f"{kind.upper()} key (or OPENAI_API_KEY)"))
        if missing:
            raise ConfigError([f"{var} is missing: {purpose}" for var, purpose in missing])

    def _groups(self) -> list[BaseSettings]:
        return [group for _, group in self if isinstance(group, BaseSettings)]

    def secret_values(self) -> list[str]:
        """Every secret's value, for the log redactor."""
        return [
            v.get_secret_value() for g in self._groups() for _, v in g if isinstance(v, SecretStr)
        ]

    def redacted(self) -> dict[str, Any]:
        """The effective configuration by environment variable, secrets masked."""
        out: dict[str, Any] = {}
        for group in self._groups():
            for name, value in group:
                if isinstance(value, SecretStr):
                    value = "**********" if value.get_secret_value() else ""
                out[_env_name(type(group), name)] = value
        out["LOG_LEVEL"] = self.log_level
        return out


class _Globals(BaseSettings):
    model_config = _config()
    log_level: str = "INFO"


class ConfigError(Exception):
    """Every configuration problem at once, one per line, each naming its variable."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        lines = "\n".join(f"  - {p}" for p in problems)
        super().__init__(
            f"configuration is incomplete or invalid ({len(problems)} problem(s)):\n{lines}\n"
            "Set them in the environment or in .env (see .env.example)."
        )


def _env_name(cls: type[BaseSettings], field: str) -> str:
    alias = cls.model_fields[field].validation_alias
    if isinstance(alias, AliasChoices):
        return str(alias.choices[0])
    return f"{cls.model_config.get('env_prefix', '')}{field}".upper()


def load_settings(
    overrides: Mapping[str, Any] | None = None,
    *,
    require: bool = False,
    **env_file: Any,
) -> Settings:
    """Build every group; collect all problems into one ConfigError.

    ``overrides`` maps environment variable names to values that win over the
    environment (the demo points the worker at its local services this way, without
    touching ``os.environ``). ``require`` adds what the worker cannot run without to the
    same list, so invalid and missing variables are reported together, in one go.
    ``env_file`` may carry ``_env_file=None`` to ignore `.env`.
    """
    overrides = dict(overrides or {})
    groups: dict[str, Any] = {}
    problems: list[str] = []
    invalid: set[str] = set()
    classes: dict[str, type[BaseSettings]] = {
        name: info.annotation
        for name, info in Settings.model_fields.items()
        if isinstance(info.annotation, type) and issubclass(info.annotation, BaseSettings)
    }
    classes["globals"] = _Globals
    for key, cls in classes.items():
        given = {f: overrides[n] for f in cls.model_fields if (n := _env_name(cls, f)) in overrides}
        try:
            groups[key] = cls(**env_file, **given)
        except ValidationError as exc:
            bad: dict[str, Any] = {}
            for err in exc.errors():
                field = str(err["loc"][0]) if err["loc"] else "?"
                var = _env_name(cls, field) if field in cls.model_fields else field.upper()
                purpose = cls.model_fields[field].description if field in cls.model_fields else ""
                problems.append(f"{var} is invalid ({err['msg']}): {purpose}".rstrip(": "))
                invalid.add(var)
                if field in cls.model_fields:
                    bad[field] = cls.model_fields[field].default
            # the group with defaults in place of its invalid values, so that the
            # requirement check below can still name what is missing
            try:
                groups[key] = cls(**env_file, **{**given, **bad})
            except ValidationError:
                raise ConfigError(problems) from None
    glob = groups.pop("globals")
    log_level: Any = glob.log_level.upper()
    if log_level not in ("DEBUG", "INFO", "WARNING", "ERROR"):
        problems.append(f"LOG_LEVEL is invalid ({log_level!r}): one of DEBUG, INFO, WARNING, ERROR")
        invalid.add("LOG_LEVEL")
        log_level = "INFO"
    settings = Settings(**groups, log_level=log_level)
    if require:
        try:
            settings.require()
        except ConfigError as missing:
            problems += [p for p in missing.problems if p.split(" ", 1)[0] not in invalid]
    if problems:
        raise ConfigError(problems)
    return settings


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The process's settings, loaded once (the only cached module-level state)."""
    return load_settings()
