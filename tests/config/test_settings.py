import os
import subprocess
import sys
from pathlib import Path

import pytest

from config.settings import ConfigError, load_settings

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(autouse=True)
def clean_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for var in list(os.environ):
        if var.startswith(
            ("LIVEKIT_", "AWS_", "STT_", "LLM_", "TTS_", "INTERVIEW_", "RECORDING_", "WORKER_")
        ) or var in (
            "GRAPHQL_ENDPOINT",
            "PLATFORM_API_KEY",
            "ROLEVATE_API_KEY",
            "OPENAI_API_KEY",
            "HTTP_TIMEOUT",
            "LOG_LEVEL",
        ):
            monkeypatch.delenv(var, raising=False)


def test_defaults_load_without_environment() -> None:
    s = load_settings(_env_file=None)
    assert s.livekit.agent_name == "interviewer"
    assert (s.platform.http_timeout, s.platform.http_max_connections) == (30, 100)
    assert (s.platform.max_retries, s.platform.retry_min_wait, s.platform.retry_max_wait) == (
        3,
        2,
        10,
    )
    assert s.storage.aws_region == "me-central-1"
    assert s.interview.shutdown_timeout >= 60


def test_every_invalid_variable_is_reported_at_once(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LIVEKIT_URL", "localhost:7880")
    monkeypatch.setenv("HTTP_TIMEOUT", "-1")
    monkeypatch.setenv("GRAPHQL_ENDPOINT", "ftp://x")
    monkeypatch.setenv("LOG_LEVEL", "LOUD")
    with pytest.raises(ConfigError) as err:
        load_settings(_env_file=None)
    text = str(err.value)
    for var in ("LIVEKIT_URL", "HTTP_TIMEOUT", "GRAPHQL_ENDPOINT", "LOG_LEVEL"):
        assert var in text
    assert len(err.value.problems) == 4


def test_worker_requirements_list_every_missing_variable() -> None:
    s = load_settings(_env_file=None)
    with pytest.raises(ConfigError) as err:
        s.require()
    text = str(err.value)
    for var in (
        "LIVEKIT_URL",
        "LIVEKIT_API_KEY",
        "LIVEKIT_API_SECRET",
        "GRAPHQL_ENDPOINT",
        "PLATFORM_API_KEY",
        "AWS_BUCKET_NAME",
        "LLM_API_KEY",
    ):
        assert var in text


def test_legacy_platform_key_name_and_masking(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ROLEVATE_API_KEY", "legacy-secret-value")
    s = load_settings(_env_file=None)
    assert s.platform.api_key is not None
    assert s.platform.api_key.get_secret_value() == "legacy-secret-value"
    shown = s.redacted()
    assert shown["PLATFORM_API_KEY"] == "**********"
    assert "legacy-secret-value" not in repr(s) and "legacy-secret-value" not in str(shown)


def test_local_providers_need_no_model_keys(monkeypatch: pytest.MonkeyPatch) -> None:
    for var, value in {
        "LIVEKIT_URL": "wss://lk.example",
        "LIVEKIT_API_KEY": "k",
        "LIVEKIT_API_SECRET": "s",
        "GRAPHQL_ENDPOINT": "https://platform.example/graphql",
        "PLATFORM_API_KEY": "p",
        "RECORDING_MODE": "off",
        "STT_PROVIDER": "local",
        "LLM_PROVIDER": "local",
        "TTS_PROVIDER": "local",
    }.items():
        monkeypatch.setenv(var, value)
    load_settings(_env_file=None).require()


def start_worker(tmp_path: Path, **env: str) -> subprocess.CompletedProcess[str]:
    """`python -m agent start` with nothing in its environment but `env` and the basics."""
    return subprocess.run(
        [sys.executable, "-m", "agent", "start"],
        cwd=tmp_path,
        env={"PATH": os.environ["PATH"], "PYTHONPATH": str(ROOT), "HOME": str(tmp_path), **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_env_example_lists_every_variable() -> None:
    documented = {
        line.split("=", 1)[0].lstrip("# ").strip()
        for line in (ROOT / ".env.example").read_text().splitlines()
        if "=" in line
    }
    assert set(load_settings(_env_file=None).redacted()) <= documented


def test_invalid_and_missing_variables_are_listed_together(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("LIVEKIT_URL", "localhost:7880")  # invalid: no scheme
    monkeypatch.setenv("HTTP_TIMEOUT", "-1")
    with pytest.raises(ConfigError) as err:
        load_settings(require=True, _env_file=None)
    problems = err.value.problems
    assert any(p.startswith("LIVEKIT_URL is invalid") for p in problems)
    assert any(p.startswith("HTTP_TIMEOUT is invalid") for p in problems)
    for var in ("LIVEKIT_API_KEY", "GRAPHQL_ENDPOINT", "PLATFORM_API_KEY", "AWS_BUCKET_NAME"):
        assert any(p.startswith(f"{var} is missing") for p in problems), var
    assert not any(p.startswith("LIVEKIT_URL is missing") for p in problems)


def test_worker_start_names_invalid_and_missing_in_one_message(tmp_path: Path) -> None:
    proc = start_worker(tmp_path, LIVEKIT_URL="localhost:7880", LOG_LEVEL="LOUD")
    assert proc.returncode == 2 and proc.stderr.count("configuration is incomplete") == 1
    for line in (
        "LIVEKIT_URL is invalid",
        "LOG_LEVEL is invalid",
        "GRAPHQL_ENDPOINT is missing",
        "PLATFORM_API_KEY is missing",
        "AWS_BUCKET_NAME is missing",
    ):
        assert line in proc.stderr
    assert "Traceback" not in proc.stderr
