"""Run by test_log_secrets.py: log at DEBUG, the way the worker or the demo does,
through boto3 calls against moto and log calls carrying secrets in every shape.

    python -m tests.config.log_secrets_child worker-json|worker-dev|worker-job|demo

Settings (secrets included) come from the environment, as in production. worker-job
logs from a forked job process through LiveKit's LogQueueHandler to this process's
LogQueueListener and JSON handler, as `python -m agent start` does.
"""

from __future__ import annotations

import logging
import sys
from typing import Any

import structlog

from config.logging import configure_logging, register_secrets
from config.settings import Settings, load_settings


class Credentials:
    """An object that shows a secret in its repr (like botocore's request objects)."""

    def __init__(self, key: str) -> None:
        self.key = key

    def __repr__(self) -> str:
        return f"Credentials(key={self.key!r})"


def main(mode: str) -> None:
    if mode == "worker-job":
        return _worker_with_a_job_process()
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
    _log_everything(settings)


def _worker_with_a_job_process() -> None:
    import multiprocessing
    import socket

    from livekit.agents.cli.log import setup_logging
    from livekit.agents.ipc.log_queue import LogQueueListener
    from livekit.agents.utils.aio.duplex_unix import _Duplex

    main_end, job_end = socket.socketpair()
    job = multiprocessing.get_context("fork").Process(target=_job_process, args=(job_end,))
    job.start()  # before this process configures any logging: the job sets up its own
    job_end.close()  # the job's copy stays open; the listener sees EOF when the job ends
    settings = load_settings()
    configure_logging(settings.log_level, handler=False)
    register_secrets(settings.secret_values())
    setup_logging(settings.log_level, devmode=False, console=False)
    logging.getLogger("main").debug("worker started")
    listener = LogQueueListener(_Duplex.open(main_end), lambda _record: None)
    listener.start()
    job.join(60)
    listener.stop()
    print("child done", flush=True)


def _job_process(job_end: Any) -> None:
    """What LiveKit's proc_main and our prewarm set up in a job process."""
    from livekit.agents.ipc.log_queue import LogQueueHandler
    from livekit.agents.utils.aio.duplex_unix import _Duplex

    handler = LogQueueHandler(_Duplex.open(job_end))
    logging.getLogger().addHandler(handler)
    logging.getLogger().setLevel(logging.DEBUG)
    settings = load_settings()
    configure_logging(settings.log_level, handler=False)
    register_secrets(settings.secret_values())
    logging.getLogger("botocore").setLevel(logging.DEBUG)
    _log_everything(settings, done=False)
    handler.close()
    handler.thread.join()


def _log_everything(settings: Settings, *, done: bool = True) -> None:
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
    if done:
        print("child done", flush=True)


if __name__ == "__main__":
    main(sys.argv[1])
