#!/usr/bin/env bash
# Set up (the first time) and launch Misuse Responder. Extra arguments go to the app.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ] && [ -z "${QT_QPA_PLATFORM:-}" ]; then
  echo "run-app: no screen found (DISPLAY is not set). Run this from a desktop session." >&2
  exit 1
fi
exec .venv/bin/misuse-responder "$@"
