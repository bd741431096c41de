#!/usr/bin/env bash
# Set up (the first time) and run every check: lint, format, types and the whole test suite,
# headless (Qt offscreen) and, where the machine allows it, with no network at all; then build
# the frozen app and test the built binary (MR_SKIP_FROZEN=1 skips that, for a quick local run).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
if [ -z "${MR_SKIP_FROZEN:-}" ] && ! .venv/bin/python -c 'import PyInstaller' 2>/dev/null; then
  # The frozen build below needs it, and so do tests/test_check_bundle.py's fake bundles.
  echo "setup: installing the build extra (PyInstaller) into .venv"
  .venv/bin/python -m pip install -q --disable-pip-version-check -e ".[build]"
fi

echo "== ruff"; .venv/bin/ruff check
echo "== ruff format"; .venv/bin/ruff format --check
echo "== mypy"; .venv/bin/mypy

export QT_QPA_PLATFORM=offscreen
export PYTHONDONTWRITEBYTECODE=1
echo "== pytest"
if unshare -n true 2>/dev/null; then
  echo "(no network: running inside unshare -n)"
  unshare -n .venv/bin/python -m pytest "$@"
else
  echo "(unshare -n is not allowed here: the socket guard in tests/conftest.py still blocks the network)"
  .venv/bin/python -m pytest "$@"
fi

# The frozen app, as users get it (issue 11): build it, smoke-test the built binary (not the
# source), and install it from the Linux tarball as a normal user. About 3 minutes on 2 cores.
echo "== frozen app"
if [ -n "${MR_SKIP_FROZEN:-}" ]; then
  echo "(skipped: MR_SKIP_FROZEN is set; CI never sets it)"
elif [ ! -f packaging/build.sh ]; then
  echo "(skipped: packaging/build.sh is not on this branch yet)"
else
  started=$(date +%s)
  bash packaging/build.sh
  echo "(frozen build took $(($(date +%s) - started)) s)"
  bash packaging/smoke.sh dist/misuse-responder
  bash packaging/linux/test-install.sh dist/misuse-responder
  echo "(frozen build and its tests took $(($(date +%s) - started)) s)"
fi
