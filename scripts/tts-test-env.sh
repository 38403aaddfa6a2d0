#!/usr/bin/env bash
# Add the TTS worker's requirements (requirements-tts.txt: torch, coqui-tts) to a test venv that
# already holds requirements-dev.txt, CPU-only, so the tests can load a tiny XTTS model.
#   scripts/tts-test-env.sh VENV
# Done once per venv and requirements-tts.txt (a marker file in the venv); later calls return at
# once. Needs the CPU wheel of torch from the package index or pip's find-links (on a machine
# without one, point PIP_EXTRA_INDEX_URL at https://download.pytorch.org/whl/cpu).
set -euo pipefail
VENV=$(realpath "${1:?usage: scripts/tts-test-env.sh VENV}")
cd "$(dirname "$0")/.."

# The marker names the inputs, so editing requirements-tts.txt or this script reinstalls.
key=$(cat requirements-tts.txt scripts/tts-test-env.sh | sha256sum | cut -c1-16)
marker="$VENV/.tts-complete"
if [ -f "$marker" ] && [ "$(cat "$marker")" = "$key" ]; then
  exit 0
fi

torch_version=$(sed -n 's/^torch==\([^ ]*\).*/\1/p' requirements-tts.txt)
[ -n "$torch_version" ] || { echo "requirements-tts.txt pins no torch==" >&2; exit 1; }
constraints=$(mktemp)
trap 'rm -f "$constraints"' EXIT
# The +cpu pin stops every later step from swapping in the CUDA build (several GB of nvidia-*
# packages a test machine cannot use).
echo "torch==$torch_version+cpu" >"$constraints"

pip=("$VENV/bin/pip" install --quiet -c "$constraints")
"${pip[@]}" "torch==$torch_version"
# requirements-dev.txt again so no pin of the test venv moves while coqui-tts resolves.
"${pip[@]}" -r requirements-tts.txt -r requirements-dev.txt

# Test machines only, never product code: torchaudio 2.11's compiled extension is linked
# against CUDA torch (importing it fails on libc10_cuda.so). Without its .so files torchaudio
# runs as pure Python (resample, MelSpectrogram), which is all XTTS needs once our engine reads
# reference audio itself; torchaudio.load stops working, and nothing of ours calls it.
site=$("$VENV/bin/python" -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')
rm -f "$site"/torchaudio/lib/*.so

"$VENV/bin/python" - <<'EOF'
import torch
import torchaudio  # noqa: F401
from TTS.tts.models.xtts import Xtts  # noqa: F401

assert torch.version.cuda is None, f"a CUDA torch was installed: {torch.__version__}"
EOF
echo "$key" >"$marker"
