#!/bin/sh
# The image's install steps (Dockerfile build stages), also run by CI without a Docker
# engine: python3 scripts/dev.py check.
#
#   sh scripts/install_image.sh runtime|local VENV
#
# Installs the locked, hash-checked dependencies of the variant (requirements/*.txt,
# exported from uv.lock) and the worker's wheel into VENV, then proves that start-up
# downloads nothing: the Silero VAD (and, for `local`, the offline speech models) load
# with the hub switched off.
set -eu
variant="$1"
venv="$2"
root=$(cd "$(dirname "$0")/.." && pwd)
case "$variant" in runtime|local) ;; *) echo "variant must be runtime or local" >&2; exit 2 ;; esac

[ -x "$venv/bin/python" ] || python3 -m venv "$venv"
pip="$venv/bin/python -m pip --disable-pip-version-check"
$pip install --quiet --require-hashes --no-deps -r "$root/requirements/$variant.txt"

wheels=$(mktemp -d)
$pip wheel --quiet --no-deps --wheel-dir "$wheels" "$root"
$pip install --quiet --no-deps --force-reinstall "$wheels"/interview_agent-*.whl
rm -rf "$wheels"
$pip check

cd /
HF_HUB_OFFLINE=1 "$venv/bin/python" -c "from livekit.plugins import silero; silero.VAD.load()"
if [ "$variant" = local ]; then
  HF_HUB_OFFLINE=1 "$venv/bin/python" -c \
    "from agent.voice.providers import prewarm_local_engines as p; p(('en', 'ar'), stt=True, tts=True)"
fi
echo "installed the $variant variant into $venv"
