#!/usr/bin/env bash
# Build the frozen app: dist/misuse-responder/ (its executable is dist/misuse-responder/misuse-responder),
# then check that every module of the package is inside it (packaging/check_bundle.py).
# Run from anywhere, after `bash scripts/setup.sh`. Installs the pinned PyInstaller (the `build`
# extra in pyproject.toml) into .venv when missing. Linux and macOS; Windows: packaging/README.md.
set -euo pipefail
cd "$(dirname "$0")/.."

py=.venv/bin/python
if [ ! -x "$py" ]; then
  echo "build: .venv is missing: run 'bash scripts/setup.sh' first." >&2
  exit 1
fi
want=$(sed -n 's/^ *"pyinstaller==\([^"]*\)".*/\1/p' pyproject.toml)
have=$("$py" -c 'import PyInstaller; print(PyInstaller.__version__)' 2>/dev/null || true)
if [ -z "$want" ]; then
  echo "build: pyproject.toml does not pin pyinstaller in its build extra." >&2
  exit 1
fi
if [ "$have" != "$want" ]; then
  echo "build: installing the build extra (PyInstaller $want) into .venv"
  "$py" -m pip install -q --disable-pip-version-check -e ".[build]"
fi

# The Linux size trims (packaging/misuse-responder.spec) need icupkg, readelf/objcopy and a C
# compiler; without them the build still works, only bigger. Installed when run as root (CI).
if [ "$(uname -s)" = Linux ] && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  need=()
  command -v icupkg >/dev/null 2>&1 || need+=(icu-devtools)
  command -v readelf >/dev/null 2>&1 || need+=(binutils)
  command -v cc >/dev/null 2>&1 || need+=(gcc)
  if ((${#need[@]})); then
    echo "build: installing the tools the size trims use: ${need[*]}"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" \
      >/dev/null || echo "build: could not install ${need[*]}; building without those trims"
  fi
fi

# The translations ship compiled (the .mo files are git-ignored, so built here, fresh).
"$py" scripts/i18n.py compile

start=$(date +%s)
rm -rf dist/misuse-responder build/misuse-responder
"$py" -m PyInstaller --noconfirm --clean --log-level WARN \
  --distpath dist --workpath build packaging/misuse-responder.spec
end=$(date +%s)

"$py" packaging/check_bundle.py dist/misuse-responder
if [ -z "$(find dist/misuse-responder -path '*/misuse_responder/locale/cy/LC_MESSAGES/misuse_responder.mo')" ]; then
  echo "build: the Welsh catalogue (misuse_responder.mo) is not in the bundle." >&2
  exit 1
fi
echo "build: dist/misuse-responder/ in $((end - start)) s, $(du -sh dist/misuse-responder | cut -f1)"
