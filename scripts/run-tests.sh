#!/usr/bin/env bash
# Set up (the first time) and run every check: lint, format, types and the whole test suite,
# headless (Qt offscreen) and, where the machine allows it, with no network at all.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh

echo "== ruff"; .venv/bin/ruff check
echo "== ruff format"; .venv/bin/ruff format --check
echo "== mypy"; .venv/bin/mypy

export QT_QPA_PLATFORM=offscreen
export PYTHONDONTWRITEBYTECODE=1
echo "== pytest"
if unshare -n true 2>/dev/null; then
  echo "(no network: running inside unshare -n)"
  exec unshare -n .venv/bin/python -m pytest "$@"
fi
echo "(unshare -n is not allowed here: the socket guard in tests/conftest.py still blocks the network)"
exec .venv/bin/python -m pytest "$@"
