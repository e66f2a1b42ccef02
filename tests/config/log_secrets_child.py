"""Run by test_log_secrets.py: log at DEBUG, the way the worker or the demo does,
through boto3 calls against moto and log calls carrying secrets in every shape.

    python -m tests.config.log_secrets_child worker-json|worker-dev|demo

Settings (secrets included) come from the environment, as in production.
"""

from __future__ import annotations

import logging
import sys

import structlog

from config.logging import configure_logging, register_secrets
from config.settings import load_settings


class Credentials:
    """An object that shows a secret in its repr (like botocore's request objects)."""

    def __init__(self, key: str) -> None:
        self.key = key

    def __repr__(self) -> str:
        return f"Credentials(key={self.key!r})"


def main(mode: str) -> None:
    settings = load_settings()
    if mode == "demo":
        from agent.demo import configure_demo_logging

        configure_demo_logging(settings)
    else:  # what `python -m agent start|dev` does, then LiveKit's CLI installs its handler
        from livekit.agents.cli.log import setup_logging

        configure_logging(settings.log_level, handler=False)
        register_secrets(settings.secret_values())
        setup_logging(settings.log_level, devmode=mode == "worker-dev", console=False)
        logging.getLogger("botocore").setLevel(logging.DEBUG)  # LiveKit quiets it

    from service.storage import make_s3_client

    s3 = make_s3_client(settings.storage)
    s3.create_bucket(Bucket="secrets-test")
    s3.put_object(Bucket="secrets-test", Key="a.txt", Body=b"hello")
    s3.list_objects_v2(Bucket="secrets-test")

    models = settings.models
    livekit = settings.livekit
    platform = settings.platform
    assert models.openai_api_key and livekit.api_secret and platform.api_key
    openai_key = models.openai_api_key.get_secret_value()
    lk_secret = livekit.api_secret.get_secret_value()
    platform_key = platform.api_key.get_secret_value()

    log = structlog.get_logger("secrets-test")
    log.debug("nested", request={"headers": {"x-platform": platform_key}, "n": [lk_secret]})
    log.info("object", creds=Credentials(openai_key), error=ValueError(f"bad key {openai_key}"))
    try:
        raise RuntimeError(f"upstream refused {lk_secret}")
    except RuntimeError:
        log.exception("structlog_exception")
        logging.getLogger("lib").exception("stdlib_exception")
    std = logging.getLogger("somelib")
    std.debug("request %r sent", {"Authorization": f"Bearer {openai_key}"})
    std.info("creds %s", Credentials(platform_key))
    std.warning("extra fields", extra={"cfg": {"token": lk_secret}, "why": f"key={openai_key}"})
    std.info(Credentials(lk_secret))  # an object as the message itself
    print("child done", flush=True)


if __name__ == "__main__":
    main(sys.argv[1])
