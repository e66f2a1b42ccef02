# The interview worker, built from the lock (requirements/*.txt are exported from uv.lock).
#
#   docker build -t interview-agent .                       OpenAI-compatible engines (default)
#   docker build --target local -t interview-agent:local .  + offline engines (GPL piper/espeak)
#   docker run --env-file .env -p 8081:8081 -p 8082:8082 -p 9464:9464 interview-agent
#
# Both build stages run scripts/install_image.sh, which CI runs too (no Docker engine there).
# Runtime stages get only the virtualenv: no compilers, no tests, no dev tools, no seeds.

FROM python:3.11-slim AS build
ENV PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PYTHONDONTWRITEBYTECODE=1
WORKDIR /src
COPY requirements/ requirements/
COPY scripts/install_image.sh scripts/
COPY pyproject.toml README.md ./
COPY agent/ agent/
COPY service/ service/
COPY config/ config/
RUN sh scripts/install_image.sh runtime /opt/venv

FROM build AS build-local
RUN sh scripts/install_image.sh local /opt/venv

FROM python:3.11-slim AS base
ENV PATH=/opt/venv/bin:$PATH \
    PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    HF_HUB_OFFLINE=1 \
    WORKER_METRICS_DIR=/tmp/prometheus
RUN useradd --create-home --uid 10001 worker \
 && mkdir -p /app/var \
 && chown worker /app/var
WORKDIR /app
# liveness (LiveKit's), readiness (platform, S3), Prometheus metrics
EXPOSE 8081 8082 9464
# SIGTERM drains: no new jobs; live interviews and their wrap-up finish (README: deployment)
STOPSIGNAL SIGTERM
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s \
  CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8081/', timeout=4)"]
USER 10001
CMD ["python", "-m", "agent", "start"]

FROM base AS local
COPY --from=build-local /opt/venv /opt/venv

FROM base AS runtime
COPY --from=build /opt/venv /opt/venv
