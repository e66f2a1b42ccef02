"""Real-looking secrets never reach any output, at DEBUG, in the worker's logging mode
(LiveKit's JSON and dev handlers) and the demo's, with boto3 talking to moto."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

SECRETS = {
    "AWS_ACCESS_KEY_ID": "AKIAZ7Q3EXAMPLE4KEY2",
    "AWS_SECRET_ACCESS_KEY": "wJalrXUtnFEMI/K7MDENG/bPxRfiCYzEXAMPLEKEY",
    "PLATFORM_API_KEY": "rlv_live_9f8e7d6c5b4a39281706f5e4d3c2b1a0",
    "LIVEKIT_API_KEY": "APIq8Zr4Lm2Vn7Xc",
    "LIVEKIT_API_SECRET": "kS3cr3tLiveKitQ9w8e7r6t5y4u3i2o1pAbCdEfGh",
    "OPENAI_API_KEY": "sk-proj-Tz9Yx8Wv7Ut6Sr5Qp4On3Ml2Kj1Ih0GfEdCbA",
}


@pytest.mark.parametrize("mode", ["worker-json", "worker-dev", "worker-job", "demo"])
def test_no_secret_in_any_output_at_debug(
    mode: str, moto_s3_server: object, tmp_path: Path
) -> None:
    env = {
        "PATH": os.environ["PATH"],
        "HOME": str(tmp_path),
        "PYTHONPATH": str(ROOT),
        "LOG_LEVEL": "DEBUG",
        "AWS_ENDPOINT_URL": moto_s3_server.endpoint_url,  # type: ignore[attr-defined]
        "AWS_REGION": "us-east-1",
        "LIVEKIT_URL": "ws://127.0.0.1:7880",
        "GRAPHQL_ENDPOINT": "http://127.0.0.1:9/graphql",
        **SECRETS,
    }
    proc = subprocess.run(
        [sys.executable, "-m", "tests.config.log_secrets_child", mode],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    output = proc.stdout + proc.stderr
    assert proc.returncode == 0, output[-3000:]
    assert "child done" in output
    # the leaks this guards against did happen: boto3's signed request was logged...
    assert "Credential=" in output and "Sending http request" in output
    # ...and every shape was logged, masked
    for event in ("nested", "object", "structlog_exception", "stdlib_exception", "extra fields"):
        assert event in output
    assert "upstream refused" in output and "**********" in output
    leaked = [name for name, value in SECRETS.items() if value in output]
    assert leaked == []


@pytest.mark.slow
def test_the_demo_at_debug_leaks_no_secret(tmp_path: Path) -> None:
    """The whole demo (local platform, moto S3 uploads, voice) at DEBUG. Its own keys are
    throwaway but real-looking (AKIA..., rlv_demo_...), so they are searched by shape."""
    script = tmp_path / "short.yaml"
    script.write_text(
        "steps:\n"
        "  - say: I have built data pipelines in Python and SQL for six years.\n"
        "  - stop: true\n"
    )
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("AWS_", "LIVEKIT_"))},
        "PYTHONPATH": str(ROOT),
        "HF_HUB_OFFLINE": "1",
        "LOG_LEVEL": "DEBUG",
        **SECRETS,
    }
    proc = subprocess.run(
        [
            *(sys.executable, "-m", "agent", "demo", "--candidate-script", str(script)),
            *("--speed", "3", "--duration-minutes", "2", "--workdir", str(tmp_path / "demo")),
        ],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    output = proc.stdout + proc.stderr
    assert "where everything landed" in output, output[-3000:]
    assert "Sending http request" in output and "Credential=" in output  # boto3 at DEBUG
    assert [name for name, value in SECRETS.items() if value in output] == []
    assert re.findall(r"AKIA[0-9A-Z]{16}|rlv_demo_[0-9a-f]{32}", output) == []
