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

start=$(date +%s)
rm -rf dist/misuse-responder build/misuse-responder
"$py" -m PyInstaller --noconfirm --clean --log-level WARN \
  --distpath dist --workpath build packaging/misuse-responder.spec
end=$(date +%s)

"$py" packaging/check_bundle.py dist/misuse-responder
echo "build: dist/misuse-responder/ in $((end - start)) s, $(du -sh dist/misuse-responder | cut -f1)"
