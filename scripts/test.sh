#!/usr/bin/env bash
# Set up the test environment and run the whole test suite (pytest arguments pass through).
# Needs Python 3.11, PostgreSQL on 127.0.0.1:5432 (trust auth), Redis on 127.0.0.1:6379 and
# Chromium at /usr/bin/chromium. With REQUIRE_SERVICES=1 a missing server fails the run.
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON=${PYTHON:-python3.11}
command -v "$PYTHON" >/dev/null || { echo "Python 3.11 is needed ($PYTHON not found)" >&2; exit 1; }
# The environment lives outside the clone, keyed by the requirement files, so a fresh clone
# (as CI makes) reuses it and only a change of requirements reinstalls.
key=$(cat requirements.txt requirements-dev.txt | sha256sum | cut -c1-16)
VENV=${FEPLE_TEST_VENV:-${XDG_CACHE_HOME:-$HOME/.cache}/feple-studio/test-venv-$key}
if [ ! -f "$VENV/.complete" ]; then
  rm -rf "$VENV"
  "$PYTHON" -m venv "$VENV"
  "$VENV/bin/pip" install --quiet --upgrade pip
  "$VENV/bin/pip" install --quiet -r requirements-dev.txt
  touch "$VENV/.complete"
fi
# The TTS worker's own requirements (CPU torch, coqui-tts) go into the test environment too:
# the tests load a tiny XTTS model the production way.
scripts/tts-test-env.sh "$VENV"
export PYTHONPATH="$PWD${PYTHONPATH:+:$PYTHONPATH}"
"$VENV/bin/ruff" check .
"$VENV/bin/ruff" format --check .
exec "$VENV/bin/python" -m pytest "$@"
