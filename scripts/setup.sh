#!/usr/bin/env bash
# Set up what Misuse Responder needs on Debian/Ubuntu: the Debian libraries Qt uses (installed
# only when missing, and only when run as root), a virtualenv in .venv, and the app itself.
# Safe to run again: it does nothing that is already done.
set -euo pipefail
cd "$(dirname "$0")/.."

# Qt offscreen + X11 (xcb) libraries, fonts, pdftoppm for checking PDFs, unshare for offline tests,
# and the standard age tool (tests check that a hand-over bundle opens with it in an emergency).
DEBIAN_PACKAGES=(
  libegl1 libgl1 libxkbcommon0 libxkbcommon-x11-0 libfontconfig1 libfreetype6 libglib2.0-0
  libdbus-1-3 fontconfig fonts-dejavu-core fonts-droid-fallback
  libx11-xcb1 libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-image0 libxcb-randr0
  libxcb-render-util0 libxcb-shape0 libxcb-xkb1 libxcb-xinerama0
  poppler-utils util-linux age
)

python_bin=${PYTHON:-python3}
if ! command -v "$python_bin" >/dev/null 2>&1; then
  DEBIAN_PACKAGES+=(python3 python3-venv)
elif ! "$python_bin" -c 'import ensurepip, venv' >/dev/null 2>&1; then
  DEBIAN_PACKAGES+=(python3-venv)
fi

missing=()
if command -v dpkg-query >/dev/null 2>&1; then
  for pkg in "${DEBIAN_PACKAGES[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed"; then
      missing+=("$pkg")
    fi
  done
fi
if ((${#missing[@]})); then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "setup: installing Debian packages: ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >/dev/null || echo "setup: warning: apt-get update failed; trying the package lists already on this machine"
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null ||
      echo "setup: warning: could not install ${missing[*]}; tests that need them will say so"
  else
    echo "setup: these Debian packages are missing (run as root, or ask IT, to install them):"
    echo "  sudo apt-get install ${missing[*]}"
  fi
fi

"$python_bin" -c 'import sys; sys.exit(sys.version_info < (3, 11))' || {
  echo "setup: Python 3.11 or newer is needed (found $("$python_bin" --version 2>&1))." >&2
  exit 1
}

if [ ! -x .venv/bin/python ]; then
  "$python_bin" -m venv .venv
fi
stamp=".venv/.misuse-responder-installed"
want=$(cat pyproject.toml | sha256sum | cut -d' ' -f1)
if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
  echo "setup: installing Python packages into .venv (about a minute the first time)"
  .venv/bin/python -m pip install -q --disable-pip-version-check --upgrade pip
  .venv/bin/python -m pip install -q --disable-pip-version-check -e ".[test,dev]"
  echo "$want" >"$stamp"
fi

# The compiled translations (locale/*/LC_MESSAGES/*.mo) are built here, never committed.
.venv/bin/python scripts/i18n.py compile
