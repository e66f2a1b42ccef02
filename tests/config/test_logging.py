import logging

import pytest
import structlog

from config.logging import configure_logging, register_secrets


def test_secrets_and_cv_text_never_reach_the_log(capsys: pytest.CaptureFixture[str]) -> None:
    configure_logging("DEBUG", json=True)
    register_secrets(["platform-key-123456", "lk-secret-abcdef"])
    log = structlog.get_logger("test")
    log.info("calling", api_key="platform-key-123456", endpoint="https://x/graphql")
    log.info("cv_loaded", cv_text="Sara Haddad, 6 years of Python", chars=30)
    log.warning("boom", error="auth failed with key platform-key-123456")
    logging.getLogger("livekit").warning("connecting with secret lk-secret-abcdef")
    err = capsys.readouterr().err
    assert "platform-key-123456" not in err
    assert "lk-secret-abcdef" not in err
    assert "Sara Haddad" not in err
    assert err.count("**********") >= 4
    assert '"event": "calling"' in err


def test_context_is_bound_to_every_line(capsys: pytest.CaptureFixture[str]) -> None:
    configure_logging("INFO", json=True)
    structlog.contextvars.bind_contextvars(interview_id="iv-1", application_id="app-1")
    try:
        structlog.get_logger("test").info("hello")
    finally:
        structlog.contextvars.clear_contextvars()
    err = capsys.readouterr().err
    assert '"interview_id": "iv-1"' in err and '"application_id": "app-1"' in err


def test_inside_the_worker_fields_reach_livekits_handler_and_secrets_do_not(
    caplog: pytest.LogCaptureFixture,
) -> None:
    configure_logging("INFO", handler=False)
    register_secrets(["worker-secret-98765"])
    structlog.contextvars.bind_contextvars(interview_id="iv-2")
    try:
        with caplog.at_level(logging.INFO):
            structlog.get_logger("t").info("turn_latency", e2e_latency=1.2, name="clash")
            logging.getLogger("livekit.agents").info("token worker-secret-98765 used")
    finally:
        structlog.contextvars.clear_contextvars()
    ours, theirs = caplog.records[-2:]
    assert ours.getMessage() == "turn_latency"
    assert (ours.interview_id, ours.e2e_latency, ours.name_) == ("iv-2", 1.2, "clash")  # type: ignore[attr-defined]
    assert "worker-secret-98765" not in theirs.getMessage()
