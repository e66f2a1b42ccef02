# One image for CPU and GPU nodes. Build: docker build -t interview-agent .
# Run:   docker run --env-file .env interview-agent            (LiveKit worker, `start`)
#        docker run interview-agent python -m agent demo       (offline simulated interview)
# Pass --build-arg EXTRAS= to leave out the offline engines (GPL piper/espeak live there).
FROM python:3.11-slim AS base

ARG EXTRAS=local
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    HF_HUB_OFFLINE=1 \
    PIP_NO_CACHE_DIR=1 \
    ENVIRONMENT=production

RUN useradd --create-home --uid 10001 worker
WORKDIR /app

COPY pyproject.toml README.md ./
COPY agent ./agent
COPY service ./service
COPY config ./config
COPY scripts ./scripts
RUN pip install --upgrade pip \
 && pip install ".${EXTRAS:+[$EXTRAS]}" \
 && mkdir -p /app/var && chown -R worker /app/var

USER worker
# LiveKit's worker health endpoint; ops drain with SIGTERM (live interviews finish first)
EXPOSE 8081
STOPSIGNAL SIGTERM
HEALTHCHECK --interval=30s --timeout=5s CMD python -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8081/')" || exit 1
ENTRYPOINT []
CMD ["python", "-m", "agent", "start"]
