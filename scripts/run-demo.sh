#!/usr/bin/env bash
# Set up and run Feple Studio on the embedded default: SQLite under data/, jobs inline,
# demo users and demo data created on the first start. Needs Python 3.11.
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON=${PYTHON:-python3.11}
command -v "$PYTHON" >/dev/null || { echo "Python 3.11 is needed ($PYTHON not found)" >&2; exit 1; }
VENV=${FEPLE_VENV:-.venv}
if [ ! -x "$VENV/bin/python" ]; then
  "$PYTHON" -m venv "$VENV"
fi
stamp="$VENV/.requirements.sha256"
want=$(sha256sum requirements.txt | cut -d' ' -f1)
if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
  "$VENV/bin/pip" install --quiet --upgrade pip
  "$VENV/bin/pip" install --quiet -r requirements.txt
  echo "$want" > "$stamp"
fi
PORT=${PORT:-8501}
echo "Feple Studio: http://localhost:$PORT  (demo users: see README)"
exec "$VENV/bin/streamlit" run Home.py --server.port "$PORT" --server.address "${ADDRESS:-127.0.0.1}" "$@"
